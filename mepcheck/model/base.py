"""Common base of all plan-model classes: strict, German keys as aliases."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from mepcheck.types import MAX_TEXT


class PlanModel(BaseModel):
    """Base model: unknown keys are errors; plan files use the German aliases."""

    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=False,
        validate_default=True,
        str_strip_whitespace=True,
        use_enum_values=False,
        coerce_numbers_to_str=True,
        str_max_length=MAX_TEXT,
    )


def de(alias: str, default: Any = ..., description: str | None = None, **kwargs: Any) -> Any:
    """Declare a field whose key in plan files is the German ``alias``."""
    return Field(default, alias=alias, description=description, **kwargs)
