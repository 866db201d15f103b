"""The German text report, grouped by chapter and family, with a summary."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from itertools import groupby

from mepcheck.checker import CheckResult
from mepcheck.findings import Finding, Status
from mepcheck.fmt import date
from mepcheck.rules.spec import CHAPTERS, FAMILIES
from mepcheck.types import LAND_NAMES

_SHOWN = (Status.FAILED, Status.UNDETERMINED, Status.WAIVED, Status.ACCEPTED)
_MARK = {Status.FAILED: "✗", Status.UNDETERMINED: "?", Status.WAIVED: "~", Status.ACCEPTED: "≈", Status.PASSED: "✓",
         Status.NOT_APPLICABLE: "–"}


def _line(f: Finding) -> list[str]:
    where = f"{f.path_text}" + (f" ({f.where})" if f.where else "")
    head = f"  {_MARK[f.status]} {f.code} [{f.severity.label}, {f.status.label}] {where}"
    out = [head, f"      {f.message}"]
    if f.status is Status.WAIVED and f.waiver:
        out.append(f"      Ausnahme: {f.waiver.justification} (genehmigt von {f.waiver.approved_by}, "
                   f"gültig bis {date(f.waiver.until)})")
    if f.status is Status.ACCEPTED and f.acceptance:
        a = f.acceptance
        out.append(f"      Akzeptiert von der Bewilligungsstelle: {a.reason} ({a.reviewer}, "
                   f"{date(a.date)}" + (f", gültig bis {date(a.until)}" if a.until else "") + ")")
    if f.status is not Status.PASSED:
        basis = "; ".join(f"{b.title}" + (f" {b.paragraph}" if b.paragraph else "") +
                          f" [{ {'verified': 'geprüft', 'secondary': 'Sekundärquelle', 'unverified': 'nicht verifiziert'}.get(b.status, b.status)}]"
                          for b in f.legal_basis)
        if basis:
            out.append(f"      Grundlage: {basis}")
        if f.remedy and f.status is Status.FAILED:
            out.append(f"      Abhilfe: {f.remedy}")
    return out


def render_one(r: CheckResult, verbose: bool = False,
               statuses: Collection[Status] | None = None) -> str:
    """The report of one plan; ``statuses`` chooses the findings listed (default: what
    needs action, with ``verbose`` also the passed checks). The summary counts all."""
    out = [
        f"mepcheck – Prüfbericht für {r.carrier} ({r.land_name}), Plan {r.period}",
        f"Datei: {r.source}  (SHA-256 {r.plan_sha256[:16]}…)",
        f"Stichtag: {date(r.reference_date)}  Profil: {r.profile.title} ({r.profile.name})"
        + ("  – vorläufig" if r.profile.provisional else ""),
        f"Regelwerk: Version {r.ruleset_version} vom {date(r.ruleset_date)} "
        f"(Fingerabdruck {r.ruleset_fingerprint}, Regelmaschine {r.engine})",
    ]
    if r.profile.land and r.profile.land != r.land:
        out.append(f"Achtung: Das Profil gilt für {LAND_NAMES.get(r.profile.land, r.profile.land)}, "
                   f"der Plan gehört zu {r.land_name}.")
    out.append("")
    if statuses is None:
        statuses = {*_SHOWN, Status.PASSED} if verbose else set(_SHOWN)
    shown = list(r.listed(statuses))
    shown.sort(key=lambda f: (f.chapter, f.family, f.severity.rank, f.code, f.key))
    if not shown:
        out.append("Keine offenen Punkte.")
    for chapter, by_chapter in groupby(shown, key=lambda f: f.chapter):
        out.append(f"Kapitel {chapter}: {CHAPTERS.get(chapter, '')}")
        for family, by_family in groupby(by_chapter, key=lambda f: f.family):
            out.append(f" {FAMILIES.get(family, 'Ausnahmen')}")
            for finding in by_family:
                out.extend(_line(finding))
        out.append("")
    if r.plan is not None:
        from mepcheck.report.sections import render_sections

        out.extend(render_sections(r, r.plan))
    c = r.counts()
    s, sev = c["by_status"], c["failed_by_severity"]
    out.append("Zusammenfassung")
    out.append(f"  Prüfungen: {c['total']} – erfüllt {s['passed']}, nicht erfüllt {s['failed']} "
               f"(Fehler {sev['error']}, Warnungen {sev['warning']}, Hinweise {sev['info']}), "
               f"Ausnahmen {s['waived']}, akzeptiert {s['accepted']}, "
               f"nicht entscheidbar {s['undetermined']}, "
               f"nicht anwendbar {s['not_applicable']}")
    if r.profile.notes:
        out.append("  Hinweise zum Profil:")
        out.extend(f"   - {n}" for n in r.profile.notes)
    verdict = {0: "Ergebnis: keine Fehler.", 1: "Ergebnis: Fehler gefunden.",
               2: "Ergebnis: nicht vollständig prüfbar (nicht entscheidbare Regeln)."}[int(r.exit_code())]
    out.append(verdict)
    return "\n".join(out) + "\n"


def render(results: Sequence[CheckResult], verbose: bool = False,
           statuses: Collection[Status] | None = None) -> str:
    return "\n".join(render_one(r, verbose, statuses) for r in results)
