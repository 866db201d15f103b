"""Findings: small immutable values, equal and ordered by (rule code, path)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any

from mepcheck.loading.errors import CellRef, format_path
from mepcheck.types import Severity


class Status(str, Enum):
    """Outcome of one rule for one object of the plan."""

    FAILED = "failed"
    PASSED = "passed"
    NOT_APPLICABLE = "not_applicable"
    UNDETERMINED = "undetermined"
    WAIVED = "waived"
    ACCEPTED = "accepted"
    """Accepted by the funding agency (a baseline entry); see :mod:`mepcheck.baseline`."""

    @property
    def label(self) -> str:
        return {
            "failed": "nicht erfüllt",
            "passed": "erfüllt",
            "not_applicable": "nicht anwendbar",
            "undetermined": "nicht entscheidbar",
            "waived": "Ausnahme genehmigt",
            "accepted": "akzeptiert",
        }[self.value]


@dataclass(frozen=True)
class LegalRef:
    """The legal basis of a finding with its source status."""

    title: str
    url: str
    status: str
    paragraph: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class WaiverNote:
    """Why a finding is waived (shown in every report)."""

    justification: str
    approved_by: str
    until: dt.date


@dataclass(frozen=True)
class AcceptanceNote:
    """Why the funding agency accepted a finding (an entry of its baseline file)."""

    reason: str
    reviewer: str
    date: dt.date
    until: dt.date | None
    source: str
    """The baseline file."""


def _path_key(path: tuple[str | int, ...]) -> tuple[tuple[int, Any], ...]:
    return tuple([(0, p) if isinstance(p, int) else (1, p) for p in path])


@dataclass(frozen=True, eq=False)
class Finding:
    """The outcome of one rule for one place in the plan."""

    code: str
    title: str
    family: str
    chapter: int
    severity: Severity
    status: Status
    path: tuple[str | int, ...]
    message: str
    params: tuple[tuple[str, Any], ...] = ()
    legal_basis: tuple[LegalRef, ...] = ()
    remedy: str = ""
    line: int | None = None
    waiver: WaiverNote | None = None
    acceptance: AcceptanceNote | None = None
    provisional: bool = False
    subject: str = field(default="", compare=False)
    """A short German name of the object (school, measure, service) for grouping."""
    cell: CellRef | None = field(default=None, compare=False)
    """Sheet and cell of the place in a workbook plan (instead of ``line``)."""
    element: str = field(default="", compare=False)
    """The stable element key (``schulen[gs-am-bach].bestand[…]``, see :mod:`mepcheck.keys`):
    built from ids, so it survives reordering; diffs and baselines match by (code, element)."""

    def __post_init__(self) -> None:
        # equality, hashing and order go by (code, path); computed once
        object.__setattr__(self, "_key", (self.code, _path_key(self.path)))

    @property
    def key(self) -> tuple[str, tuple[tuple[int, Any], ...]]:
        return self._key  # type: ignore[attr-defined,no-any-return]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Finding) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)

    def __lt__(self, other: Finding) -> bool:
        return self.key < other.key

    @property
    def path_text(self) -> str:
        return format_path(self.path)

    @property
    def where(self) -> str:
        """Where in the plan file: ``Zeile 42`` or ``Blatt „Schulen“, Zelle D7``; empty if
        the place is not in the file (derived values)."""
        if self.cell is not None:
            return str(self.cell)
        return f"Zeile {self.line}" if self.line else ""

    @property
    def blocking(self) -> bool:
        return self.status is Status.FAILED and self.severity is Severity.ERROR

    def params_json(self) -> dict[str, Any]:
        """Parameters as JSON-friendly values (money as string, dates ISO)."""
        out: dict[str, Any] = {}
        for name, value in self.params:
            if isinstance(value, Decimal):
                out[name] = str(value)
            elif isinstance(value, dt.date):
                out[name] = value.isoformat()
            elif isinstance(value, Enum):
                out[name] = value.value
            else:
                out[name] = value
        return out
