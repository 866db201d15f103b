"""The chapter frame: gaps of missing chapters, the chapter blocks and the table of contents."""

from __future__ import annotations

from typing import Any

from mepcheck.assemble.chapters import CHAPTER_SPECS, ChapterSpec
from mepcheck.assemble.viewmodel.findings import FindingIndex
from mepcheck.model import Plan
from mepcheck.model.enums import PlanKind


def gap_block(spec: ChapterSpec, missing: str, index: FindingIndex, ruleset: str,
         *, basis: str | None = None, kind: str | None = None) -> dict[str, Any]:
    basis = basis or spec.basis
    kind = kind or spec.kind
    found = index.for_gap(spec)
    note = None
    if not found:
        note = (f"Keine Regel des Regelwerks {ruleset} meldet diese Lücke; "
                "sie wurde beim Erstellen des Dokuments festgestellt.")
    return {"label": f"Abschnitt fehlt – {kind} nach {basis}", "kind": kind, "basis": basis,
            "missing": missing, "findings": found, "note": note}


def _chapter_gaps(plan: Plan) -> dict[str, str]:
    """Chapters whose data the plan lacks entirely: key → what is missing."""
    gaps: dict[str, str] = {}
    if plan.framework is None:
        gaps["framework"] = "Der Plan enthält keine Rahmenbedingungen ('rahmenbedingungen')."
    if plan.meta.kind is PlanKind.UPDATE and plan.retrospective is None:
        gaps["retrospective"] = ("Der Plan ist eine Fortschreibung, enthält aber keinen Rückblick "
                                 "('rueckblick').")
    if not any(s.inventory or s.bandwidth for s in plan.schools):
        gaps["inventory"] = ("Für keine Schule sind Bestand ('bestand') oder Bandbreite "
                             "('bandbreite') angegeben.")
    if not any(s.media_concept or s.deployment_concept for s in plan.schools):
        gaps["pedagogy"] = ("Für keine Schule sind Medienkonzept ('medienkonzept') oder "
                            "Einsatzkonzept ('einsatzkonzept') angegeben.")
    if plan.goals is None and not plan.participation:
        gaps["needs"] = "Der Plan enthält weder Ziele ('ziele') noch Beteiligung ('beteiligung')."
    if not plan.measures:
        gaps["measures"] = "Der Plan enthält keine Maßnahmen ('massnahmen')."
    if plan.operations is None:
        gaps["operations"] = "Der Plan enthält kein Betriebs- und Supportkonzept ('betrieb')."
    if not plan.training and not any(s.training_plan for s in plan.schools):
        gaps["training"] = ("Der Plan enthält weder Qualifizierung ('qualifizierung') noch "
                            "Fortbildungsplanungen der Schulen ('fortbildungsplanung').")
    if not plan.services:
        gaps["data_protection"] = "Der Plan enthält keine Dienste ('dienste')."
    if plan.sustainability is None:
        gaps["sustainability"] = "Der Plan enthält keinen Abschnitt 'nachhaltigkeit'."
    if not plan.budget and not plan.measures:
        gaps["finance"] = "Der Plan enthält weder Haushalt ('haushalt') noch Maßnahmen."
    if not plan.milestones and not any(m.start or m.end for m in plan.measures):
        gaps["schedule"] = ("Der Plan enthält weder Meilensteine ('meilensteine') noch Termine "
                            "der Maßnahmen ('beginn', 'ende').")
    if plan.monitoring is None or not plan.monitoring.indicators:
        gaps["monitoring"] = "Der Plan enthält keine Indikatoren ('monitoring.indikatoren')."
    return gaps


def build_chapters(plan: Plan, index: FindingIndex, ruleset: str) -> dict[str, Any]:
    gaps = _chapter_gaps(plan)
    out: dict[str, Any] = {}
    for spec in CHAPTER_SPECS:
        omitted = None
        if spec.key == "retrospective" and plan.meta.kind is PlanKind.INITIAL:
            omitted = ("Entfällt: Der Plan ist ein Erstplan. Ein Rückblick mit Zielerreichung "
                       "gehört zur Fortschreibung.")
        gap = gap_block(spec, gaps[spec.key], index, ruleset) if spec.key in gaps else None
        out[spec.key] = {
            "number": spec.number, "key": spec.key, "title": spec.title,
            "heading": spec.heading, "kind": spec.kind, "basis": spec.basis,
            "gap": gap, "omitted": omitted,
            # with a gap, the gap block lists the chapter's findings itself
            "findings": [] if gap else list(index.by_chapter.get(spec.number, ())),
        }
    return out


def build_toc(plan: Plan, fields: list[dict[str, Any]], schools: list[dict[str, Any]]) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for spec in CHAPTER_SPECS:
        entries.append({"number": str(spec.number), "title": spec.title,
                        "heading": spec.heading, "level": 1})
        if spec.key == "measures":
            entries.extend({"number": g["number"], "title": g["title"],
                            "heading": f"{g['number']} {g['title']}", "level": 2} for g in fields)
        if spec.key == "annexes":
            for number, title in _ANNEXES:
                entries.append({"number": number, "title": title,
                                "heading": f"{number} {title}", "level": 2})
    return entries


_ANNEXES = (
    ("A", "Datenblätter der Schulen"),
    ("B", "Prüfbefunde"),
    ("C", "Kosten je Schule"),
    ("D", "Beschluss und Prüfvermerk"),
)
