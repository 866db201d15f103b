"""Named constrained types used by the plan model and the rule specs.

Every number in a plan has a finite, plausible range (stated here, shown in the
JSON Schema and in ``docs/feldreferenz.md``) so that nothing non-finite or too
large for an engine's exact arithmetic ever reaches one.

Accepted number forms (documented in ``docs/zahlen.md``):

* plain numbers ``4900``, ``4900.5``, ``0.25``;
* German text ``"4.900,00 €"``, ``"4900,50"``, ``"1.234.567"``, ``"4 900 EUR"``;
* shares as ``0.2``, ``"0,2"`` or ``"20 %"``.

Refused as ambiguous: a single dot or comma followed by exactly three digits
after a non-zero group (``4.900``, ``1.200``, ``4,900``): German readers mean a
thousands group, the YAML/JSON reader a decimal point. Money (``Decimal``) is
exact with cents.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import Enum
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer, WithJsonSchema

CENT = Decimal("0.01")

MAX_MONEY = Decimal("1000000000")
"""1 Mrd. € per amount: above every real school budget item, and small enough that sums
over a plan stay exact as integer cents in the engines (below 2**53)."""

ENGINE_EXACT_LIMIT = 2**53 - 1
"""Largest integer both engines compare exactly (durable-rules reads numbers as doubles)."""

_AMBIGUOUS_RE = re.compile(r"[-+]?[1-9]\d{0,2}[.,]\d{3}")
_GERMAN_GROUPS_RE = re.compile(r"[-+]?[1-9]\d{0,2}(\.\d{3})+(,\d+)?")
_GERMAN_DECIMAL_RE = re.compile(r"[-+]?\d+,\d+")
_SPACE_GROUPS_RE = re.compile(r"[-+]?\d{1,3}( \d{3})+([.,]\d+)?")
_PLAIN_RE = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")


class RawFloat(float):
    """A float read from a plan file that remembers how it was written (``4.900``).

    The YAML/JSON reader returns it so that a German thousands group is not
    silently read as a decimal point, and text fields keep the written text."""

    raw: str

    def __new__(cls, value: float, raw: str) -> RawFloat:
        obj = super().__new__(cls, value)
        obj.raw = raw
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        return (RawFloat, (float(self), self.raw))

    def __str__(self) -> str:
        return self.raw

    def __repr__(self) -> str:
        return self.raw


def _fmt_de(value: Decimal, cents: bool = False) -> str:
    text = f"{value:,.2f}" if cents else f"{value:,f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def ambiguity_message(text: str, what: str) -> str:
    """German explanation of an ambiguous number with both readings and how to write each."""
    sign = "-" if text.startswith("-") else ""
    body = text.lstrip("+-")
    mark = "Punkt" if "." in body else "Komma"
    head, tail = re.split(r"[.,]", body)
    thousands = Decimal(sign + head + tail)
    decimal = Decimal(sign + head + "." + tail).normalize()
    if what == "Geldbetrag":
        big = f"{thousands} oder \"{_fmt_de(thousands, cents=True)} €\""
        small = f"\"{_fmt_de(decimal.quantize(CENT), cents=True)}\" (bzw. {decimal.quantize(CENT)})"
    else:
        big = f"{thousands}"
        small = f"\"{_fmt_de(decimal)}\" (bzw. {decimal})"
    return (f"{what} {text!r} ist mehrdeutig: gemeint {thousands} ({mark} als Tausendertrenner) "
            f"oder {_fmt_de(decimal)} ({mark} als Dezimaltrenner)? Bitte eindeutig schreiben: "
            f"{big} für {thousands}; {small} für {_fmt_de(decimal)}")


def _parse_decimal(value: Any, what: str, expected: str | None = None) -> Decimal:
    """Parse a number in any accepted form into a finite ``Decimal``."""
    if isinstance(value, bool):
        raise ValueError(f"erwartet {expected}, gefunden {value!r}" if expected
                         else f"{what} erwartet, Wahrheitswert gefunden")
    number: Decimal | None = None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        raw = value.raw if isinstance(value, RawFloat) else repr(value)
        if isinstance(value, RawFloat) and _AMBIGUOUS_RE.fullmatch(raw.replace("_", "")):
            raise ValueError(ambiguity_message(raw, what))
        if not math.isfinite(value):
            raise ValueError(f"{what} erwartet, {raw} ist keine endliche Zahl")
        number = Decimal(repr(float(value)))
    elif isinstance(value, str):
        text = value.strip()
        for unit in ("€", "EUR", "Euro"):
            if text.endswith(unit):
                text = text[: -len(unit)].strip()
        text = text.replace("\u00a0", " ").replace("\u202f", " ")
        if _AMBIGUOUS_RE.fullmatch(text):
            raise ValueError(ambiguity_message(text, what))
        if _SPACE_GROUPS_RE.fullmatch(text):
            text = text.replace(" ", "")
            if "," in text:
                text = text.replace(",", ".")
        elif _GERMAN_GROUPS_RE.fullmatch(text) or _GERMAN_DECIMAL_RE.fullmatch(text):
            text = text.replace(".", "").replace(",", ".")
        if _PLAIN_RE.fullmatch(text):
            try:
                number = Decimal(text)
            except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
                number = None
    if number is None:
        if expected:
            raise ValueError(f"erwartet {expected}, gefunden {_shown(value)}")
        raise ValueError(f"{what} erwartet, {_shown(value)} ist keine Zahl")
    if not number.is_finite():
        raise ValueError(f"{what} erwartet, {_shown(value)} ist keine endliche Zahl")
    if number.adjusted() > 20 or number.adjusted() < -400:
        raise ValueError(f"{what} {_shown(value)} liegt weit außerhalb des erlaubten Bereichs")
    return number


def _shown(value: Any) -> str:
    # a workbook amount arrives as a Decimal: shown as the number, not as Decimal('1E+29')
    text = str(value) if isinstance(value, Decimal) else repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _money(value: Any) -> Decimal:
    amount = _parse_decimal(value, "Geldbetrag")
    if amount < 0:
        raise ValueError(f"Geldbetrag {_shown(value)} darf nicht negativ sein")
    if amount > MAX_MONEY:
        raise ValueError(f"Geldbetrag {_shown(value)} ist unplausibel hoch "
                         f"(höchstens {_fmt_de(MAX_MONEY, cents=True)} € je Angabe)")
    if amount != amount.quantize(CENT):
        raise ValueError(f"Geldbetrag {_shown(value)} hat mehr als zwei Nachkommastellen")
    return amount.quantize(CENT)


def _percent(value: Any) -> Decimal:
    if isinstance(value, str) and value.strip().endswith("%"):
        share = _parse_decimal(value.strip()[:-1], "Anteil") / 100
    else:
        share = _parse_decimal(value, "Anteil")
    if not (0 <= share <= 1):
        raise ValueError(f"Anteil {_shown(value)} muss zwischen 0 und 1 (0 % bis 100 %) liegen")
    return share


def _serialize_decimal(value: Decimal) -> str:
    return str(value)


_NUMBER_TEXT = (r"^\s*[-+]?(\d{1,3}([. \u00a0\u202f]\d{3})*|\d+)([.,]\d+)?([eE][-+]?\d+)?"
                r"\s*(€|EUR|Euro)?\s*$")


def _number_schema(description: str, minimum: float, maximum: float, *,
                   integer: bool = False, percent: bool = False) -> dict[str, Any]:
    number: dict[str, Any] = {"type": "integer" if integer else "number",
                              "minimum": minimum, "maximum": maximum}
    text_pattern = (r"^\s*\d+([.,]\d+)?\s*%\s*$|" + _NUMBER_TEXT) if percent else _NUMBER_TEXT
    return {"anyOf": [number, {"type": "string", "pattern": text_pattern}],
            "description": description}


Money = Annotated[
    Decimal,
    BeforeValidator(_money),
    PlainSerializer(_serialize_decimal, return_type=str, when_used="json"),
    WithJsonSchema(_number_schema(
        "Betrag in Euro, Cent genau, 0 bis 1.000.000.000: 4900, 4900.5 oder \"4.900,50 €\"",
        0, float(MAX_MONEY))),
]
"""An exact, non-negative amount in euros with at most two decimals, at most 1 Mrd. €."""

Percent = Annotated[
    Decimal,
    BeforeValidator(_percent),
    PlainSerializer(_serialize_decimal, return_type=str, when_used="json"),
    WithJsonSchema(_number_schema("Anteil als Dezimalzahl (0.2), deutsch (\"0,2\") oder "
                                  "in Prozent (\"20 %\"), 0 bis 1", 0, 1, percent=True)),
]
"""A share between 0 and 1."""


def _integer_in(what: str) -> Any:
    def parse(value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        number = _parse_decimal(value, what, "eine ganze Zahl")
        if number != number.to_integral_value():
            raise ValueError(f"erwartet eine ganze Zahl, gefunden {_shown(value)}")
        return int(number)

    return parse


def _float_in(what: str) -> Any:
    def parse(value: Any) -> Any:
        return float(_parse_decimal(value, what, "eine Zahl"))

    return parse


def bounded_int(low: int, high: int, what: str, unit: str = "") -> Any:
    """A whole number between ``low`` and ``high`` (German text such as "1.200" refused as
    ambiguous, "1200" and "1 200" accepted)."""
    return Annotated[
        int, BeforeValidator(_integer_in(what)), Field(ge=low, le=high),
        WithJsonSchema(_number_schema(f"ganze Zahl von {low} bis {high:_}".replace("_", ".")
                                      + (f" ({unit})" if unit else ""), low, high, integer=True)),
    ]


def bounded_float(low: float, high: float, what: str, unit: str = "") -> Any:
    """A finite decimal number between ``low`` and ``high`` ("1,5" accepted)."""
    return Annotated[
        float, BeforeValidator(_float_in(what)), Field(ge=low, le=high),
        WithJsonSchema(_number_schema(f"Zahl von {low:g} bis {high:g}".replace(".", ",")
                                      + (f" ({unit})" if unit else ""), low, high)),
    ]


Count = bounded_int(0, 1_000_000, "Anzahl")
"""A count of devices, persons, entries (0 to 1 Mio.)."""
NonNegInt = Count
Pupils = bounded_int(0, 20_000, "Schülerzahl")
Teachers = bounded_int(0, 2_000, "Lehrkräfte")
Classes = bounded_int(0, 1_000, "Klassen")
Rooms = bounded_int(0, 2_000, "Räume")
Mbit = bounded_int(0, 100_000, "Bandbreite", "Mbit/s")
YearsSpan = bounded_int(0, 50, "Jahre")
Months = bounded_int(0, 600, "Monate")
Days = bounded_int(0, 36_500, "Tage")
Age = bounded_int(0, 99, "Alter", "Jahre")
Hours = bounded_int(0, 1_000_000, "Stunden")
Year = bounded_int(1990, 2100, "Jahr")
Fte = bounded_float(0, 10_000, "Vollzeitäquivalente")
HoursSpan = bounded_float(0, 8_760, "Stunden")
Kwh = bounded_float(0, 1_000_000, "Energie", "kWh")
Pue = bounded_float(1, 10, "PUE")
IndicatorValue = bounded_float(-1_000_000_000, 1_000_000_000, "Wert")

MAX_TEXT = 10_000
"""Longest free text (a justification, a summary): about four printed pages."""
MAX_NAME = 300
"""Longest name or title: it is printed in headings and table cells."""

Name = Annotated[str, Field(max_length=MAX_NAME)]
"""A name or title (school, service, measure, plan)."""


_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")


def _check_id(value: str) -> str:
    if not _ID_RE.match(value):
        raise ValueError(
            f"Kennung {value!r} ungültig: Buchstaben, Ziffern, '-', '_' und '.', höchstens 64 Zeichen"
        )
    return value


Identifier = Annotated[str, AfterValidator(_check_id)]
"""A stable identifier of a school, measure or service."""

RULE_CODE_RE = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")


def _check_code(value: str) -> str:
    if not RULE_CODE_RE.match(value):
        raise ValueError(f"Regelcode {value!r} ungültig (Form: FAMILIE-THEMA, z. B. DP19-NO-SMARTPHONE)")
    return value


RuleCode = Annotated[str, AfterValidator(_check_code)]


class Severity(str, Enum):
    """How much a failed rule matters."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]

    @property
    def label(self) -> str:
        return {"error": "Fehler", "warning": "Warnung", "info": "Hinweis"}[self.value]


