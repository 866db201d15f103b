"""Reading plan files (YAML, JSON) into the typed model with located German errors."""

from mepcheck.loading.errors import PlanIssue, PlanLoadError
from mepcheck.loading.load import LoadedPlan, load_plan, load_plan_text

__all__ = ["LoadedPlan", "PlanIssue", "PlanLoadError", "load_plan", "load_plan_text"]
