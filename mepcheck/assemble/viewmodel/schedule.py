"""Chapters 13 and 14: schedule and monitoring."""

from __future__ import annotations

import datetime as dt
from typing import Any

from mepcheck.assemble.viewmodel.common import dec
from mepcheck.assemble.viewmodel.findings import FindingIndex
from mepcheck.model import Plan


def build_schedule(plan: Plan, measure_rows: list[dict[str, Any]],
              index: FindingIndex) -> dict[str, Any]:
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


def build_monitoring(plan: Plan) -> dict[str, Any]:
    mon = plan.monitoring
    if mon is None:
        return {"indicators": [], "review_months": None, "next_update": None, "owner": None}
    return {
        "indicators": [{"name": i.name, "unit": i.unit, "baseline": dec(i.baseline),
                        "target": dec(i.target), "year": i.year, "source": i.source}
                       for i in mon.indicators],
        "review_months": mon.review_months,
        "next_update": mon.next_update,
        "owner": mon.owner,
    }