class SourceStatus(str, Enum):
    """How sure the source of a rule or parameter is."""

    VERIFIED = "verified"
    SECONDARY = "secondary"
    UNVERIFIED = "unverified"

    @property
    def label(self) -> str:
        return {
            "verified": "im Primärtext geprüft",
            "secondary": "nur Sekundärquelle",
            "unverified": "nicht verifiziert",
        }[self.value]


class Land(str, Enum):
    """The sixteen Länder (ISO 3166-2:DE codes, NW for Nordrhein-Westfalen)."""

    BW = "BW"
    BY = "BY"
    BE = "BE"
    BB = "BB"
    HB = "HB"
    HH = "HH"
    HE = "HE"
    MV = "MV"
    NI = "NI"
    NW = "NW"
    RP = "RP"
    SL = "SL"
    SN = "SN"
    ST = "ST"
    SH = "SH"
    TH = "TH"


LAND_NAMES: dict[str, str] = {
    "BW": "Baden-Württemberg", "BY": "Bayern", "BE": "Berlin", "BB": "Brandenburg",
    "HB": "Bremen", "HH": "Hamburg", "HE": "Hessen", "MV": "Mecklenburg-Vorpommern",
    "NI": "Niedersachsen", "NW": "Nordrhein-Westfalen", "RP": "Rheinland-Pfalz",
    "SL": "Saarland", "SN": "Sachsen", "ST": "Sachsen-Anhalt", "SH": "Schleswig-Holstein",
    "TH": "Thüringen",
}


def round_cents(value: Decimal) -> Decimal:
    """Round a computed amount to whole cents (kaufmännisch)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)
