"""The typed plan model of a Medienentwicklungsplan (German keys as aliases)."""

from mepcheck.model.fieldtexts import apply_field_texts
from mepcheck.model.plan import Plan

MISSING_FIELD_TEXTS = apply_field_texts(Plan)
"""Fields without a German title and description (a test requires this to be empty)."""

__all__ = ["Plan"]
