"""The strict schema of a rule file (``rules/<family>/<CODE>.yaml``).

A rule file is data with prose: its metadata, legal basis, options (every
threshold lives here), the condition in a small declarative vocabulary, the
German message, the remedy and its documentation sections.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from mepcheck.types import Land, RuleCode, Severity, SourceStatus

REMEDY_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
"""``{name}`` in a remedy: filled in with the rule's option (the same for every place)."""

FAMILIES: dict[str, str] = {
    "funding": "Förderrichtlinien",
    "data-protection": "Datenschutz",
    "sustainability": "Nachhaltigkeit",
    "follow-up-costs": "Folgekosten",
}
"""Rule families: folder name → German display name."""

CHAPTERS: dict[int, str] = {
    1: "Einleitung und Auftrag",
    2: "Rahmenbedingungen",
    3: "Rückblick und Zielerreichung",
    4: "Ausgangslage und Bestandsaufnahme",
    5: "Pädagogische Grundlagen",
    6: "Bedarfserhebung und Ziele",
    7: "Maßnahmenplanung",
    8: "Betrieb, Support und Wartung",
    9: "Qualifizierung",
    10: "Datenschutz und Informationssicherheit",
    11: "Nachhaltigkeit",
    12: "Finanzierungs- und Budgetplanung",
    13: "Umsetzungs- und Zeitplan",
    14: "Qualitätsentwicklung, Monitoring und Evaluation",
    15: "Anlagen",
}
"""The canonical chapter model of a MEP."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OptionType(str, Enum):
    MONEY = "money"
    PERCENT = "percent"
    INT = "int"
    NUMBER = "number"
    DATE = "date"
    TEXT = "text"
    BOOL = "bool"
    LIST = "list"


class Source(Strict):
    """Where a legal basis or a parameter comes from, and how sure it is."""

    title: str = Field(min_length=3)
    paragraph: str | None = None
    url: str = Field(pattern=r"^https?://\S+$")
    status: SourceStatus
    note: str | None = None
    lands: list[Land] = Field(
        default_factory=list,
        description="Länder, für die die Quelle gilt (leer = alle); für die Schwere-Regel",
    )


class OptionSpec(Strict):
    """A named, documented rule option (a threshold, a date, a Land parameter)."""

    type: OptionType
    default: Any
    description: str = Field(min_length=5)
    unit: str | None = None
    source: Source | None = None
    land_param: str | None = Field(
        None, description="key in rules/laender.yaml; a Land profile takes that Land's value"
    )

    @model_validator(mode="after")
    def _default_fits(self) -> OptionSpec:
        check_option_value(self.type, self.default)
        return self


def check_option_value(kind: OptionType, value: Any) -> Any:
    """Raise ``ValueError`` if ``value`` does not fit the option type."""
    ok = {
        OptionType.MONEY: lambda v: isinstance(v, int | float) and not isinstance(v, bool) and v >= 0,
        OptionType.PERCENT: lambda v: isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 1,
        OptionType.INT: lambda v: isinstance(v, int) and not isinstance(v, bool),
        OptionType.NUMBER: lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        OptionType.DATE: lambda v: isinstance(v, dt.date),
        OptionType.TEXT: lambda v: isinstance(v, str),
        OptionType.BOOL: lambda v: isinstance(v, bool),
        OptionType.LIST: lambda v: isinstance(v, list),
    }[kind]
    if not ok(value):
        raise ValueError(f"Wert {value!r} passt nicht zum Optionstyp '{kind.value}'")
    return value


class Validity(Strict):
    """The guideline edition a rule belongs to."""

    edition: str
    valid_from: dt.date | None = Field(None, alias="from")
    valid_until: dt.date | None = Field(None, alias="until")


class Related(Strict):
    """The rule is satisfied only if a related fact references the scope fact."""

    fact: str
    key: str = Field(description="field of the related fact that holds the scope fact's id")


class Docs(Strict):
    """The fixed documentation sections every rule has."""

    checks: str = Field(min_length=20, description="Was die Regel prüft")
    why: str = Field(min_length=20, description="Warum (Rechts- oder Fachgrundlage)")
    violating: str = Field(min_length=5, description="Beispiel, das gegen die Regel verstößt")
    satisfying: str = Field(min_length=5, description="Beispiel, das die Regel erfüllt")
    limitations: str = Field(min_length=5, description="Bekannte Grenzen")


class DisplayParam(Strict):
    """A figure computed for the message only (never for the verdict)."""

    expr: Any = Field(description="Ausdruck wie in Bedingungen: field, option, add, sub, mul, div")
    kind: Literal["money", "percent", "int", "number", "date", "text", "bool"]


class RuleSpec(Strict):
    """One rule, as written in its YAML file."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    code: RuleCode
    name: str = Field(pattern=r"^[a-z0-9-]+(\.[a-z0-9-]+)+$")
    title: str = Field(min_length=5)
    family: Literal["funding", "data-protection", "sustainability", "follow-up-costs"]
    severity: Severity
    severity_unverified: Severity = Field(
        Severity.WARNING,
        description="Schwere, wenn für das Land des Plans keine verifizierte Grundlage oder kein "
                    "verifizierter entscheidender Wert vorliegt (nur warning oder info)",
    )
    chapter: int = Field(ge=1, le=15)
    lands: list[Land] = Field(default_factory=list, description="leer = alle Länder")
    tags: list[str] = Field(default_factory=list)
    judges: list[str] = Field(
        default_factory=list,
        description="Sachverhalte, die die Regel beurteilt (z. B. zv-admin.anschlussfinanzierung); "
                    "Regeln mit demselben Schlüssel haben in jedem Land dieselbe Schwere",
    )
    provisional: bool = False
    pending: str | None = Field(
        None,
        description="vorläufige Regel: was für eine abschließende Prüfung fehlt (deutsch, ein Satzteil, "
                    "z. B. „die unterzeichnete Verwaltungsvereinbarung und die Landesrichtlinie“)",
    )
    validity: Validity
    legal_basis: list[Source] = Field(min_length=1)
    options: dict[str, OptionSpec] = Field(default_factory=dict)
    scope: str
    applies_when: dict[str, Any] | None = None
    condition: dict[str, Any]
    related: Related | None = None
    display: dict[str, DisplayParam] = Field(default_factory=dict)
    message: str = Field(min_length=10)
    message_passed: str | None = None
    remedy: str = Field(min_length=10)
    docs: Docs
    aliases: list[str] = Field(default_factory=list)

    @field_validator("severity_unverified")
    @classmethod
    def _lowered(cls, value: Severity) -> Severity:
        if value is Severity.ERROR:
            raise ValueError("severity_unverified darf nicht 'error' sein")
        return value

    @field_validator("options")
    @classmethod
    def _option_names(cls, value: dict[str, OptionSpec]) -> dict[str, OptionSpec]:
        for name in value:
            if not name.isidentifier():
                raise ValueError(f"Optionsname '{name}' ist kein Bezeichner")
        return value

    def remedy_fields(self) -> list[str]:
        """Options named in the remedy as ``{name}``; other braces (a YAML example such as
        ``{status: geplant}``) are text."""
        return REMEDY_PLACEHOLDER.findall(self.remedy or "")

    def message_fields(self) -> set[str]:
        """Names used in the message templates."""
        names: set[str] = set()
        for template in (self.message, self.message_passed or "", self.pending or ""):
            for _, field_name, _, _ in string.Formatter().parse(template):
                if field_name:
                    names.add(field_name)
        return names
