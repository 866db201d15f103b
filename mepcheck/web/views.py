"""View models for the result page: plain dicts built from a check result.

Nothing is decided here: every item is a finding of :func:`mepcheck.checker.check_plan`,
the data-protection labels come from the text report's section, the projection from
:func:`mepcheck.derived.projection.compute_projection` and the chart from the document's
chart code. The page only groups, filters and pages what the check produced.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby
from typing import Any

from mepcheck.checker import CheckResult
from mepcheck.findings import Finding, Status
from mepcheck.fmt import date, money
from mepcheck.rules.spec import CHAPTERS, FAMILIES
from mepcheck.types import Severity

PAGE_SIZE = 200
"""Findings per page; the 400-school plan has tens of thousands of passed checks."""

OPEN = "offen"
ALL = "alle"
CARRIER_WIDE = "traeger"

STATUS_CHOICES: tuple[tuple[str, str], ...] = (
    (OPEN, "offene Punkte (nicht erfüllt, nicht entscheidbar, Ausnahmen)"),
    (Status.FAILED.value, "nicht erfüllt"),
    (Status.UNDETERMINED.value, "nicht entscheidbar"),
    (Status.WAIVED.value, "Ausnahme genehmigt"),
    (Status.PASSED.value, "erfüllt"),
    (Status.NOT_APPLICABLE.value, "nicht anwendbar"),
    (ALL, "alle Prüfungen"),
)
SEVERITY_CHOICES: tuple[tuple[str, str], ...] = (
    (ALL, "alle"), *((s.value, s.label) for s in Severity))
SOURCE_STATUS = {"verified": "im Primärtext geprüft", "secondary": "nur Sekundärquelle",
                 "unverified": "nicht verifiziert"}
_OPEN = (Status.FAILED, Status.UNDETERMINED, Status.WAIVED)

VERDICTS = {
    0: "Exit-Status 0 – keine Fehler: keine Regel der Schwere „Fehler“ ist verletzt.",
    1: "Exit-Status 1 – Fehler gefunden: mindestens eine Regel der Schwere „Fehler“ ist nicht "
       "erfüllt.",
    2: "Exit-Status 2 – nicht vollständig prüfbar: mindestens eine Regel war nicht entscheidbar "
       "(fehlende Angaben oder ein Fehler der Regelmaschine).",
}


@dataclass(frozen=True)
class Filters:
    """What the result page shows (from GET query parameters or re-posted form fields)."""

    status: str = OPEN
    severity: str = ALL
    family: str = ALL
    school: str = ALL
    page: int = 1

    @classmethod
    def parse(cls, values: Any) -> Filters:
        """From a mapping of form/query values; unknown values fall back to the default."""

        def pick(name: str, allowed: set[str], default: str) -> str:
            value = str(values.get(name) or default)
            return value if value in allowed else default

        try:
            page = max(1, min(100_000, int(str(values.get("seite") or 1))))
        except ValueError:
            page = 1
        return cls(
            status=pick("status", {k for k, _ in STATUS_CHOICES}, OPEN),
            severity=pick("schwere", {k for k, _ in SEVERITY_CHOICES}, ALL),
            family=pick("familie", {ALL, *FAMILIES}, ALL),
            school=str(values.get("schule") or ALL)[:80],
            page=page,
        )

    def query(self, **change: Any) -> dict[str, str]:
        """The filter fields as form/query values (with ``change`` applied)."""
        values = {"status": self.status, "schwere": self.severity, "familie": self.family,
                  "schule": self.school, "seite": str(self.page)}
        values.update({k: str(v) for k, v in change.items()})
        return values


def _status_matches(f: Finding, status: str) -> bool:
    if status == ALL:
        return True
    if status == OPEN:
        return f.status in _OPEN
    return f.status.value == status


def school_of(result: CheckResult) -> Any:
    """A function: finding -> school id (``None`` for carrier-wide findings)."""
    plan = result.plan
    schools = [s.id for s in plan.schools] if plan else []
    measures = [m.school for m in plan.measures] if plan else []

    def of(f: Finding) -> str | None:
        path = f.path
        if len(path) >= 2 and isinstance(path[1], int):
            if path[0] == "schulen" and path[1] < len(schools):
                return schools[path[1]]
            if path[0] == "massnahmen" and path[1] < len(measures):
                return measures[path[1]]
        return None

    return of


def finding_view(f: Finding) -> dict[str, Any]:
    """One finding for the page."""
    return {
        "code": f.code, "title": f.title, "status": f.status.value, "status_label": f.status.label,
        "severity": f.severity.value, "severity_label": f.severity.label,
        "where": f.path_text, "line": f.line, "subject": f.subject, "message": f.message,
        "legal": [{"title": b.title, "paragraph": b.paragraph, "url": b.url,
                   "status": SOURCE_STATUS.get(b.status, b.status), "note": b.note}
                  for b in f.legal_basis],
        "remedy": f.remedy if f.status in (Status.FAILED, Status.UNDETERMINED) else "",
        "waiver": None if f.waiver is None else {
            "justification": f.waiver.justification, "approved_by": f.waiver.approved_by,
            "until": date(f.waiver.until)},
        "provisional": f.provisional,
    }


def filtered(result: CheckResult, filters: Filters) -> list[Finding]:
    """The findings the filters select, in report order (chapter, family, severity, code)."""
    school = school_of(result)
    out = []
    for f in result.findings:
        if not _status_matches(f, filters.status):
            continue
        if filters.severity != ALL and f.severity.value != filters.severity:
            continue
        if filters.family != ALL and f.family != filters.family:
            continue
        if filters.school != ALL:
            where = school(f)
            if (filters.school == CARRIER_WIDE and where is not None) or \
                    (filters.school != CARRIER_WIDE and where != filters.school):
                continue
        out.append(f)
    out.sort(key=lambda f: (f.chapter, f.family, f.severity.rank, f.code, f.key))
    return out


def grouped(findings: list[Finding]) -> list[dict[str, Any]]:
    """Chapters, each with families, each with findings."""
    chapters = []
    for chapter, by_chapter in groupby(findings, key=lambda f: f.chapter):
        families = []
        for family, by_family in groupby(by_chapter, key=lambda f: f.family):
            items = [finding_view(f) for f in by_family]
            families.append({"family": family, "title": FAMILIES.get(family, "Ausnahmen"),
                             "findings": items})
        chapters.append({"number": chapter, "title": CHAPTERS.get(chapter, ""),
                         "families": families,
                         "count": sum(len(x["findings"]) for x in families)})
    return chapters


def services_view(result: CheckResult) -> list[dict[str, Any]]:
    """The data-protection table: one row per service, its findings grouped by outcome."""
    from mepcheck.facts.families.data_protection import KIND_TEXT
    from mepcheck.report.sections.services import FAMILY, label

    plan = result.plan
    if plan is None or not plan.services:
        return []
    by_service: dict[int, list[Finding]] = {}
    for f in result.findings:
        p = f.path
        if f.family == FAMILY and len(p) >= 2 and p[0] == "dienste" and isinstance(p[1], int):
            by_service.setdefault(p[1], []).append(f)
    groups = (
        ("Fehler", lambda f: f.status is Status.FAILED and f.severity is Severity.ERROR),
        ("Warnungen", lambda f: f.status is Status.FAILED and f.severity is Severity.WARNING),
        ("Hinweise", lambda f: f.status is Status.FAILED and f.severity is Severity.INFO),
        ("Ausnahme genehmigt", lambda f: f.status is Status.WAIVED),
        ("nicht entscheidbar", lambda f: f.status is Status.UNDETERMINED),
        ("in Ordnung", lambda f: f.status is Status.PASSED),
    )
    rows = []
    for index, service in enumerate(plan.services):
        found = sorted(by_service.get(index, []), key=lambda f: (f.code, f.key))
        cells = {title: [text for f in found if belongs(f) and (text := label(f))]
                 for title, belongs in groups}
        blocking = any(f.status is Status.FAILED and f.severity is not Severity.INFO
                       for f in found)
        rows.append({
            "name": service.name, "kind": KIND_TEXT.get(service.kind, str(service.kind)),
            "product": service.product or "", "path": f"dienste[{index}]",
            "verdict": "Handlungsbedarf" if blocking else "in Ordnung", "blocking": blocking,
            "problems": [(t, cells[t]) for t, _ in groups[:5] if cells[t]],
            "fine": cells["in Ordnung"],
        })
    return rows


def projection_view(result: CheckResult, with_chart: bool = True) -> dict[str, Any] | None:
    """The follow-up-cost projection: table rows, totals, assumptions and the chart."""
    from mepcheck.derived.projection import compute_projection

    if result.plan is None:
        return None
    proj = compute_projection(result.plan, result.figures)
    if not proj.years:
        return None
    rows = []
    for y in proj.years:
        notes = []
        if y.after_funding and proj.programmes:
            notes.append("nach Förderende")
        if not y.has_budget_row:
            notes.append("keine Haushaltszeile")
        elif y.gap > 0:
            notes.append("Haushalt zu niedrig")
        rows.append({
            "year": y.year, "investment": _m(y.investment), "replacement": _m(y.replacement),
            "operating": _m(y.running + y.support + y.licences + y.energy),
            "total": _m(y.total), "budgeted": _m(y.budgeted), "gap": _m(y.gap),
            "has_gap": y.gap > 0, "note": ", ".join(notes),
        })
    assumptions = [{"label": str(a.get("label", name)), "value": _plain(a.get("value")),
                    "unit": str(a.get("unit", "")), "source": str(a.get("source", "")),
                    "status": SOURCE_STATUS.get(str(a.get("status")), "aus dem Plan")}
                   for name, a in sorted(proj.assumptions.items())]
    in_period = sum((y.gap for y in proj.years if y.in_plan_period), Decimal("0.00"))
    return {
        "first": proj.years[0].year, "last": proj.years[-1].year,
        "funding_end_year": proj.funding_end_year, "programmes": ", ".join(proj.programmes),
        "rows": rows, "total_gap": money(proj.total_gap), "gap_in_period": money(in_period),
        "gap_after_funding": money(sum((y.gap for y in proj.years if y.after_funding),
                                       Decimal("0.00"))),
        "assumptions": assumptions,
        "defaults_used": {k: ", ".join(v) for k, v in proj.defaults_used.items()},
        "chart": _chart(proj) if with_chart else None,
    }


def _m(value: Decimal) -> str:
    return money(value, symbol=False)


def _plain(value: Any) -> str:
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",")
    return str(value)


def _chart(proj: Any) -> dict[str, str] | None:
    """The document's follow-up-cost chart as a PNG data URI with caption and alt text."""
    import matplotlib

    from mepcheck.assemble import charts

    years = [{"year": y.year, "investment": y.investment, "replacement": y.replacement,
              "running": y.running, "support": y.support, "licences": y.licences,
              "energy": y.energy, "total": y.total, "budgeted": y.budgeted,
              "after_funding": y.after_funding, "in_plan_period": y.in_plan_period}
             for y in proj.years]
    model = {"finance": {"projection": {"years": years,
                                        "funding_end_year": proj.funding_end_year}}}
    style = getattr(charts, "_RC", {})
    with matplotlib.rc_context(style):
        chart = charts.follow_up_chart(model)
    if chart is None:
        return None
    return {"src": "data:image/png;base64," + base64.b64encode(chart.png).decode("ascii"),
            "caption": chart.caption, "alt": chart.alt}


