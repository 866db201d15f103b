"""The German changelog of the rule set (``rules/CHANGELOG.yaml``), as data.

Each version lists what changed for which rule: added, severity changed, condition
changed, source or Land value changed, message changed, removed. An agency reads it to
see why a verdict changed between two rule-set versions (``mepcheck rules changes``).
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mepcheck.loading.errors import format_path
from mepcheck.loading.messages import german_message
from mepcheck.loading.yamlsafe import ReadError, read_structured
from mepcheck.rules.errors import RuleFileError
from mepcheck.types import Severity


class ChangeKind(str, Enum):
    """What kind of change an entry records."""

    ADDED = "added"
    SEVERITY = "severity"
    CONDITION = "condition"
    SOURCE = "source"
    LAND_VALUE = "land_value"
    MESSAGE = "message"
    REMOVED = "removed"

    @property
    def label(self) -> str:
        return {
            "added": "neu",
            "severity": "Schwere geändert",
            "condition": "Bedingung geändert",
            "source": "Quelle/Status geändert",
            "land_value": "Landeswert geändert",
            "message": "Meldung geändert",
            "removed": "entfernt",
        }[self.value]


class Change(BaseModel):
    """One change of one rule (or of the Land table, then ``rule`` names the parameter)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    rule: str = Field(min_length=3, description="Regelcode oder laender.yaml-Parameter (param:NAME)")
    kind: ChangeKind
    text: str = Field(min_length=10, description="Was sich geändert hat und warum (deutsch)")
    severity_from: Severity | None = Field(None, alias="from")
    severity_to: Severity | None = Field(None, alias="to")
    lands: list[str] = Field(default_factory=list, description="betroffene Länder (leer = alle)")


class Version(BaseModel):
    """One released rule-set version."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str = Field(pattern=r"^\d{4}\.\d{1,2}\.\d+$")
    date: dt.date
    summary: str = Field(min_length=10)
    changes: list[Change] = Field(default_factory=list)
    baseline: list[str] = Field(default_factory=list, description=(
        "die Regeln, die es bei der ersten verzeichneten Version schon gab (danach steht "
        "jede neue Regel als 'added' in ihrer Version)"))

    @property
    def key(self) -> tuple[int, ...]:
        return tuple(int(x) for x in self.version.split("."))


class Changelog(BaseModel):
    """All versions, newest first."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    versions: list[Version] = Field(min_length=1)

    def since(self, version: str | None) -> list[Version]:
        """The versions newer than ``version`` (all without one), newest first."""
        if version is None:
            return list(self.versions)
        try:
            key = tuple(int(x) for x in version.split("."))
        except ValueError:
            raise ValueError(f"Version {version!r} ungültig (erwartet z. B. 2026.11.0)") from None
        return [v for v in self.versions if v.key > key]


def load_changelog(root: Path) -> Changelog:
    """Read ``root/CHANGELOG.yaml``; every error names file, line and field."""
    path = root / "CHANGELOG.yaml"
    try:
        data, positions = read_structured(path.read_text(encoding="utf-8"), is_json=False)
    except OSError as exc:
        raise RuleFileError([f"{path}: nicht lesbar ({exc.strerror})"]) from None
    except ReadError as exc:
        raise RuleFileError([f"{path}:{exc.line or 0}: {exc.message}"]) from None
    try:
        return Changelog.model_validate(data)
    except ValidationError as exc:
        raise RuleFileError([
            f"{path}:{positions.find(tuple(e['loc']))[0] or 0} {format_path(tuple(e['loc']))}: "
            f"{german_message(e)}" for e in exc.errors(include_url=False)
        ]) from None


def render_changes(versions: list[Version]) -> str:
    """The changelog as German plain text."""
    lines: list[str] = []
    for version in versions:
        lines.append(f"Regelwerk {version.version} vom {version.date:%d.%m.%Y}")
        lines.append(f"  {version.summary}")
        for change in version.changes:
            head = f"  - {change.rule} ({change.kind.label}"
            if change.severity_from and change.severity_to:
                head += f": {change.severity_from.label} → {change.severity_to.label}"
            if change.lands:
                head += f"; Länder: {', '.join(change.lands)}"
            lines.append(head + ")")
            lines.append(f"    {change.text}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
