"""German formatting of money, dates, shares and numbers (reports and documents)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any


def _group(digits: str) -> str:
    out = ""
    while len(digits) > 3:
        out = "." + digits[-3:] + out
        digits = digits[:-3]
    return digits + out


def money(value: Any, symbol: bool = True) -> str:
    """``1234567.891`` → ``1.234.567,89 €``."""
    amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    whole, cents = f"{abs(amount):.2f}".split(".")
    text = f"{sign}{_group(whole)},{cents}"
    return f"{text} €" if symbol else text


def date(value: dt.date | None) -> str:
    """``2026-11-23`` → ``23.11.2026``."""
    return value.strftime("%d.%m.%Y") if value else "–"


def percent(value: Any, digits: int = 1) -> str:
    """``0.2`` → ``20,0 %``."""
    share = Decimal(str(value)) * 100
    text = f"{share.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP):.{digits}f}"
    return text.replace(".", ",") + " %"


def number(value: Any, digits: int | None = None) -> str:
    """German number: ``1234.5`` → ``1.234,5``; integers with thousands dots."""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, int):
        sign = "-" if value < 0 else ""
        return sign + _group(str(abs(value)))
    dec = Decimal(str(value))
    if digits is None:
        digits = 0 if dec == dec.to_integral_value() else 1
    text = f"{dec.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP):.{digits}f}"
    whole, _, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = _group(whole.lstrip("-"))
    return f"{sign}{whole},{frac}" if frac else f"{sign}{whole}"


def yes_no(value: bool | None) -> str:
    return "–" if value is None else ("ja" if value else "nein")


def by_kind(kind: str, value: Any) -> str:
    """Render a value of a fact-field or option kind."""
    if value is None:
        return "–"
    if kind == "money":
        return money(value)
    if kind == "percent":
        return percent(value)
    if kind == "date":
        return date(value)
    if kind == "bool":
        return yes_no(value)
    if kind in ("int", "number"):
        return number(value)
    if kind == "list":
        return ", ".join(str(v) for v in value)
    return str(getattr(value, "value", value))
