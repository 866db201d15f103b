"""Chapters 6 and 7 and Annex C: needs, measures per field of action, costs per school."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mepcheck.assemble.viewmodel.common import ZERO
from mepcheck.assemble.viewmodel.findings import FindingIndex
from mepcheck.derived import Figures
from mepcheck.labels import label
from mepcheck.model import Plan
from mepcheck.model.enums import FieldOfAction

_FIELD_ORDER = tuple(FieldOfAction)


def measure_row(m: Any, names: dict[str, str], index: FindingIndex, i: int) -> dict[str, Any]:
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


def build_needs(plan: Plan) -> dict[str, Any]:
    goals = plan.goals
    return {
        "summary": goals.summary if goals else None,
        "participation": [{"group": label(p.group), "form": label(p.form), "date": p.date,
                           "participants": p.participants} for p in plan.participation],
        "standards": [{"form": label(s.school_form), "description": s.description}
                      for s in (goals.standards if goals else [])],
        "priorities": list(goals.priorities) if goals else [],
    }


def build_fields(measure_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
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


def build_measures_by_school(plan: Plan, figures: Figures) -> list[dict[str, Any]]:
    rows = []
    for school in plan.schools:
        f = figures.schools[school.id]
        rows.append({"name": school.name, "count": f.measures, **_money_figures([f])})
    cw = figures.carrier_wide
    if cw.measures:
        rows.append({"name": "trägerweit", "count": cw.measures, **_money_figures([cw])})
    return rows


def measure_totals(figures: Figures, count: int) -> dict[str, Any]:
    return {"count": count, "investment": figures.total_investment,
            "running": figures.total_running, "grant": figures.total_grant,
            "own_share": figures.total_own_share, "total": figures.total_cost}