def summary_view(result: CheckResult, strict: bool = False) -> dict[str, Any]:
    """Counts per status and severity, and the exit status in words."""
    counts = result.counts()
    code = int(result.exit_code(strict))
    return {"counts": counts, "exit_code": code, "verdict": VERDICTS[code]}


def result_view(result: CheckResult, filters: Filters) -> dict[str, Any]:
    """Everything the result page shows."""
    selected = filtered(result, filters)
    pages = max(1, -(-len(selected) // PAGE_SIZE))
    page = min(filters.page, pages)
    shown = selected[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    plan = result.plan
    schools = [(s.id, s.name) for s in plan.schools] if plan else []
    families = sorted({f.family for f in result.findings})
    return {
        "meta": {
            "carrier": result.carrier, "land": result.land_name, "period": result.period,
            "source": result.source, "sha256": result.plan_sha256,
            "reference_date": date(result.reference_date),
            "profile": result.profile.title, "profile_name": result.profile.name,
            "provisional": result.profile.provisional, "profile_notes": list(result.profile.notes),
            "profile_land_mismatch": bool(result.profile.land and result.profile.land != result.land),
            "ruleset": result.ruleset_version, "ruleset_date": date(result.ruleset_date),
            "fingerprint": result.ruleset_fingerprint, "engine": result.engine,
        },
        "summary": summary_view(result),
        "filters": filters,
        "choices": {
            "status": STATUS_CHOICES, "severity": SEVERITY_CHOICES,
            "family": [(ALL, "alle"), *((f, FAMILIES.get(f, "Ausnahmen")) for f in families)],
            "school": [(ALL, "alle"), (CARRIER_WIDE, "nur trägerweite Befunde"), *schools],
        },
        "chapters": grouped(shown),
        "total_selected": len(selected), "page": page, "pages": pages,
        "first_index": (page - 1) * PAGE_SIZE + 1 if selected else 0,
        "last_index": (page - 1) * PAGE_SIZE + len(shown),
        "services": services_view(result),
        "projection": projection_view(result),
    }
