"""Values between plan and cell: German labels, ja/nein, dates, amounts and lists.

Writing puts the German label of an enumeration into the cell (``Grundschule``), ``ja``/``nein``
for yes/no, real numbers and dates with a number format. Reading accepts what a clerk or a
spreadsheet program puts there: the label or the plan key (``grundschule``) in any case, typed
numbers and dates, numbers and dates as German text (``1.234,56 €``, ``20 %``, ``01.03.2026``,
which the plan types parse) and several values in one cell separated by ``;`` or line breaks.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any

from mepcheck.labels import label
from mepcheck.workbook.layout import Column

CENT = Decimal("0.01")
SEPARATOR = ";"
YES = "ja"
NO = "nein"
_TRUE = {"ja", "j", "x", "wahr", "true", "yes", "1"}
_FALSE = {"nein", "n", "falsch", "false", "no", "0"}
_DATE_DE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


class CellValueError(ValueError):
    """A cell value that cannot be what its column expects (German message)."""


@cache
def choice_labels(choices: tuple[str, ...]) -> tuple[str, ...]:
    """German labels for enumeration values; a label shared by two values falls back to the
    key, so that every label names exactly one value."""
    labels = [label(c) for c in choices]
    return tuple(lab if labels.count(lab) == 1 else key for lab, key in zip(labels, choices,
                                                                             strict=True))


@cache
def _choice_lookup(choices: tuple[str, ...]) -> dict[str, str]:
    table: dict[str, str] = {}
    for key, lab in zip(choices, choice_labels(choices), strict=True):
        table.setdefault(lab.casefold(), key)
    for key in choices:
        table[key.casefold()] = key
    return table


def _one_to_cell(column: Column, value: Any) -> Any:
    if isinstance(value, Enum):
        value = value.value
    if column.kind == "enum":
        labels = dict(zip(column.choices, choice_labels(column.choices), strict=True))
        return labels.get(str(value), str(value))
    if column.kind == "bool":
        return YES if value else NO
    return value


def to_cell(column: Column, value: Any) -> Any:
    """The cell value for a plan value (``None`` stays empty)."""
    if value is None:
        return None
    if column.many:
        items = [str(_one_to_cell(column, v)) for v in value]
        if not items:
            return None
        if any(SEPARATOR in item or "\n" in item for item in items):
            # one item per line; a trailing line break marks a single item containing ';'
            return "\n".join(items) + ("\n" if len(items) == 1 else "")
        return f"{SEPARATOR} ".join(items)
    return _one_to_cell(column, value)


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _split(text: str) -> list[str]:
    parts = text.split("\n") if "\n" in text else text.split(SEPARATOR)
    return [p.strip() for p in parts if p.strip()]


def _number_text(value: float) -> str:
    return repr(value).replace(".", ",")


def _one_from_cell(column: Column, value: Any) -> Any:
    kind = column.kind
    if isinstance(value, str):
        value = value.strip()
    if kind == "enum":
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value)
        lookup = _choice_lookup(column.choices)
        key = lookup.get(text.casefold())
        if key is None:
            shown = ", ".join(choice_labels(column.choices))
            guess = difflib.get_close_matches(text.casefold(), list(lookup), n=1, cutoff=0.75)
            hint = ""
            if guess:
                labels = dict(zip(column.choices, choice_labels(column.choices), strict=True))
                hint = f" – Meinten Sie „{labels[lookup[guess[0]]]}“?"
            raise CellValueError(f"'{text}' ist nicht erlaubt{hint}; erlaubt: {shown}")
        return key
    if kind == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        text = str(value).casefold()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise CellValueError(f"erwartet ja oder nein, gefunden {value!r}")
    if kind == "date":
        if isinstance(value, dt.datetime):
            if value.time() != dt.time(0, 0):
                raise CellValueError(f"erwartet ein Datum ohne Uhrzeit, gefunden {value:%d.%m.%Y %H:%M}")
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            match = _DATE_DE.match(value)
            if match:
                day, month, year = (int(g) for g in match.groups())
                try:
                    return dt.date(year, month, day)
                except ValueError:
                    raise CellValueError(f"'{value}' ist kein gültiges Datum") from None
            return value  # ISO text (2026-03-01) is parsed by the plan model
        if isinstance(value, int | float):
            raise CellValueError(f"erwartet ein Datum (z. B. 01.03.2026), gefunden die Zahl "
                                 f"{_number_text(value)} – ist die Zelle als Datum formatiert?")
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        shown = value.strftime("%d.%m.%Y") if isinstance(value, dt.date) else str(value)
        raise CellValueError(f"erwartet {_WHAT.get(kind, 'einen Text')}, gefunden das Datum {shown}")
    if kind in ("money", "percent", "decimal"):
        if isinstance(value, bool):
            return value  # refused by the plan type with its own message
        if isinstance(value, int):
            return Decimal(value)
        if isinstance(value, float):
            amount = Decimal(repr(value))
            # (an amount that is not finite or far beyond any budget is refused by the
            # plan model with its range; rounding it to cents would overflow)
            if kind == "money" and amount.is_finite() and abs(amount) < Decimal("1e15"):
                cents = amount.quantize(CENT)
                # float noise of a spreadsheet calculation (0.1 + 0.2), not a third decimal
                if abs(amount - cents) < Decimal("1e-9"):
                    return cents
            return amount
        return value
    if kind == "int":
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value
    if kind == "float":
        return value
    # text: numbers that a spreadsheet program made of a text ("0221" stays text when written
    # by mepcheck, whose text cells have the text format)
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    return value


_WHAT = {"money": "einen Betrag", "percent": "einen Anteil", "decimal": "eine Zahl",
         "int": "eine ganze Zahl", "float": "eine Zahl", "enum": "einen Wert der Auswahlliste",
         "bool": "ja oder nein", "text": "einen Text"}


def from_cell(column: Column, value: Any) -> Any:
    """The plan value for a non-empty cell; raises :class:`CellValueError`."""
    if column.many:
        items = _split(value) if isinstance(value, str) else [value]
        return [_one_from_cell(column, item) for item in items]
    return _one_from_cell(column, value)
