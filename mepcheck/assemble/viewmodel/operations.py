"""Chapters 8 and 9: operations and support, training."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from mepcheck.assemble.viewmodel.common import dec
from mepcheck.derived import Figures
from mepcheck.labels import label, labels
from mepcheck.model import Plan


def build_operations(plan: Plan, figures: Figures) -> dict[str, Any]:
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
        "support_fte": dec(figures.support_fte),
        "devices_per_fte": dec(figures.devices_per_fte),
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
        "staff": [{"role": s.role, "fte": dec(s.fte), "persons": s.persons,
                   "funding": label(s.funding), "funded_until": s.funded_until}
                  for s in ops.staff],
        "contracts": [{"provider": c.provider, "hours_per_year": c.hours_per_year,
                       "fte": dec(c.fte_equivalent), "annual_cost": c.annual_cost,
                       "until": c.until} for c in ops.contracts],
        "service_level": None if sl is None else {
            "response_hours": dec(sl.response_hours),
            "onsite_response_hours": dec(sl.onsite_response_hours),
            "ticket_system": sl.ticket_system},
        "annual_cost": ops.annual_cost,
        "capacity": [{"year": c.year, "fte": dec(c.fte),
                      "devices_per_fte": (Decimal(end_devices) / dec(c.fte)).quantize(
                          Decimal("0.1")) if c.fte else None} for c in ops.capacity],
        "commissioning": ops.commissioning_rules,
        **base,
    }


def build_training(plan: Plan) -> dict[str, Any]:
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
