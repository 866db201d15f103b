"""Chapter 12: budget per year, programmes, licences, follow-up cost projection."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from mepcheck.assemble.chapters import CHAPTER_SPECS, RECOMMENDED, REQUIRED
from mepcheck.assemble.gaps import GAP_RULES
from mepcheck.assemble.viewmodel.common import SOURCE_STATUS, ZERO, ratio
from mepcheck.assemble.viewmodel.findings import FindingIndex, count_marker
from mepcheck.assemble.viewmodel.measures import measure_totals
from mepcheck.assemble.viewmodel.structure import gap_block
from mepcheck.assemble.viewmodel.sustainability import lifecycle_rows
from mepcheck.assemble.viewmodel.wording import reader_text
from mepcheck.derived import Figures, Projection
from mepcheck.facts.families.funding import in_budget_horizon, programme_budget
from mepcheck.fmt import money as fmt_money
from mepcheck.fmt import number as fmt_number
from mepcheck.labels import label, labels
from mepcheck.model import Plan
from mepcheck.model.enums import Programme


def _cover_text(grants: dict[str, Decimal], third_party: Decimal) -> str:
    """Grants per programme and Drittmittel of a budget row, as the table shows them."""
    parts = [f"{name}: {fmt_money(v)}" for name, v in sorted(grants.items())]
    if third_party:
        parts.append(f"Drittmittel: {fmt_money(third_party)}")
    return "; ".join(parts) or "–"


def _budget_rows(plan: Plan, index: FindingIndex) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    rows = []
    keys = ("investment", "replacement", "running", "support", "licences", "energy",
            "dp_infosec", "total", "own_funds", "grants_total", "third_party", "funding_total",
            "balance")
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
            "third_party": row.third_party, "funding_total": funding, "balance": funding - total,
        }
        for k in keys:
            totals[k] += values[k]
        rows.append({
            "year": str(row.year), **values,
            "grants_text": _cover_text(grants, row.third_party),
            "own_ratio": ratio(row.own_funds, funding),
            "budget_line": row.budget_line,
            "status": label(row.status) if row.status else "–",
            "marker": count_marker(items),
            "findings": items,
        })
    total_row = {
        "year": "Summe", **totals,
        "grants_text": _cover_text(grant_totals, totals["third_party"]),
        "own_ratio": ratio(totals["own_funds"], totals["funding_total"]),
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


def _projection(projection: Projection, index: FindingIndex) -> dict[str, Any]:
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
            "source": reader_text(str(a.get("source", ""))),
            "status": SOURCE_STATUS.get(str(a.get("status")), str(a.get("status", ""))),
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


def _codes(place: str) -> set[str]:
    return {code for code, rule in GAP_RULES.items() if rule.place == place}


def build_finance(plan: Plan, figures: Figures, projection: Projection,
                  index: FindingIndex) -> dict[str, Any]:
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
        budget = programme_budget(plan, prog) if prog.is_grant else None
        if cost or grant or budgeted or budget is not None:
            programmes.append({"programme": label(prog), "measure_cost": cost,
                               "measure_grant": grant, "budget_grants": budgeted,
                               "budget": budget,
                               "marker": count_marker(index.at("foerderprogramme", prog.value))})
    budget_gap = None
    found = index.gaps_for(_codes("budget"))
    if found:
        budget_gap = gap_block(spec, found[0], index)
    lifecycle_gap = None
    found = index.gaps_for(_codes("lifecycle"))
    if found:
        lifecycle_gap = gap_block(
            spec, found[0], index,
            basis="NI SchIT-IVRdErl Nr. 4.1 (Folgekosten, DP19-FOLGEKOSTEN)",
            kind=REQUIRED if plan.carrier.land.value == "NI" else RECOMMENDED)
    return {
        "years": years,
        "totals": totals,
        "budget_gap": budget_gap,
        "programmes": programmes,
        "carrier_budget": plan.carrier.carrier_budget,
        "programme_findings": index.under("foerderprogramme"),
        "measures": measure_totals(figures, len(plan.measures)),
        "measures_own_share_ratio": ratio(figures.total_own_share, figures.total_cost),
        "own_share_in_budget": sum((m.own_share for m in plan.measures
                                    if in_budget_horizon(plan, m)), ZERO),
        "own_funds_in_budget": sum((row.own_funds for row in plan.budget), ZERO),
        "licences": [{
            "product": lic.product, "service": lic.service, "unit": label(lic.unit),
            "unit_price": lic.unit_price, "count": lic.count, "annual_cost": lic.annual_cost,
            "from_year": lic.from_year, "until_year": lic.until_year,
            "programme": label(lic.programme),
            "marker": index.marker(index.at("lizenzen", i)),
        } for i, lic in enumerate(plan.licences)],
        "lifecycle": lifecycle_rows(plan, index),
        "lifecycle_gap": lifecycle_gap,
        "projection": _projection(projection, index),
        "year_findings": index.under("haushalt"),
    }
