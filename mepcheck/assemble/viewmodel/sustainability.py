"""Chapter 11: sustainability (procurements, lifecycle, end of life)."""

from __future__ import annotations

from typing import Any

from mepcheck.assemble.viewmodel.common import dec
from mepcheck.assemble.viewmodel.findings import FindingIndex
from mepcheck.labels import label, labels
from mepcheck.model import Plan


def lifecycle_rows(plan: Plan, index: FindingIndex) -> list[dict[str, Any]]:
    return [{
        "device": label(c.device_type),
        "replacement_cycle_years": c.replacement_cycle_years,
        "planned_life_years": c.planned_life_years,
        "running_cost_per_unit": c.running_cost_per_unit,
        "update_support_until": c.update_support_until,
        "battery_replaceable": c.battery_replaceable,
        "annual_kwh": dec(c.annual_kwh),
        "markers": index.chapter_markers(index.at("folgekosten", i)),
    } for i, c in enumerate(plan.cost_categories)]


def build_sustainability(plan: Plan, index: FindingIndex) -> dict[str, Any]:
    sus = plan.sustainability
    lifecycle = lifecycle_rows(plan, index)
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
