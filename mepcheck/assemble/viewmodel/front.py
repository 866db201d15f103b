"""Title page, summary and introduction (chapter 1): document data, carrier, verdict."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from mepcheck import __version__
from mepcheck.assemble.viewmodel.common import ratio
from mepcheck.assemble.viewmodel.findings import count_findings
from mepcheck.assemble.viewmodel.wording import reader_text
from mepcheck.checker import CheckResult
from mepcheck.derived import Figures
from mepcheck.findings import Finding
from mepcheck.fmt import date as fmt_date
from mepcheck.labels import label
from mepcheck.model import Plan
from mepcheck.model.enums import PlanKind
from mepcheck.types import LAND_NAMES


def build_doc(plan: Plan, result: CheckResult) -> dict[str, Any]:
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
        "profile_notes": [reader_text(n) for n in result.profile.notes],
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


def build_summary(plan: Plan, figures: Figures, findings: Sequence[Finding]) -> dict[str, Any]:
    counts = count_findings(findings)
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
        "own_share_ratio": ratio(figures.total_own_share, figures.total_cost),
        "cost_per_pupil": figures.cost_per_pupil(),
        "findings": counts,
        "verdict": _verdict(counts),
    }


def build_carrier(plan: Plan) -> dict[str, Any]:
    c = plan.carrier
    return {
        "name": c.name, "land_name": LAND_NAMES[c.land.value], "kind": label(c.kind),
        "type": label(c.type) if c.type else "–", "contact": c.contact,
        "dpo": f"{c.dpo.name} ({label(c.dpo.role)})" if c.dpo else None,
    }
