"""The Jinja environment every MEP template renders in: sandboxed, strict, escaping, German.

The same environment serves the bundled template and templates from outside. It

* escapes every value (``autoescape=True``): docxtpl's XML would otherwise silently lose
  content at a ``<`` or ``&`` (measured: 11 of 92 paragraphs survived);
* fails on undefined names and attributes (``StrictUndefined``);
* is an immutable sandbox that also refuses every attribute of docx/docxtpl objects:
  an ``InlineImage`` carries the ``DocxTemplate`` in ``.tpl``, and through it
  ``.save()`` reaches the file system under the stock sandbox;
* caps string and list repetition, and the sandbox caps ``range()``; a subprocess with
  memory and time limits covers the rest (:mod:`mepcheck.assemble.untrusted`);
* has the German filters ``money``, ``date``, ``percent``, ``number``, ``yesno``, ``dash``.
"""

from __future__ import annotations

import datetime as dt
import operator
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from jinja2 import StrictUndefined
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from mepcheck import fmt

MAX_REPEAT = 100_000
"""Largest string or list a template may build with ``*`` (items or characters)."""

_LOCKED_MODULES = ("docx", "docxtpl", "docxcompose", "lxml", "mepcheck", "PIL", "matplotlib")
"""Objects from these packages are opaque to templates: no attribute, no item access."""

DASH = "–"


def _is_locked(obj: Any) -> bool:
    module = type(obj).__module__ or ""
    return module.split(".", 1)[0] in _LOCKED_MODULES


def _as_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def money_filter(value: Any, symbol: bool = True, cents: bool = True) -> str:
    """``1234567.891`` → ``1.234.567,89 €``; ``None`` → ``–``.

    ``cents=False`` rounds to whole euros (``1.234.568 €``), for wide budget tables.
    """
    if value is None or value == "":
        return DASH
    if not cents:
        whole = Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return fmt.number(int(whole)) + ("\u00a0€" if symbol else "")
    # a no-break space keeps the euro sign on the line of its amount
    return fmt.money(value, symbol=symbol).replace(" €", "\u00a0€")


def date_filter(value: Any) -> str:
    """``2026-11-23`` (date or ISO text) → ``23.11.2026``; ``None`` → ``–``."""
    return fmt.date(_as_date(value))


def percent_filter(value: Any, digits: int = 1) -> str:
    """A share ``0.2`` → ``20,0 %``; ``None`` → ``–``."""
    return DASH if value is None or value == "" else fmt.percent(value, digits)


def number_filter(value: Any, digits: int | None = None) -> str:
    """German number: ``1234.5`` → ``1.234,5``; ``None`` → ``–``."""
    return DASH if value is None or value == "" else fmt.number(value, digits)


def yesno_filter(value: Any) -> str:
    """``True`` → ``ja``, ``False`` → ``nein``, ``None`` → ``–``."""
    return fmt.yes_no(value)


def dash_filter(value: Any) -> Any:
    """An empty value (``None``, ``""``, empty list) as ``–``."""
    return DASH if value is None or value == "" or value == [] else value


FILTERS = {
    "money": money_filter,
    "date": date_filter,
    "percent": percent_filter,
    "number": number_filter,
    "yesno": yesno_filter,
    "dash": dash_filter,
}


def _finalize(value: Any) -> Any:
    # ``{{ x }}`` with x = None prints a dash, never the word "None".
    if value is None:
        return DASH
    if isinstance(value, Decimal):
        return fmt.number(value)
    if isinstance(value, dt.date):
        return fmt.date(_as_date(value))
    return value


class LockedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, closed also for docx/docxtpl objects and large repetitions."""

    intercepted_binops = frozenset({"*", "**"})

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if _is_locked(obj):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def is_safe_callable(self, obj: Any) -> bool:
        owner = getattr(obj, "__self__", None)
        if owner is not None and _is_locked(owner):
            return False
        return super().is_safe_callable(obj)

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(count, int):
                    if len(seq) * max(count, 0) > MAX_REPEAT:
                        raise SecurityError(
                            f"Wiederholung zu groß (höchstens {MAX_REPEAT} Zeichen/Elemente)"
                        )
            return operator.mul(left, right)
        if operator_name == "**":
            if isinstance(right, int) and abs(right) > 100:
                raise SecurityError("Potenz zu groß (Exponent höchstens 100)")
            return operator.pow(left, right)
        return super().call_binop(context, operator_name, left, right)


def make_environment() -> LockedSandbox:
    """A fresh environment for one document (never shared between renders)."""
    env = LockedSandbox(
        undefined=StrictUndefined,
        autoescape=True,
        finalize=_finalize,
        keep_trailing_newline=False,
    )
    env.filters.update(FILTERS)
    return env
