"""Compare two submissions of a plan: findings by (rule code, element key), and the plan.

``compare(old, new)`` takes two :class:`Side` values (a checked plan, or an earlier
JSON result) and returns a :class:`PlanDiff`; :mod:`mepcheck.diff.render` writes it
as German text or JSON.
"""

from mepcheck.diff.changes import PlanChange, plan_changes
from mepcheck.diff.findings import FindingDiff, FindingRecord, compare_findings
from mepcheck.diff.inputs import DiffInputError, Side, read_side
from mepcheck.diff.model import PlanDiff, compare

__all__ = [
    "DiffInputError", "FindingDiff", "FindingRecord", "PlanChange", "PlanDiff", "Side",
    "compare", "compare_findings", "plan_changes", "read_side",
]
