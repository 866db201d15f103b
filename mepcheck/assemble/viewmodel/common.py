"""Small helpers shared by the view-model modules: decimals, ratios, status labels."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from mepcheck.findings import Status
from mepcheck.fmt import date as fmt_date
from mepcheck.labels import label
from mepcheck.model.school import Concept

ZERO = Decimal("0.00")


OPEN = (Status.FAILED, Status.UNDETERMINED, Status.WAIVED)
"""Statuses shown with a marker in the text and in detail in the annex."""


SOURCE_STATUS = {"verified": "geprüft", "secondary": "Sekundärquelle",
                  "unverified": "nicht verifiziert", "plan": "aus dem Plan"}


def dec(value: Any, places: int | None = None) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, float):
        value = round(value, places if places is not None else 3)
    dec = Decimal(str(value))
    return dec


def ratio(part: Decimal, whole: Decimal) -> Decimal | None:
    return (part / whole).quantize(Decimal("0.0001")) if whole else None


def status_text(doc: Any) -> str:
    """The label of a DocStatus-like value or of a Concept, ``nicht angegeben`` when absent."""
    if doc is None:
        return "nicht angegeben"
    if isinstance(doc, Concept):
        text = label(doc.status)
        return f"{text} ({fmt_date(doc.date)})" if doc.date else text
    return label(doc)
