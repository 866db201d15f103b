"""The document's gaps come from findings, never from a second look at the plan.

A gap ("Abschnitt fehlt – erforderlich nach …", "Angabe fehlt – …") is shown exactly where a
designated completeness rule (``rules/funding/MEP-KAPITEL-*.yaml``) has an open finding (not
erfüllt, nicht entscheidbar, or waived by an Ausnahme). So ``check`` and ``assemble`` cannot
disagree about what is missing: the document has no gap logic of its own, and every gap shows
the finding that reports it. A profile or ``--ignore`` that leaves a rule out leaves its gap
out of the document as well.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from mepcheck.findings import Finding, Status

Place = Literal["chapter", "budget", "lifecycle", "school"]


@dataclass(frozen=True)
class GapRule:
    """Where the document marks the gap a rule reports."""

    place: Place
    """``chapter``: instead of the whole chapter; ``budget`` / ``lifecycle``: instead of the
    budget table / the life-cycle table of chapter 12; ``school``: in the school's data sheet."""
    chapter: str
    """Key of the chapter (see :data:`mepcheck.assemble.chapters.CHAPTER_SPECS`)."""


GAP_RULES: dict[str, GapRule] = {
    "MEP-KAPITEL-RAHMENBEDINGUNGEN": GapRule("chapter", "framework"),
    "MEP-KAPITEL-RUECKBLICK": GapRule("chapter", "retrospective"),
    "MEP-KAPITEL-BESTANDSAUFNAHME": GapRule("chapter", "inventory"),
    "MEP-KAPITEL-PAEDAGOGIK": GapRule("chapter", "pedagogy"),
    "MEP-KAPITEL-BEDARF": GapRule("chapter", "needs"),
    "MEP-KAPITEL-MASSNAHMEN": GapRule("chapter", "measures"),
    "MEP-KAPITEL-BETRIEB": GapRule("chapter", "operations"),
    "MEP-KAPITEL-QUALIFIZIERUNG": GapRule("chapter", "training"),
    "MEP-KAPITEL-DATENSCHUTZ": GapRule("chapter", "data_protection"),
    "MEP-KAPITEL-NACHHALTIGKEIT": GapRule("chapter", "sustainability"),
    "MEP-KAPITEL-FINANZIERUNG": GapRule("chapter", "finance"),
    "MEP-KAPITEL-ZEITPLAN": GapRule("chapter", "schedule"),
    "MEP-KAPITEL-MONITORING": GapRule("chapter", "monitoring"),
    "MEP-KAPITEL-HAUSHALT": GapRule("budget", "finance"),
    "MEP-KAPITEL-FOLGEKOSTEN": GapRule("lifecycle", "finance"),
    "MEP-KAPITEL-SCHULDATEN": GapRule("school", "inventory"),
}
"""Every rule whose open finding is a gap in the document, and where the gap goes."""

GAP_STATUSES = frozenset({Status.FAILED, Status.UNDETERMINED, Status.WAIVED})
"""A finding in one of these states marks its gap (a waived gap stays visible, with the
Ausnahme)."""


def is_gap(f: Finding) -> bool:
    return f.code in GAP_RULES and f.status in GAP_STATUSES


def gap_findings(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that mark a gap, sorted by (rule, path)."""
    return sorted(f for f in findings if is_gap(f))
