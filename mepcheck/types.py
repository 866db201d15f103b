"""Named constrained types used by the plan model and the rule specs.

Money is exact (``Decimal`` with cents), shares are decimals between 0 and 1 and
may be written as ``"20 %"`` in plan files.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import Enum
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer

CENT = Decimal("0.01")


def _parse_decimal(value: Any, what: str) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(f"{what} erwartet, Wahrheitswert gefunden")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        text = value.strip().replace("€", "").replace("EUR", "").replace("\u00a0", "").strip()
        # German notation 1.234.567,89 or plain 1234567.89
        if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", text) or re.fullmatch(r"-?\d+,\d+", text):
            text = text.replace(".", "").replace(",", ".")
        try:
            return Decimal(text)
        except InvalidOperation:
            pass
    raise ValueError(f"{what} erwartet, {value!r} ist keine Zahl")


def _money(value: Any) -> Decimal:
    amount = _parse_decimal(value, "Geldbetrag")
    if amount != amount.quantize(CENT):
        raise ValueError(f"Geldbetrag {value!r} hat mehr als zwei Nachkommastellen")
    if amount < 0:
        raise ValueError(f"Geldbetrag {value!r} darf nicht negativ sein")
    return amount.quantize(CENT)


def _percent(value: Any) -> Decimal:
    if isinstance(value, str) and value.strip().endswith("%"):
        share = _parse_decimal(value.strip()[:-1], "Anteil") / 100
    else:
        share = _parse_decimal(value, "Anteil")
    if not (0 <= share <= 1):
        raise ValueError(f"Anteil {value!r} muss zwischen 0 und 1 (0 % bis 100 %) liegen")
    return share


def _fte(value: Any) -> float:
    amount = _parse_decimal(value, "Vollzeitäquivalente")
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"Vollzeitäquivalente {value!r} dürfen nicht negativ sein")
    return float(amount)


def _serialize_decimal(value: Decimal) -> str:
    return str(value)


Money = Annotated[
    Decimal,
    BeforeValidator(_money),
    PlainSerializer(_serialize_decimal, return_type=str, when_used="json"),
    Field(json_schema_extra={"type": "number", "description": "Betrag in Euro (Cent genau)"}),
]
"""An exact, non-negative amount in euros with at most two decimals."""

Percent = Annotated[
    Decimal,
    BeforeValidator(_percent),
    PlainSerializer(_serialize_decimal, return_type=str, when_used="json"),
    Field(json_schema_extra={"description": "Anteil als Dezimalzahl (0.2) oder Text (\"20 %\")"}),
]
"""A share between 0 and 1."""

Fte = Annotated[
    float,
    BeforeValidator(_fte),
    Field(json_schema_extra={"type": "number", "minimum": 0,
                             "description": "Vollzeitäquivalente (VZÄ), z. B. 1.5 oder \"0,5\""}),
]
"""Staff in full-time equivalents: a non-negative number, not a share (1.5 VZÄ are valid)."""

NonNegInt = Annotated[int, Field(ge=0)]
Year = Annotated[int, Field(ge=1990, le=2100)]

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
