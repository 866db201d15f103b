"""Totals and ratios that rules compare and the document shows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from mepcheck.model import Plan
from mepcheck.model.enums import CostType, FundingCategory, Programme, SchoolCategory
from mepcheck.types import round_cents

ZERO = Decimal("0.00")


@dataclass
class SchoolFigures:
    """Totals of one school."""

    investment: Decimal = ZERO
    running: Decimal = ZERO
    grant: Decimal = ZERO
    own_share: Decimal = ZERO
    mobile_cost: Decimal = ZERO
    mobile_cost_dp2019: Decimal = ZERO
    investment_dp2019: Decimal = ZERO
    grant_dp2019: Decimal = ZERO
    devices_inventory: int = 0
    devices_planned: int = 0
    end_devices: int = 0
    measures: int = 0
    by_category: dict[str, Decimal] = field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        return self.investment + self.running


@dataclass
class Figures:
    """All derived figures of a plan."""

    schools: dict[str, SchoolFigures]
    carrier_wide: SchoolFigures
    by_programme: dict[str, Decimal]
    grant_by_programme: dict[str, Decimal]
    by_year: dict[int, Decimal]
    by_category: dict[str, Decimal]
    by_field: dict[str, Decimal]
    total_cost: Decimal
    total_investment: Decimal
    total_running: Decimal
    total_grant: Decimal
    total_own_share: Decimal
    pupils: int
    teachers: int
    devices_total: int
    end_devices_total: int
    support_fte: float
    devices_per_fte: float | None
    general_investment_dp2019: Decimal
    general_mobile_dp2019: Decimal
    general_max_school_mobile_dp2019: Decimal
    mobile_share_general_dp2019: Decimal | None
    licence_cost_by_year: dict[int, Decimal]

    def cost_per_pupil(self) -> Decimal | None:
        if not self.pupils:
            return None
        return round_cents(self.total_cost / self.pupils)


HOURS_PER_FTE = 1600
"""Annual working hours of one FTE, used to convert contract hours (an unverified
assumption, documented with its source in the projection's ASSUMPTIONS table)."""


def support_fte(plan: Plan, hours_per_fte: int | None = None) -> float:
    """Technical support capacity in FTE: own staff plus contracts (hours converted)."""
    ops = plan.operations
    if ops is None:
        return 0.0
    hours = hours_per_fte or HOURS_PER_FTE
    fte = sum(s.fte for s in ops.staff)
    for c in ops.contracts:
        if c.fte_equivalent is not None:
            fte += c.fte_equivalent
        elif c.hours_per_year:
            fte += c.hours_per_year / hours
    return round(fte, 3)


def compute_figures(plan: Plan) -> Figures:
    """Compute every derived figure of ``plan`` (pure, deterministic)."""
    schools = {s.id: SchoolFigures() for s in plan.schools}
    carrier_wide = SchoolFigures()
    by_programme: dict[str, Decimal] = defaultdict(lambda: ZERO)
    grant_by_programme: dict[str, Decimal] = defaultdict(lambda: ZERO)
    by_year: dict[int, Decimal] = defaultdict(lambda: ZERO)
    by_category: dict[str, Decimal] = defaultdict(lambda: ZERO)
    by_field: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for school in plan.schools:
        fig = schools[school.id]
        for item in school.inventory:
            fig.devices_inventory += item.quantity
            if item.device_type.is_end_device:
                fig.end_devices += item.quantity
    for m in plan.measures:
        fig = schools.get(m.school) if m.school else carrier_wide
        assert fig is not None  # references are checked at load time
        total = m.total_cost
        fig.measures += 1
        if m.cost_type is CostType.INVESTMENT:
            fig.investment += total
        else:
            fig.running += total
        fig.grant += m.grant
        fig.own_share += m.own_share
        fig.by_category[m.category.value] = fig.by_category.get(m.category.value, ZERO) + total
        if m.device_type is not None and m.quantity:
            fig.devices_planned += m.quantity
            if m.device_type.is_end_device:
                fig.end_devices += m.quantity
        if m.programme is Programme.DP2019:
            fig.investment_dp2019 += total if m.cost_type is CostType.INVESTMENT else ZERO
            fig.grant_dp2019 += m.grant
            if m.category is FundingCategory.MOBILE_DEVICE:
                fig.mobile_cost_dp2019 += total
        if m.category is FundingCategory.MOBILE_DEVICE:
            fig.mobile_cost += total
        by_programme[m.programme.value] += total
        grant_by_programme[m.programme.value] += m.grant
        if m.budget_year is not None:
            by_year[m.budget_year] += total
        by_category[m.category.value] += total
        by_field[m.field.value] += total
    all_figs = [*schools.values(), carrier_wide]
    devices_total = sum(f.devices_inventory + f.devices_planned for f in all_figs)
    end_devices_total = sum(f.end_devices for f in all_figs)
    fte = support_fte(plan)
    general = [
        schools[s.id] for s in plan.schools
        if s.category in (SchoolCategory.GENERAL, SchoolCategory.SPECIAL)
    ]
    gen_inv = sum((f.investment_dp2019 for f in general), ZERO)
    gen_mob = sum((f.mobile_cost_dp2019 for f in general), ZERO)
    gen_max = max((f.mobile_cost_dp2019 for f in general), default=ZERO)
    licences: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for lic in plan.licences:
        for year in range(lic.from_year, lic.until_year + 1):
            licences[year] += lic.annual_cost
    return Figures(
        schools=schools,
        carrier_wide=carrier_wide,
        by_programme=dict(sorted(by_programme.items())),
        grant_by_programme=dict(sorted(grant_by_programme.items())),
        by_year=dict(sorted(by_year.items())),
        by_category=dict(sorted(by_category.items())),
        by_field=dict(sorted(by_field.items())),
        total_cost=sum((f.total for f in all_figs), ZERO),
        total_investment=sum((f.investment for f in all_figs), ZERO),
        total_running=sum((f.running for f in all_figs), ZERO),
        total_grant=sum((f.grant for f in all_figs), ZERO),
        total_own_share=sum((f.own_share for f in all_figs), ZERO),
        pupils=sum(s.pupils for s in plan.schools),
        teachers=sum(s.teachers for s in plan.schools),
        devices_total=devices_total,
        end_devices_total=end_devices_total,
        support_fte=fte,
        devices_per_fte=round(end_devices_total / fte, 1) if fte else None,
        general_investment_dp2019=gen_inv,
        general_mobile_dp2019=gen_mob,
        general_max_school_mobile_dp2019=gen_max,
        mobile_share_general_dp2019=(gen_mob / gen_inv).quantize(Decimal("0.0001")) if gen_inv else None,
        licence_cost_by_year=dict(sorted(licences.items())),
    )
