"""The chapter frame: gaps of missing chapters, the chapter blocks and the table of contents.

A chapter shows a gap exactly where a gap rule (:mod:`mepcheck.assemble.gaps`) has an open
finding; the document never decides on its own that a chapter is missing."""

from __future__ import annotations

from typing import Any

from mepcheck.assemble.chapters import CHAPTER_SPECS, ChapterSpec
from mepcheck.assemble.gaps import GAP_RULES
from mepcheck.assemble.viewmodel.findings import FindingIndex
from mepcheck.assemble.viewmodel.wording import reader_text
from mepcheck.model import Plan
from mepcheck.model.enums import PlanKind


def gap_block(spec: ChapterSpec, gap: dict[str, Any], index: FindingIndex,
              *, basis: str | None = None, kind: str | None = None) -> dict[str, Any]:
    """The marked gap for the open finding ``gap`` of a gap rule, with the chapter's findings."""
    basis = basis or spec.basis
    kind = kind or spec.kind
    note = None
    if index.body:
        note = f"Gemeldet als {gap['marker']} (Anlage B)."
        if gap["waiver"]:
            note += f" {gap['waiver']}"
    found = index.for_gap(spec)
    return {"label": f"Abschnitt fehlt – {kind} nach {basis}", "kind": kind, "basis": basis,
            "missing": reader_text(gap["message"]), "findings": found,
            "groups": index.groups(found), "note": note}


def chapter_gap_codes(key: str) -> set[str]:
    return {code for code, rule in GAP_RULES.items()
            if rule.place == "chapter" and rule.chapter == key}


def build_chapters(plan: Plan, index: FindingIndex) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for spec in CHAPTER_SPECS:
        omitted = None
        if spec.key == "retrospective" and plan.meta.kind is PlanKind.INITIAL:
            omitted = ("Entfällt: Der Plan ist ein Erstplan. Ein Rückblick mit Zielerreichung "
                       "gehört zur Fortschreibung.")
        found = index.gaps_for(chapter_gap_codes(spec.key))
        gap = gap_block(spec, found[0], index) if found else None
        out[spec.key] = {
            "number": spec.number, "key": spec.key, "title": spec.title,
            "heading": spec.heading, "kind": spec.kind, "basis": spec.basis,
            "gap": gap, "omitted": omitted,
            # with a gap, the gap block lists the chapter's findings itself
            "findings": [] if gap else list(index.by_chapter.get(spec.number, ())),
            "groups": [] if gap else index.chapter_groups(spec.number),
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
