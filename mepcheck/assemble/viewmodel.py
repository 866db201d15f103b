"""Build the view model of a MEP document from the plan, the derived figures and the findings.

The result is plain data only (dicts, lists, text, ``Decimal``, dates), shaped exactly as
declared in :mod:`mepcheck.assemble.schema`; no pydantic model, enum or template object
ever reaches Jinja. Charts are added later, per render, as pictures
(:mod:`mepcheck.assemble.render`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from mepcheck import __version__
from mepcheck.assemble.chapters import CHAPTER_SPECS, REQUIRED, ChapterSpec
from mepcheck.checker import CheckResult
from mepcheck.derived import Figures, Projection, compute_figures, compute_projection
from mepcheck.findings import Finding, Status
from mepcheck.fmt import date as fmt_date
from mepcheck.fmt import money as fmt_money
from mepcheck.fmt import number as fmt_number
from mepcheck.labels import label, labels
from mepcheck.loading.errors import format_path
from mepcheck.model import Plan
from mepcheck.model.enums import FieldOfAction, PlanKind, Programme
from mepcheck.model.school import Concept, School
from mepcheck.rules.spec import FAMILIES
from mepcheck.types import LAND_NAMES, Severity

ZERO = Decimal("0.00")
OPEN = (Status.FAILED, Status.UNDETERMINED, Status.WAIVED)
"""Statuses shown with a marker in the text and in detail in the annex."""

_ROW_COLLECTIONS = ("massnahmen", "dienste", "haushalt", "folgekosten", "lizenzen",
                    "meilensteine", "projektion")
"""Plan collections whose items are table rows in the document (findings get a marker there)."""
_SOURCE_STATUS = {"verified": "geprüft", "secondary": "Sekundärquelle",
                  "unverified": "nicht verifiziert", "plan": "aus dem Plan"}
_FIELD_ORDER = tuple(FieldOfAction)


def _dec(value: Any, places: int | None = None) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, float):
        value = round(value, places if places is not None else 3)
    dec = Decimal(str(value))
    return dec


def _ratio(part: Decimal, whole: Decimal) -> Decimal | None:
    return (part / whole).quantize(Decimal("0.0001")) if whole else None


def _status(doc: Any) -> str:
    """The label of a DocStatus-like value or of a Concept, ``nicht angegeben`` when absent."""
    if doc is None:
        return "nicht angegeben"
    if isinstance(doc, Concept):
        text = label(doc.status)
        return f"{text} ({fmt_date(doc.date)})" if doc.date else text
    return label(doc)


# --- findings ---------------------------------------------------------------------------


def _marker(f: Finding) -> str:
    if f.status is Status.WAIVED:
        return f"Ausnahme {f.code}"
    if f.status is Status.UNDETERMINED:
        return f"nicht entscheidbar {f.code}"
    return f"{f.severity.label} {f.code}"


def _basis(f: Finding) -> str:
    parts = []
    for ref in f.legal_basis:
        text = ref.title + (f" {ref.paragraph}" if ref.paragraph else "")
        parts.append(f"{text} [{_SOURCE_STATUS.get(ref.status, ref.status)}]")
    return "; ".join(parts)


def finding_item(f: Finding) -> dict[str, Any]:
    waiver = None
    if f.waiver is not None:
        waiver = (f"Ausnahme genehmigt von {f.waiver.approved_by}, gültig bis "
                  f"{fmt_date(f.waiver.until)}: {f.waiver.justification}")
    return {
        "code": f.code,
        "title": f.title,
        "severity": f.severity.value,
        "severity_label": f.severity.label,
        "status": f.status.value,
        "status_label": f.status.label,
        "place": f.subject or ("Plan insgesamt" if not f.path else format_path(f.path)),
        "path": format_path(f.path),
        "line": f.line,
        "message": f.message,
        "remedy": f.remedy,
        "basis": _basis(f),
        "waiver": waiver,
        "provisional": f.provisional,
        "chapter": f.chapter,
        "family": FAMILIES.get(f.family, "Ausnahmen"),
        "marker": _marker(f),
    }


def anchors(path: tuple[str | int, ...]) -> list[tuple[Any, ...]]:
    """The rows of the document a finding at ``path`` belongs to (none: the chapter)."""
    if len(path) >= 2 and path[0] == "schulen" and isinstance(path[1], int):
        keys: list[tuple[Any, ...]] = [("schulen", path[1])]
        if len(path) >= 4 and path[2] == "bestand" and isinstance(path[3], int):
            keys.append(("bestand", path[1], path[3]))
        return keys
    if len(path) >= 2 and path[0] in _ROW_COLLECTIONS and isinstance(path[1], int):
        return [(path[0], path[1])]
    if (len(path) >= 3 and path[0] == "nachhaltigkeit" and path[1] == "beschaffungen"
            and isinstance(path[2], int)):
        return [("beschaffungen", path[2])]
    return []


_COUNT_WORDS = (
    ("error", "failed", ("Fehler", "Fehler")),
    ("warning", "failed", ("Warnung", "Warnungen")),
    ("info", "failed", ("Hinweis", "Hinweise")),
    (None, "undetermined", ("nicht entscheidbar", "nicht entscheidbar")),
    (None, "waived", ("Ausnahme", "Ausnahmen")),
)


def count_marker(items: Sequence[dict[str, Any]]) -> str:
    """``2 Fehler, 1 Warnung``: the shortest marker."""
    parts = []
    for severity, status, (one, many) in _COUNT_WORDS:
        n = sum(1 for i in items if i["status"] == status
                and (severity is None or i["severity"] == severity))
        if n:
            parts.append(f"{n} {one if n == 1 else many}")
    return ", ".join(parts)


def row_marker(items: Sequence[dict[str, Any]]) -> str:
    """Codes for one or two findings (``Fehler DP19-EIGENANTEIL``), counts for more."""
    if not items:
        return ""
    if len(items) <= 2:
        return "; ".join(i["marker"] for i in items)
    return f"{count_marker(items)} (Anlage B)"


class _FindingIndex:
    """Open findings by the table row they concern, and by chapter for the rest."""

    def __init__(self, findings: Sequence[Finding]):
        self._items: dict[int, dict[str, Any]] = {}
        self._keep = findings  # the ids below stay valid while the findings live
        self.by_anchor: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
        self.by_chapter: dict[int, list[dict[str, Any]]] = defaultdict(list)
        self.gap_candidates: dict[int, list[dict[str, Any]]] = defaultdict(list)
        self.by_code: dict[str, list[dict[str, Any]]] = defaultdict(list)
        # ``findings`` come sorted by (rule, path); a stable sort by severity keeps that order
        ordered = sorted(findings, key=lambda f: f.severity.rank)
        for f in ordered:
            if f.status not in OPEN:
                continue
            item = self.item(f)
            self.by_code[f.code].append(item)
            if f.status is not Status.WAIVED:
                self.gap_candidates[f.chapter].append(item)
            keys = anchors(f.path)
            for key in keys:
                self.by_anchor[key].append(item)
            if not keys:
                self.by_chapter[f.chapter].append(item)

    def item(self, f: Finding) -> dict[str, Any]:
        """The plain form of ``f``, built once (a finding appears in several places)."""
        item = self._items.get(id(f))
        if item is None:
            item = self._items[id(f)] = finding_item(f)
        return item

    def at(self, *key: Any) -> list[dict[str, Any]]:
        return list(self.by_anchor.get(tuple(key), ()))

    def under(self, collection: str) -> list[dict[str, Any]]:
        """Every finding anchored in one collection (e.g. all budget years), in order."""
        keys = sorted(k for k in self.by_anchor if k[0] == collection)
        return [item for k in keys for item in self.by_anchor[k]]

    @staticmethod
    def marker(items: Sequence[dict[str, Any]]) -> str:
        return row_marker(items)

    @staticmethod
    def chapter_markers(items: Sequence[dict[str, Any]]) -> dict[str, str]:
        return {spec.key: row_marker([i for i in items if i["chapter"] == spec.number])
                for spec in CHAPTER_SPECS}

    def for_gap(self, spec: ChapterSpec) -> list[dict[str, Any]]:
        seen: dict[tuple[str, str], dict[str, Any]] = {}
        for item in self.gap_candidates.get(spec.number, ()):
            seen[(item["code"], item["path"])] = item
        for code in spec.rules:
            for item in self.by_code.get(code, ()):
                if item["status"] != "waived":
                    seen.setdefault((item["code"], item["path"]), item)
        return sorted(seen.values(), key=lambda i: (
            {"error": 0, "warning": 1, "info": 2}[i["severity"]], i["code"], i["path"]))


def _counts(findings: Sequence[Finding]) -> dict[str, int]:
    by = defaultdict(int)
    for f in findings:
        by[f.status] += 1
    failed = [f for f in findings if f.status is Status.FAILED]
    return {
        "total": len(findings),
        "open": sum(1 for f in findings if f.status in OPEN),
        "failed": by[Status.FAILED],
        "passed": by[Status.PASSED],
        "waived": by[Status.WAIVED],
        "undetermined": by[Status.UNDETERMINED],
        "not_applicable": by[Status.NOT_APPLICABLE],
        "errors": sum(1 for f in failed if f.severity is Severity.ERROR),
        "warnings": sum(1 for f in failed if f.severity is Severity.WARNING),
        "infos": sum(1 for f in failed if f.severity is Severity.INFO),
    }


def _findings_annex(findings: Sequence[Finding], index: _FindingIndex) -> dict[str, Any]:
    open_ = [f for f in findings if f.status in OPEN]
    groups = []
    for spec in CHAPTER_SPECS:
        in_chapter = [f for f in open_ if f.chapter == spec.number]
        if not in_chapter:
            continue
        severities = []
        for sev in Severity:
            items = [f for f in in_chapter if f.severity is sev]
            if items:
                severities.append({"severity": sev.value, "label": _SEVERITY_PLURAL[sev],
                                   "findings": [index.item(f) for f in items]})
        groups.append({"number": spec.number, "title": spec.title,
                       "heading": f"Kapitel {spec.heading}", "count": len(in_chapter),
                       "severities": severities})
    evidence: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        if f.status not in OPEN:
            evidence[(f.code, f.status.value)].append(f)
    rows = []
    for (code, _status_value), items in sorted(evidence.items()):
        rows.append({"code": code, "title": items[0].title, "status_label": items[0].status.label,
                     "count": len(items), "places": _places(items)})
    return {
        "counts": _counts(findings),
        "groups": groups,
        "evidence": rows,
        "all": [index.item(f) for f in sorted(findings, key=lambda f: f.chapter)],
    }


_SEVERITY_PLURAL = {Severity.ERROR: "Fehler", Severity.WARNING: "Warnungen",
                    Severity.INFO: "Hinweise"}

MAX_PLACES = 10
"""Up to this many places of a passed check are named; above, they are counted by kind."""

_PLACE_KINDS = {
    "schulen": ("Schule", "Schulen"), "bestand": ("Bestandsposition", "Bestandspositionen"),
    "massnahmen": ("Maßnahme", "Maßnahmen"), "dienste": ("Dienst", "Dienste"),
    "haushalt": ("Haushaltsjahr", "Haushaltsjahre"),
    "folgekosten": ("Gerätekategorie", "Gerätekategorien"),
    "lizenzen": ("Lizenz", "Lizenzen"), "projektion": ("Projektionsjahr", "Projektionsjahre"),
    "beschaffungen": ("Beschaffung", "Beschaffungen"),
    "meilensteine": ("Meilenstein", "Meilensteine"),
}


def _place_kind(path: tuple[str | int, ...]) -> str:
    keys = anchors(path)
    if not keys:
        return "Plan" if not path else str(path[0])
    return str(keys[-1][0])


def _places(items: Sequence[Finding]) -> str:
    """The places of passed or not applicable checks: named, or counted by kind when many
    (the JSON report lists each one; the document stays readable for 400 schools)."""
    if len(items) <= MAX_PLACES:
        return ", ".join(f.subject or ("Plan insgesamt" if not f.path else format_path(f.path))
                         for f in items)
    kinds: dict[str, int] = defaultdict(int)
    for f in items:
        kinds[_place_kind(f.path)] += 1
    parts = []
    for kind, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])):
        one, many = _PLACE_KINDS.get(kind, (kind, kind))
        parts.append(f"{n} {one if n == 1 else many}")
    return "; ".join(parts)


# --- chapters ---------------------------------------------------------------------------


def _gap(spec: ChapterSpec, missing: str, index: _FindingIndex, ruleset: str,
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


def _chapters(plan: Plan, index: _FindingIndex, ruleset: str) -> dict[str, Any]:
    gaps = _chapter_gaps(plan)
    out: dict[str, Any] = {}
    for spec in CHAPTER_SPECS:
        omitted = None
        if spec.key == "retrospective" and plan.meta.kind is PlanKind.INITIAL:
            omitted = ("Entfällt: Der Plan ist ein Erstplan. Ein Rückblick mit Zielerreichung "
                       "gehört zur Fortschreibung.")
        gap = _gap(spec, gaps[spec.key], index, ruleset) if spec.key in gaps else None
        out[spec.key] = {
            "number": spec.number, "key": spec.key, "title": spec.title,
            "heading": spec.heading, "kind": spec.kind, "basis": spec.basis,
            "gap": gap, "omitted": omitted,
            # with a gap, the gap block lists the chapter's findings itself
            "findings": [] if gap else list(index.by_chapter.get(spec.number, ())),
        }
    return out


def _toc(plan: Plan, fields: list[dict[str, Any]], schools: list[dict[str, Any]]) -> list[dict[str, Any]]:
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


# --- plan sections ----------------------------------------------------------------------


def _doc(plan: Plan, result: CheckResult) -> dict[str, Any]:
    meta, carrier = plan.meta, plan.carrier
    res = meta.resolution
    resolution = None
    resolution_text = "Ein Beschluss ist im Plan nicht angegeben."
    if res is not None:
        resolution = {"body": res.body, "date": res.date, "status": label(res.status),
                      "reference": res.reference}
        when = f" am {fmt_date(res.date)}" if res.date else ""
        ref = f" (Drucksache {res.reference})" if res.reference else ""
        status = {"beschlossen": f"beschlossen{when}", "geplant": f"Beschluss geplant{when}",
                  "entwurf": f"Entwurf, Beschluss vorgesehen{when}"}[res.status.value]
        resolution_text = f"{res.body}: {status}{ref}"
    return {
        "title": meta.title,
        "carrier": carrier.name,
        "carrier_type": label(carrier.type) if carrier.type else label(carrier.kind),
        "carrier_kind": label(carrier.kind),
        "land": carrier.land.value,
        "land_name": LAND_NAMES[carrier.land.value],
        "period": f"{meta.period.start}–{meta.period.end}",
        "period_start": meta.period.start,
        "period_end": meta.period.end,
        "kind": label(meta.kind),
        "is_update": meta.kind is PlanKind.UPDATE,
        "reference_date": meta.reference_date,
        "version": meta.version,
        "author": meta.author,
        "contact": carrier.contact,
        "approach": meta.approach,
        "previous_plan": meta.previous_plan,
        "technology_open": meta.technology_open,
        "resolution": resolution,
        "resolution_text": resolution_text,
        "carrier_budget": carrier.carrier_budget,
        "generator": f"mepcheck {__version__}",
        "ruleset_version": result.ruleset_version,
        "ruleset_date": result.ruleset_date,
        "ruleset_fingerprint": result.ruleset_fingerprint,
        "profile": result.profile.name,
        "profile_title": result.profile.title,
        "profile_provisional": bool(result.profile.provisional),
        "profile_notes": list(result.profile.notes),
        "plan_sha256": result.plan_sha256,
        "plan_sha256_short": result.plan_sha256[:16],
        "engine": result.engine,
    }


def _verdict(counts: dict[str, int]) -> str:
    if counts["undetermined"]:
        return (f"Nicht vollständig prüfbar: {counts['undetermined']} Prüfungen sind nicht "
                "entscheidbar.")
    if counts["errors"]:
        return (f"{counts['errors']} Fehler, {counts['warnings']} Warnungen und "
                f"{counts['infos']} Hinweise; der Plan erfüllt die Vorgaben noch nicht.")
    if counts["warnings"] or counts["infos"]:
        return (f"Keine Fehler; {counts['warnings']} Warnungen und {counts['infos']} Hinweise.")
    return "Keine Fehler, Warnungen oder Hinweise."


def _summary(plan: Plan, figures: Figures, findings: Sequence[Finding]) -> dict[str, Any]:
    counts = _counts(findings)
    end_devices = figures.end_devices_total
    return {
        "schools": len(plan.schools),
        "pupils": figures.pupils,
        "teachers": figures.teachers,
        "classes": sum(s.classes for s in plan.schools),
        "rooms": sum(s.rooms for s in plan.schools),
        "devices_total": figures.devices_total,
        "end_devices_total": end_devices,
        "pupils_per_end_device": (Decimal(figures.pupils) / end_devices).quantize(Decimal("0.1"))
        if end_devices else None,
        "measures": len(plan.measures),
        "total_cost": figures.total_cost,
        "total_investment": figures.total_investment,
        "total_running": figures.total_running,
        "total_grant": figures.total_grant,
        "total_own_share": figures.total_own_share,
        "own_share_ratio": _ratio(figures.total_own_share, figures.total_cost),
        "cost_per_pupil": figures.cost_per_pupil(),
        "findings": counts,
        "verdict": _verdict(counts),
    }


def _framework(plan: Plan) -> dict[str, Any]:
    fw = plan.framework
    if fw is None:
        return {"land_strategy": None, "kmk_strategy": None, "funding_landscape": None,
                "text": None}
    return {"land_strategy": fw.land_strategy, "kmk_strategy": fw.kmk_strategy,
            "funding_landscape": fw.funding_landscape, "text": fw.text}


def _retrospective(plan: Plan, index: _FindingIndex) -> dict[str, Any]:
    retro = plan.retrospective
    assets = []
    for i, school in enumerate(plan.schools):
        for j, item in enumerate(school.inventory):
            if item.programme is None or not item.programme.is_grant:
                continue
            early = bool(item.earmark_until and item.planned_retirement
                         and item.planned_retirement < item.earmark_until)
            assets.append({
                "school": school.name, "device": label(item.device_type),
                "quantity": item.quantity, "programme": label(item.programme),
                "commissioned": item.commissioned, "earmark_until": item.earmark_until,
                "planned_retirement": item.planned_retirement, "early_retirement": early,
                "marker": index.marker(index.at("bestand", i, j)),
            })
    funded = {"funded_assets": assets, "funded_summary": _funded_summary(plan),
              "funded_critical": [a for a in assets if a["early_retirement"] or a["marker"]]}
    if retro is None:
        return {"previous_period": None, "summary": None, "goals": [], "hurdles": [], **funded}
    return {
        "previous_period": retro.previous_period,
        "summary": retro.summary,
        "goals": [{"goal": g.goal, "status": label(g.status), "comment": g.comment}
                  for g in retro.goals],
        "hurdles": list(retro.hurdles),
        **funded,
    }


def _funded_summary(plan: Plan) -> list[dict[str, Any]]:
    rows: dict[Programme, dict[str, Any]] = {}
    for school in plan.schools:
        for item in school.inventory:
            if item.programme is None or not item.programme.is_grant:
                continue
            row = rows.setdefault(item.programme, {
                "programme": label(item.programme), "positions": 0, "devices": 0,
                "earmark_from": None, "earmark_until": None, "early_devices": 0})
            row["positions"] += 1
            row["devices"] += item.quantity
            if item.earmark_until is not None:
                first, last = row["earmark_from"], row["earmark_until"]
                row["earmark_from"] = min(first, item.earmark_until) if first else item.earmark_until
                row["earmark_until"] = max(last, item.earmark_until) if last else item.earmark_until
                if item.planned_retirement and item.planned_retirement < item.earmark_until:
                    row["early_devices"] += item.quantity
    return [rows[p] for p in Programme if p in rows]


def _measure_row(m: Any, names: dict[str, str], index: _FindingIndex, i: int) -> dict[str, Any]:
    items = index.at("massnahmen", i)
    return {
        "id": m.id,
        "title": m.title,
        "school": names.get(m.school, m.school) if m.school else "trägerweit",
        "school_id": m.school,
        "field": label(m.field),
        "field_key": m.field.value,
        "category": label(m.category),
        "device": label(m.device_type) if m.device_type else None,
        "assignment": label(m.assignment) if m.assignment else None,
        "quantity": m.quantity,
        "unit_cost": m.unit_cost,
        "total_cost": m.total_cost,
        "grant": m.grant,
        "own_share": m.own_share,
        "cost_type": label(m.cost_type),
        "programme": label(m.programme),
        "start": m.start,
        "end": m.end,
        "acceptance": m.acceptance,
        "year": m.budget_year,
        "responsible": m.responsible,
        "justification": m.justification,
        "marker": index.marker(items),
        "findings": items,
    }


def _concepts(school: School) -> list[dict[str, Any]]:
    rows = []
    for name, concept in (
        ("Medienkonzept", school.media_concept),
        ("Technisch-pädagogisches Einsatzkonzept", school.deployment_concept),
        ("Nutzungsordnung", school.usage_policy),
        ("Datenschutz-Geschäftsordnung", school.dp_rules_of_procedure),
        ("MEP-Zertifikat", school.mep_certificate),
    ):
        if concept is None and name in ("Datenschutz-Geschäftsordnung", "MEP-Zertifikat"):
            continue
        rows.append({
            "name": name,
            "status": label(concept.status) if concept else "nicht angegeben",
            "date": concept.date if concept else None,
            "covers": labels(concept.covers) if concept and concept.covers else "–",
        })
    tp = school.training_plan
    rows.append({"name": "Fortbildungsplanung",
                 "status": label(tp.status) if tp else "nicht angegeben",
                 "date": tp.date if tp else None,
                 "covers": (f"{len(tp.items)} Maßnahme{'' if len(tp.items) == 1 else 'n'}"
                            if tp and tp.items else "–")})
    return rows


_BESTAND = next(c for c in CHAPTER_SPECS if c.key == "inventory")


def _school_gaps(school: School) -> list[dict[str, Any]]:
    gaps = []
    basis = f"{_BESTAND.kind} nach {_BESTAND.basis}"
    if school.bandwidth is None:
        gaps.append({"label": f"Angabe fehlt – {basis}",
                     "missing": "Aktuelle und verfügbare Bandbreite ('bandbreite')"})
    if not school.inventory:
        gaps.append({"label": f"Angabe fehlt – {basis}",
                     "missing": "Bestandsaufnahme der Ausstattung ('bestand')"})
    if school.coverage is None:
        gaps.append({"label": f"Angabe fehlt – {basis}",
                     "missing": "LAN- und WLAN-Abdeckung der Unterrichtsräume ('abdeckung')"})
    return gaps


def _schools(plan: Plan, figures: Figures, index: _FindingIndex,
             measure_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ref_year = plan.meta.reference_date.year
    by_school: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for row in measure_rows:
        by_school[row["school_id"]].append(row)
    out = []
    for i, school in enumerate(plan.schools):
        fig = figures.schools[school.id]
        bw = school.bandwidth
        bandwidth = None
        bandwidth_text = "nicht angegeben"
        if bw is not None:
            bandwidth = {"current_mbit": bw.current_mbit, "available_mbit": bw.available_mbit,
                         "fibre": label(bw.fibre), "fibre_expected": bw.fibre_expected}
            avail = fmt_number(bw.available_mbit) if bw.available_mbit is not None else "–"
            bandwidth_text = f"{fmt_number(bw.current_mbit)} / {avail} Mbit/s"
        cov = school.coverage
        coverage = None if cov is None else {"lan": cov.lan, "wlan": cov.wlan,
                                             "wlan_standard": cov.wlan_standard}
        inventory = [{
            "device": label(item.device_type),
            "category": label(item.category),
            "quantity": item.quantity,
            "purchase_year": item.purchase_year,
            "age": ref_year - item.purchase_year if item.purchase_year else None,
            "programme": label(item.programme) if item.programme else "–",
            "earmark_until": item.earmark_until,
            "planned_retirement": item.planned_retirement,
            "loan": item.loan_device,
            "marker": index.marker(index.at("bestand", i, j)),
        } for j, item in enumerate(school.inventory)]
        items = index.at("schulen", i)
        dpo = school.dpo
        out.append({
            "number": f"A.{i + 1}",
            "id": school.id,
            "name": school.name,
            "form": label(school.form),
            "category": label(school.category),
            "pupils": school.pupils,
            "teachers": school.teachers,
            "classes": school.classes,
            "rooms": school.rooms,
            "bandwidth": bandwidth,
            "bandwidth_text": bandwidth_text,
            "coverage": coverage,
            "concepts": _concepts(school),
            "media_concept": _status(school.media_concept),
            "deployment_concept": _status(school.deployment_concept),
            "training_plan": _status(school.training_plan.status if school.training_plan else None),
            "usage_policy": _status(school.usage_policy),
            "inventory": inventory,
            "inventory_total": fig.devices_inventory,
            "end_devices": fig.end_devices,
            "pupils_per_end_device": (Decimal(school.pupils) / fig.end_devices).quantize(
                Decimal("0.1")) if fig.end_devices else None,
            "platforms": ", ".join(school.platforms) if school.platforms else "–",
            "dpo": f"{dpo.name} ({label(dpo.role)})" if dpo else None,
            "onsite_fte": school.onsite_fte,
            "measures": by_school.get(school.id, []),
            "figures": {"investment": fig.investment, "running": fig.running,
                        "grant": fig.grant, "own_share": fig.own_share, "total": fig.total},
            "gaps": _school_gaps(school),
            "marker": index.marker(items),
            "markers": index.chapter_markers(items),
            "findings": items,
        })
    return out


def _needs(plan: Plan) -> dict[str, Any]:
    goals = plan.goals
    return {
        "summary": goals.summary if goals else None,
        "participation": [{"group": label(p.group), "form": label(p.form), "date": p.date,
                           "participants": p.participants} for p in plan.participation],
        "standards": [{"form": label(s.school_form), "description": s.description}
                      for s in (goals.standards if goals else [])],
        "priorities": list(goals.priorities) if goals else [],
    }


def _fields(measure_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups = []
    for n, field in enumerate(_FIELD_ORDER, start=1):
        rows = [r for r in measure_rows if r["field_key"] == field.value]
        groups.append({
            "number": f"7.{n}", "key": field.value, "title": label(field), "count": len(rows),
            "total_cost": sum((r["total_cost"] for r in rows), ZERO),
            "total_grant": sum((r["grant"] for r in rows), ZERO),
            "measures": rows,
        })
    return groups


def _money_figures(items: Iterable[Any]) -> dict[str, Any]:
    items = list(items)
    inv = sum((f.investment for f in items), ZERO)
    run = sum((f.running for f in items), ZERO)
    return {"investment": inv, "running": run,
            "grant": sum((f.grant for f in items), ZERO),
            "own_share": sum((f.own_share for f in items), ZERO), "total": inv + run}


def _measures_by_school(plan: Plan, figures: Figures) -> list[dict[str, Any]]:
    rows = []
    for school in plan.schools:
        f = figures.schools[school.id]
        rows.append({"name": school.name, "count": f.measures, **_money_figures([f])})
    cw = figures.carrier_wide
    if cw.measures:
        rows.append({"name": "trägerweit", "count": cw.measures, **_money_figures([cw])})
    return rows


def _measure_totals(figures: Figures, count: int) -> dict[str, Any]:
    return {"count": count, "investment": figures.total_investment,
            "running": figures.total_running, "grant": figures.total_grant,
            "own_share": figures.total_own_share, "total": figures.total_cost}


def _operations(plan: Plan, figures: Figures) -> dict[str, Any]:
    ops = plan.operations
    network = None
    if plan.network is not None:
        network = {"separation": label(plan.network.separation),
                   "segments": labels(plan.network.segments)}
    teacher = None
    if plan.teacher_devices is not None:
        td = plan.teacher_devices
        teacher = {"model": label(td.model), "replacement_payer": label(td.replacement_payer),
                   "support_payer": label(td.support_payer),
                   "replacement_cycle_years": td.replacement_cycle_years}
    byod = None
    if plan.byod is not None:
        b = plan.byod
        byod = {"planned": b.planned, "loan_pool": b.loan_pool,
                "social_budget": b.social_budget, "support_budget": b.support_budget}
    base = {
        "support_fte": _dec(figures.support_fte),
        "devices_per_fte": _dec(figures.devices_per_fte),
        "network": network, "teacher_devices": teacher, "byod": byod,
    }
    if ops is None:
        return {"concept": "nicht angegeben", "model": "–", "levels": [], "staff": [],
                "contracts": [], "service_level": None, "annual_cost": None, "capacity": [],
                "commissioning": None, **base}
    end_devices = figures.end_devices_total
    sl = ops.service_level
    return {
        "concept": label(ops.concept),
        "model": label(ops.model) if ops.model else "–",
        "levels": [{"level": lv.level, "party": label(lv.party), "description": lv.description}
                   for lv in ops.levels],
        "staff": [{"role": s.role, "fte": _dec(s.fte), "persons": s.persons,
                   "funding": label(s.funding), "funded_until": s.funded_until}
                  for s in ops.staff],
        "contracts": [{"provider": c.provider, "hours_per_year": c.hours_per_year,
                       "fte": _dec(c.fte_equivalent), "annual_cost": c.annual_cost,
                       "until": c.until} for c in ops.contracts],
        "service_level": None if sl is None else {
            "response_hours": _dec(sl.response_hours),
            "onsite_response_hours": _dec(sl.onsite_response_hours),
            "ticket_system": sl.ticket_system},
        "annual_cost": ops.annual_cost,
        "capacity": [{"year": c.year, "fte": _dec(c.fte),
                      "devices_per_fte": (Decimal(end_devices) / _dec(c.fte)).quantize(
                          Decimal("0.1")) if c.fte else None} for c in ops.capacity],
        "commissioning": ops.commissioning_rules,
        **base,
    }


def _training(plan: Plan) -> dict[str, Any]:
    schools = []
    items = []
    for school in plan.schools:
        tp = school.training_plan
        entries = tp.items if tp else []
        counted = [i.participants for i in entries if i.participants is not None]
        schools.append({
            "school": school.name,
            "status": label(tp.status) if tp else "nicht angegeben",
            "date": tp.date if tp else None,
            "count": len(entries),
            "topics": "; ".join(i.topic for i in entries) or "–",
            "participants": sum(counted) if counted else None,
        })
        items.extend({"school": school.name, "topic": i.topic, "audience": i.audience,
                      "period": i.period, "participants": i.participants} for i in entries)
    return {
        "carrier": [{"topic": t.topic, "audience": label(t.audience), "period": t.period,
                     "provider": t.provider} for t in plan.training],
        "schools": schools,
        "entries": items,
    }


def _services(plan: Plan, index: _FindingIndex) -> list[dict[str, Any]]:
    names = {s.id: s.name for s in plan.schools}
    rows = []
    for i, s in enumerate(plan.services):
        items = index.at("dienste", i)
        if s.transfer is not None:
            t = s.transfer
            third = label(t.mechanism)
            if t.dpf_certified is not None:
                third += ", DPF-zertifiziert" if t.dpf_certified else ", nicht DPF-zertifiziert"
        elif any(loc.upper() not in ("DE", "EU") for loc in s.locations):
            third = "nicht angegeben"
        else:
            third = "keine"
        avv = labels(p.avv for p in s.processors) if s.processors else "–"
        dsfa = "nicht angegeben"
        threshold = "nicht angegeben"
        if s.dsfa is not None:
            dsfa = label(s.dsfa.status)
            threshold = label(s.dsfa.threshold_analysis)
        rows.append({
            "id": s.id,
            "name": s.name,
            "kind": label(s.kind),
            "product": s.product,
            "vendor": s.vendor,
            "controller": label(s.controller) if s.controller else "nicht angegeben",
            "relationships": "; ".join(f"{label(r.party)}: {label(r.type)} "
                                       f"(Vertrag {label(r.document)})"
                                       for r in s.relationships) or "–",
            "subjects": labels(s.subjects),
            "legal_basis": label(s.legal_basis) if s.legal_basis else "nicht angegeben",
            "schools": ", ".join(names.get(x, x) for x in s.schools) if s.schools
            else "alle Schulen",
            "processors": "; ".join(
                f"{p.name}" + (f" ({p.seat})" if p.seat else "") + f": AVV {label(p.avv)}"
                for p in s.processors) or "–",
            "avv": avv,
            "vvt": _status(s.vvt),
            "dsfa": dsfa,
            "dsfa_threshold": threshold,
            "third_country": third,
            "locations": ", ".join(s.locations) if s.locations else "–",
            "deletion": _status(s.deletion.concept if s.deletion else None),
            "toms": _status(s.toms),
            "privacy_notice": _status(s.privacy_notice),
            "usage_policy": _status(s.usage_policy),
            "marker": index.marker(items),
            "findings": items,
        })
    return rows


def _data_protection(plan: Plan, index: _FindingIndex) -> dict[str, Any]:
    c = plan.carrier
    sec = c.security
    return {
        "dpo": f"{c.dpo.name} ({label(c.dpo.role)})" + (f", {c.dpo.contact}" if c.dpo.contact else "")
        if c.dpo else None,
        "security": None if sec is None else {"basis": sec.basis, "status": label(sec.status),
                                              "owner": sec.owner},
        "incident_process": _status(c.incident_process),
        "services": _services(plan, index),
    }


def _lifecycle(plan: Plan, index: _FindingIndex) -> list[dict[str, Any]]:
    return [{
        "device": label(c.device_type),
        "replacement_cycle_years": c.replacement_cycle_years,
        "planned_life_years": c.planned_life_years,
        "running_cost_per_unit": c.running_cost_per_unit,
        "update_support_until": c.update_support_until,
        "battery_replaceable": c.battery_replaceable,
        "annual_kwh": _dec(c.annual_kwh),
        "markers": index.chapter_markers(index.at("folgekosten", i)),
    } for i, c in enumerate(plan.cost_categories)]


def _sustainability(plan: Plan, index: _FindingIndex) -> dict[str, Any]:
    sus = plan.sustainability
    lifecycle = _lifecycle(plan, index)
    if sus is None:
        return {"criteria": "–", "procurements": [], "lifecycle": lifecycle,
                "end_of_life": None, "refurbished_share": None}
    eol = sus.end_of_life
    return {
        "criteria": labels(sus.criteria),
        "procurements": [{
            "id": p.id, "device": label(p.device_type), "estimated_value": p.estimated_value,
            "env_criteria": labels(p.env_criteria), "award_criteria": labels(p.award_criteria),
            "warranty_years": p.warranty_years, "spare_parts_years": p.spare_parts_years,
            "refurbished_considered": p.refurbished_considered,
            "measures": ", ".join(p.measures) if p.measures else "–",
            "marker": index.marker(index.at("beschaffungen", i)),
        } for i, p in enumerate(sus.procurements)],
        "lifecycle": lifecycle,
        "end_of_life": None if eol is None else {
            "status": label(eol.status), "reuse": eol.reuse,
            "certified_erasure": eol.certified_erasure, "take_back": eol.take_back,
            "no_stockpiling": eol.no_stockpiling, "erasure_method": eol.erasure_method,
            "owner": eol.owner},
        "refurbished_share": sus.refurbished_share,
    }


def _budget_rows(plan: Plan, index: _FindingIndex) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    rows = []
    keys = ("investment", "replacement", "running", "support", "licences", "energy",
            "dp_infosec", "total", "own_funds", "grants_total", "funding_total", "balance")
    totals: dict[str, Decimal] = {k: ZERO for k in keys}
    grant_totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for i, row in enumerate(plan.budget):
        grants: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for g in row.grants:
            grants[label(g.programme)] += g.amount
            grant_totals[label(g.programme)] += g.amount
        grants_total = sum(grants.values(), ZERO)
        total = row.total_costs
        funding = row.total_funding
        items = index.at("haushalt", i)
        values = {
            "investment": row.investment, "replacement": row.replacement,
            "running": row.running, "support": row.support, "licences": row.licences,
            "energy": row.energy, "dp_infosec": row.dp_infosec, "total": total,
            "own_funds": row.own_funds, "grants_total": grants_total,
            "funding_total": funding, "balance": funding - total,
        }
        for k in keys:
            totals[k] += values[k]
        rows.append({
            "year": str(row.year), **values,
            "grants_text": "; ".join(f"{name}: {fmt_money(v)}" for name, v in sorted(grants.items()))
            or "–",
            "own_ratio": _ratio(row.own_funds, funding),
            "budget_line": row.budget_line,
            "status": label(row.status) if row.status else "–",
            "marker": count_marker(items),
            "findings": items,
        })
    total_row = {
        "year": "Summe", **totals,
        "grants_text": "; ".join(f"{name}: {fmt_money(v)}" for name, v in sorted(grant_totals.items()))
        or "–",
        "own_ratio": _ratio(totals["own_funds"], totals["funding_total"]),
        "budget_line": None, "status": "–", "marker": "", "findings": [],
    }
    return rows, total_row


def _assumption_value(value: Any, unit: str) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{label(k)}: {_assumption_value(v, unit)}" for k, v in value.items())
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if unit.startswith("EUR"):
        return f"{fmt_money(value)}" + (f" {unit[3:].strip()}" if unit[3:].strip() else "")
    if unit.startswith("Jahr") and isinstance(value, int) and value >= 1900:
        return str(value)
    if unit == "Anteil":
        from mepcheck.fmt import percent

        return percent(value)
    return f"{fmt_number(value)} {unit}".strip()


def _projection(projection: Projection, index: _FindingIndex) -> dict[str, Any]:
    years = []
    for y in projection.years:
        items = index.at("projektion", y.year)
        years.append({
            "year": y.year,
            "label": f"{y.year}" + (" *" if y.after_funding else ""),
            "investment": y.investment, "replacement": y.replacement, "running": y.running,
            "support": y.support, "licences": y.licences, "energy": y.energy, "total": y.total,
            "budgeted": y.budgeted, "funded": getattr(y, "funded", y.budgeted), "gap": y.gap,
            "after_funding": y.after_funding,
            "in_plan_period": getattr(y, "in_plan_period", True),
            "marker": count_marker(items),
        })
    assumptions = []
    for name in sorted(projection.assumptions):
        a = projection.assumptions[name]
        assumptions.append({
            "label": str(a.get("label", name)),
            "value": _assumption_value(a.get("value"), str(a.get("unit", ""))),
            "source": str(a.get("source", "")),
            "status": _SOURCE_STATUS.get(str(a.get("status")), str(a.get("status", ""))),
        })
    defaults = getattr(projection, "defaults_used", {}) or {}
    defaults_text = None
    if defaults:
        names = {"unit_prices": "Richtwert-Stückpreise", "replacement_cycles":
                 "Richtwert-Ersatzzyklen", "cost_per_fte": "Richtwert Personalkosten"}
        defaults_text = "; ".join(f"{names.get(k, k)} für {labels(v)}" for k, v in defaults.items())
    return {
        "years": years,
        "funding_end_year": projection.funding_end_year,
        "last_year": projection.years[-1].year if projection.years else projection.funding_end_year,
        "total_gap": sum((y.gap for y in projection.years), ZERO),
        "gap_after_funding": sum((y.gap for y in projection.years if y.after_funding), ZERO),
        "assumptions": assumptions,
        "defaults_used": defaults_text,
        "findings": index.under("projektion"),
    }


def _finance(plan: Plan, figures: Figures, projection: Projection, index: _FindingIndex,
             ruleset: str) -> dict[str, Any]:
    spec = next(c for c in CHAPTER_SPECS if c.key == "finance")
    years, totals = _budget_rows(plan, index)
    budget_grants: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for row in plan.budget:
        for g in row.grants:
            budget_grants[g.programme.value] += g.amount
    programmes = []
    for prog in Programme:
        cost = figures.by_programme.get(prog.value, ZERO)
        grant = figures.grant_by_programme.get(prog.value, ZERO)
        budgeted = budget_grants.get(prog.value, ZERO)
        if cost or grant or budgeted:
            programmes.append({"programme": label(prog), "measure_cost": cost,
                               "measure_grant": grant, "budget_grants": budgeted})
    budget_gap = None
    if not plan.budget:
        budget_gap = _gap(spec, "Der Plan enthält keinen Haushalt je Jahr ('haushalt').",
                          index, ruleset)
    lifecycle_gap = None
    if not plan.cost_categories:
        lifecycle_gap = _gap(
            spec, "Der Plan enthält keine Ersatzzyklen und laufenden Kosten je Kategorie "
            "('folgekosten').", index, ruleset,
            basis="NI SchIT-IVRdErl Nr. 4.1 (Folgekosten, DP19-FOLGEKOSTEN)",
            kind=REQUIRED if plan.carrier.land.value == "NI" else "empfohlen")
    return {
        "years": years,
        "totals": totals,
        "budget_gap": budget_gap,
        "programmes": programmes,
        "carrier_budget": plan.carrier.carrier_budget,
        "measures": _measure_totals(figures, len(plan.measures)),
        "measures_own_share_ratio": _ratio(figures.total_own_share, figures.total_cost),
        "licences": [{
            "product": lic.product, "service": lic.service, "unit": label(lic.unit),
            "unit_price": lic.unit_price, "count": lic.count, "annual_cost": lic.annual_cost,
            "from_year": lic.from_year, "until_year": lic.until_year,
            "programme": label(lic.programme),
            "marker": index.marker(index.at("lizenzen", i)),
        } for i, lic in enumerate(plan.licences)],
        "lifecycle": _lifecycle(plan, index),
        "lifecycle_gap": lifecycle_gap,
        "projection": _projection(projection, index),
        "year_findings": index.under("haushalt"),
    }


def _schedule(plan: Plan, measure_rows: list[dict[str, Any]],
              index: _FindingIndex) -> dict[str, Any]:
    far = dt.date.max
    dated = sorted(measure_rows, key=lambda r: (r["start"] or r["end"] or far, r["id"]))
    return {
        "measures": dated,
        "milestones": [{"date": m.date, "title": m.title, "owner": m.owner,
                        "measures": ", ".join(m.measures) if m.measures else "–",
                        "marker": index.marker(index.at("meilensteine", i))}
                       for i, m in sorted(enumerate(plan.milestones),
                                          key=lambda im: (im[1].date, im[1].title))],
    }


def _monitoring(plan: Plan) -> dict[str, Any]:
    mon = plan.monitoring
    if mon is None:
        return {"indicators": [], "review_months": None, "next_update": None, "owner": None}
    return {
        "indicators": [{"name": i.name, "unit": i.unit, "baseline": _dec(i.baseline),
                        "target": _dec(i.target), "year": i.year, "source": i.source}
                       for i in mon.indicators],
        "review_months": mon.review_months,
        "next_update": mon.next_update,
        "owner": mon.owner,
    }


def _carrier(plan: Plan) -> dict[str, Any]:
    c = plan.carrier
    return {
        "name": c.name, "land_name": LAND_NAMES[c.land.value], "kind": label(c.kind),
        "type": label(c.type) if c.type else "–", "contact": c.contact,
        "dpo": f"{c.dpo.name} ({label(c.dpo.role)})" if c.dpo else None,
    }


# --- entry point ------------------------------------------------------------------------


def build_view_model(result: CheckResult, plan: Plan | None = None,
                     figures: Figures | None = None,
                     projection: Projection | None = None) -> dict[str, Any]:
    """The complete view model (without charts: ``charts`` holds ``None`` placeholders)."""
    plan = plan if plan is not None else result.plan
    if plan is None:
        raise ValueError("the check result carries no plan; pass it explicitly")
    figures = figures or result.figures or compute_figures(plan)
    projection = projection or compute_projection(plan, figures)
    findings = sorted(result.findings)  # by (rule, path); every later order builds on it
    index = _FindingIndex(findings)
    ruleset = result.ruleset_version
    names = {s.id: s.name for s in plan.schools}
    measure_rows = [_measure_row(m, names, index, i) for i, m in enumerate(plan.measures)]
    fields = _fields(measure_rows)
    schools = _schools(plan, figures, index, measure_rows)
    view_model = {
        "doc": _doc(plan, result),
        "summary": _summary(plan, figures, findings),
        "toc": _toc(plan, fields, schools),
        "chapters": _chapters(plan, index, ruleset),
        "carrier": _carrier(plan),
        "framework": _framework(plan),
        "retrospective": _retrospective(plan, index),
        "schools": schools,
        "needs": _needs(plan),
        "fields": fields,
        "measures": measure_rows,
        "measures_by_school": _measures_by_school(plan, figures),
        "measure_totals": _measure_totals(figures, len(plan.measures)),
        "operations": _operations(plan, figures),
        "training": _training(plan),
        "data_protection": _data_protection(plan, index),
        "sustainability": _sustainability(plan, index),
        "finance": _finance(plan, figures, projection, index, ruleset),
        "schedule": _schedule(plan, measure_rows, index),
        "monitoring": _monitoring(plan),
        "findings": _findings_annex(findings, index),
        "charts": {"budget": None, "devices": None, "follow_up": None},
    }
    return view_model


__all__ = ["build_view_model", "finding_item"]

