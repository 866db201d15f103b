"""Chapters 2 and 3: framework and retrospective (with funded assets under earmark)."""

from __future__ import annotations

from typing import Any

from mepcheck.assemble.viewmodel.findings import FindingIndex
from mepcheck.labels import label
from mepcheck.model import Plan
from mepcheck.model.enums import Programme


def build_framework(plan: Plan) -> dict[str, Any]:
    fw = plan.framework
    if fw is None:
        return {"land_strategy": None, "kmk_strategy": None, "funding_landscape": None,
                "text": None}
    return {"land_strategy": fw.land_strategy, "kmk_strategy": fw.kmk_strategy,
            "funding_landscape": fw.funding_landscape, "text": fw.text}


def build_retrospective(plan: Plan, index: FindingIndex) -> dict[str, Any]:
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
