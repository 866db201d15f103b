"""Cost-of-ownership projection: follow-up costs per year against the budget.

The projection answers the Kämmerer's question "what does the plan cost every
year, also after the funding ends, and how much of it is not budgeted?". It is
pure and deterministic: everything comes from the plan, from explicit
``overrides`` or from the documented assumptions in :data:`ASSUMPTIONS`.

How each component of a year is computed (nominal euros, rounded to cents):

* ``investment`` – investive measures whose budget year is that year
  (measures without a year count in the first plan year).
* ``units`` per device type – inventory items from their purchase year on, plus
  investive measures with a device type and a quantity from their budget year on. An
  inventory item with a planned retirement leaves the stock in its retirement year only
  when an investive measure of the same school and device type (budget year: the
  retirement year or the year before) replaces it; otherwise it is renewed from the
  replacement budget and stays in the stock.
* ``replacement`` – the replacement annuity Σ units × unit price ÷ replacement
  cycle; units count from the year *after* their acquisition (a device bought this
  year is paid by the investment, its replacement reserve starts next year).
* ``running`` – Σ units × running cost per unit of the category, plus operating
  and maintenance measures of that year.
* ``support`` – the annual cost of the Betriebskonzept (``betrieb.jahreskosten``),
  else staff FTE × cost per FTE plus contract costs, scaled with the support capacity
  per year the plan states (``kapazitaet_je_jahr``, relative to its first year; after
  the last stated year the last value holds); plus support and personnel measures of
  that year. Support does not end with a contract or a funding line: the need continues.
* ``licences`` – subscriptions in their term; subscriptions that run until the
  end of the plan are assumed to continue afterwards (option ``extend_licences``).
* ``energy`` – Σ units × annual kWh of the category × energy price.
* recurring components grow with the optional price increase from the first plan
  year on (default 0 %: prices of the plan).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from mepcheck.derived.figures import HOURS_PER_FTE, Figures
from mepcheck.model import Plan
from mepcheck.model.enums import CostType, DeviceType, Programme
from mepcheck.types import round_cents

ZERO = Decimal("0.00")

HORIZON_AFTER_FUNDING = 5
"""Years projected after the end of the funding the plan uses (project choice, see FOLGEK-NACH-FOERDERENDE)."""

FUNDING_END: dict[Programme, int] = {
    Programme.DP2019: 2024,
    Programme.ZV_SOFORT: 2024,
    Programme.ZV_ADMIN: 2024,
    Programme.ZV_TEACHERS: 2024,
    Programme.DP20: 2030,
}
"""Last year of the federal programmes (DigitalPakt 2019–2024 incl. the three
Zusatzvereinbarungen; DigitalPakt 2.0 2025/2026–2030). Land, EU and other grants have
no general end and are not used to set the funding end."""


@dataclass(frozen=True)
class Assumption:
    """A documented projection assumption."""

    label: str
    value: Any
    unit: str
    source: str
    status: str
    """verified, secondary or unverified (see :class:`mepcheck.types.SourceStatus`)."""

    def as_dict(self, *, overridden: bool = False) -> dict[str, Any]:
        return {
            "label": self.label,
            "value": self.value,
            "unit": self.unit,
            "source": "vom Plan oder Aufruf vorgegeben" if overridden else self.source,
            "status": "plan" if overridden else self.status,
        }


_PRICE_SOURCE = (
    "Annahme mepcheck: Größenordnung von Marktpreisen für Schulen 2025 (brutto); "
    "nur verwendet, wenn weder 'folgekosten[].einzelpreis' noch ein Stückpreis aus "
    "Maßnahmen bekannt ist – durch Angebotspreise ersetzen"
)
_CYCLE_SOURCE = (
    "Vorschlag aus NACHH-NUTZUNGSDAUER (Endgeräte 5, Desktops 6, Präsentationstechnik 7, "
    "aktive Netzkomponenten 8 Jahre) und Erfahrungswerte ICT-Coach (CH), "
    "https://ict-coach.ch/zh/basisinfrastruktur/erneuerungen/ ; kein amtlicher Wert"
)

DEFAULT_UNIT_PRICES: dict[DeviceType, Decimal] = {
    DeviceType.NOTEBOOK: Decimal("650.00"),
    DeviceType.TABLET: Decimal("450.00"),
    DeviceType.CONVERTIBLE: Decimal("800.00"),
    DeviceType.DESKTOP: Decimal("900.00"),
    DeviceType.THIN_CLIENT: Decimal("450.00"),
    DeviceType.SMARTPHONE: Decimal("350.00"),
    DeviceType.DISPLAY: Decimal("5000.00"),
    DeviceType.WHITEBOARD: Decimal("4000.00"),
    DeviceType.MONITOR: Decimal("200.00"),
    DeviceType.PROJECTOR: Decimal("900.00"),
    DeviceType.DOCUMENT_CAMERA: Decimal("300.00"),
    DeviceType.PRINTER: Decimal("600.00"),
    DeviceType.ACCESS_POINT: Decimal("400.00"),
    DeviceType.SWITCH: Decimal("1500.00"),
    DeviceType.FIREWALL: Decimal("4000.00"),
    DeviceType.SERVER: Decimal("6000.00"),
    DeviceType.WORK_DEVICE: Decimal("1000.00"),
    DeviceType.VR_HEADSET: Decimal("500.00"),
}
"""Benchmark replacement prices per unit when the plan states none (unverified)."""

DEFAULT_CYCLES: dict[DeviceType, int] = {
    DeviceType.NOTEBOOK: 5,
    DeviceType.TABLET: 5,
    DeviceType.CONVERTIBLE: 5,
    DeviceType.SMARTPHONE: 5,
    DeviceType.DESKTOP: 6,
    DeviceType.THIN_CLIENT: 6,
    DeviceType.WORK_DEVICE: 6,
    DeviceType.VR_HEADSET: 5,
    DeviceType.DISPLAY: 7,
    DeviceType.WHITEBOARD: 7,
    DeviceType.MONITOR: 7,
    DeviceType.PROJECTOR: 7,
    DeviceType.DOCUMENT_CAMERA: 7,
    DeviceType.PRINTER: 6,
    DeviceType.ACCESS_POINT: 8,
    DeviceType.SWITCH: 8,
    DeviceType.FIREWALL: 8,
    DeviceType.SERVER: 6,
}
"""Benchmark replacement cycles in years when the plan states none (proposal, not law)."""

ASSUMPTIONS: dict[str, Assumption] = {
    "horizon_years": Assumption(
        "Projektionsjahre nach Förderende", HORIZON_AFTER_FUNDING, "Jahre",
        "Projektentscheidung mepcheck (FOLGEK-NACH-FOERDERENDE): Betrieb/Support als "
        "DigitalPakt-Voraussetzung, https://digitalpaktschule.de/de/schultraeger-1704.html ; "
        "ifib „sechstes Jahr“, https://www.ifib.de/blog/detail/gesamtkosten-fuer-schul-it",
        "secondary",
    ),
    "funding_end": Assumption(
        "Förderende je Programm",
        {p.value: y for p, y in FUNDING_END.items()}, "Jahr",
        "DigitalPakt Schule 2019–2024 mit Zusatz-VV bis Ende 2024 "
        "(https://digitalpaktschule.de/de/im-wortlaut-die-verwaltungsvereinbarung-1709.html); "
        "DigitalPakt 2.0 2025–2030 (gemeinsame Erklärung vom 13.12.2024)",
        "verified",
    ),
    "energy_price": Assumption(
        "Strompreis", Decimal("0.30"), "EUR/kWh",
        "Annahme mepcheck: Größenordnung Gewerbe-/Kommunalstrompreis 2024/2025 brutto "
        "(z. B. BDEW-Strompreisanalyse); mit 'betrieb.strompreis_kwh' oder Option setzen",
        "unverified",
    ),
    "price_increase": Assumption(
        "jährliche Preissteigerung laufender Kosten", Decimal("0"), "Anteil",
        "Annahme mepcheck: Preise des Plans (nominal, ohne Steigerung); mit "
        "'betrieb.preissteigerung' oder Option setzen",
        "unverified",
    ),
    "cost_per_fte": Assumption(
        "Personalkosten je Vollzeitäquivalent Support", Decimal("74000.00"), "EUR/Jahr",
        "Stadt Stuttgart GRDrs 1223/2023: 370.000 € für 5 VZK EG 10 TVöD (abgeleitet 74.000 € "
        "je VZK, Preisstand 2023), https://www.domino1.stuttgart.de/web/ksd/KSDRedSystem.nsf/"
        "3773c106d8cc9a76c1256ad900302205/b9d1bd42b7624e98c1258a89002c3627?OpenDocument ; "
        "nur verwendet, wenn 'betrieb.jahreskosten' fehlt",
        "verified",
    ),
    "unit_prices": Assumption(
        "Richtwerte Stückpreise", {t.value: v for t, v in DEFAULT_UNIT_PRICES.items()},
        "EUR je Einheit", _PRICE_SOURCE, "unverified",
    ),
    "replacement_cycles": Assumption(
        "Richtwerte Ersatzzyklen", {t.value: v for t, v in DEFAULT_CYCLES.items()},
        "Jahre", _CYCLE_SOURCE, "secondary",
    ),
    "hours_per_fte": Assumption(
        "Jahresarbeitsstunden je Vollzeitäquivalent (Umrechnung von Vertragsstunden)", HOURS_PER_FTE,
        "Stunden",
        "Annahme mepcheck: Nettojahresarbeitszeit einer Vollzeitkraft im öffentlichen Dienst "
        "in der Größenordnung von 1.600 Stunden; nur verwendet, wenn ein Vertrag kein "
        "'vzae_aequivalent' nennt",
        "unverified",
    ),
    "extend_licences": Assumption(
        "Abonnements bis Planende laufen danach weiter", True, "ja/nein",
        "Annahme mepcheck: Abo-Lizenzen (MDM, Lernplattform, Office) bleiben nötig, solange die "
        "Geräte betrieben werden (ifib, https://www.ifib.de/blog/detail/gesamtkosten-fuer-schul-it)",
        "secondary",
    ),
}
"""Every assumption of the projection with its value, source and verification status."""


@dataclass(frozen=True)
class ProjectionYear:
    year: int
    investment: Decimal
    """planned investment measures in that year"""
    replacement: Decimal
    """replacement annuity: Σ per category units × unit price ÷ replacement cycle"""
    running: Decimal
    """running costs per unit × units (categories) plus operating measures"""
    support: Decimal
    """support staff + contracts"""
    licences: Decimal
    energy: Decimal
    total: Decimal
    own_funds: Decimal
    """budgeted own funds (haushalt row of that year, 0 if none)"""
    grants: dict[str, Decimal]
    """budgeted grants per programme"""
    budgeted: Decimal
    """budgeted cost total of that year (0 if no haushalt row)"""
    gap: Decimal
    """max(total - budgeted, 0): unfunded"""
    after_funding: bool
    """year after the end of the funding the plan uses"""
    in_plan_period: bool = True
    has_budget_row: bool = False
    budgeted_replacement: Decimal = ZERO
    """replacement budgeted in the haushalt row"""
    budgeted_recurring: Decimal = ZERO
    """running + support + licences + energy budgeted in the haushalt row"""
    recurring: Decimal = ZERO
    """projected running + support + licences + energy"""
    funded: Decimal = ZERO
    """own funds + grants of the haushalt row"""
    units: dict[str, int] = field(default_factory=dict)
    """units in operation per device type"""
    replacement_by_type: dict[str, Decimal] = field(default_factory=dict)

    @property
    def replacement_gap(self) -> Decimal:
        return max(self.replacement - self.budgeted_replacement, ZERO)

    @property
    def recurring_gap(self) -> Decimal:
        return max(self.recurring - self.budgeted_recurring, ZERO)


@dataclass(frozen=True)
class Projection:
    years: tuple[ProjectionYear, ...]
    funding_end_year: int
    assumptions: dict[str, Any]
    """documented assumptions (name -> {label, value, unit, source, status})"""
    plan_start: int = 0
    plan_end: int = 0
    programmes: tuple[str, ...] = ()
    """federal programmes the plan uses (they set the funding end)"""
    defaults_used: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """which benchmark was used for which device types: {"unit_prices": ("tablet",), …}"""

    def year(self, year: int) -> ProjectionYear | None:
        return next((y for y in self.years if y.year == year), None)

    @property
    def total_gap(self) -> Decimal:
        return sum((y.gap for y in self.years), ZERO)

    @property
    def gap_after_funding(self) -> Decimal:
        return sum((y.gap for y in self.years if y.after_funding), ZERO)


def _programmes_used(plan: Plan) -> set[Programme]:
    used: set[Programme] = set()
    for m in plan.measures:
        used.add(m.programme)
        used.update(m.other_programmes)
    for row in plan.budget:
        used.update(g.programme for g in row.grants if g.amount > 0)
        used.update(row.running_funded_by)
    for lic in plan.licences:
        used.add(lic.programme)
    if plan.operations is not None:
        used.update(s.funding for s in plan.operations.staff)
    return used


def funding_end_year(plan: Plan) -> int:
    """Last year of the federal funding the plan uses (year before the plan if none)."""
    ends = [FUNDING_END[p] for p in _programmes_used(plan) if p in FUNDING_END]
    return max(ends) if ends else plan.meta.period.start - 1


def _measure_year(plan: Plan, m: Any) -> int:
    year = m.budget_year
    return year if year is not None else plan.meta.period.start


def measure_unit_prices(plan: Plan) -> dict[DeviceType, Decimal]:
    totals: dict[DeviceType, Decimal] = defaultdict(lambda: ZERO)
    counts: dict[DeviceType, int] = defaultdict(int)
    for m in plan.measures:
        if m.cost_type is CostType.INVESTMENT and m.device_type is not None and m.quantity:
            totals[m.device_type] += m.total_cost
            counts[m.device_type] += m.quantity
    return {t: round_cents(totals[t] / counts[t]) for t in totals}


@dataclass(frozen=True)
class _Stock:
    """Units of one device type from ``bought`` (None: before the plan) until ``leaves``
    (exclusive; None: stays)."""

    device_type: DeviceType
    quantity: int
    bought: int | None
    leaves: int | None


def _stock(plan: Plan) -> list[_Stock]:
    """Inventory and investive measures with a device type and a quantity.

    An inventory item leaves the stock in the year of its planned retirement only if an
    investive measure of the same school and device type replaces it (budget year in the
    retirement year or the year before); otherwise it is assumed to be renewed from the
    replacement budget, so the stock stays (that is what the annuity pays for).
    """
    investive = [m for m in plan.measures
                 if m.cost_type is CostType.INVESTMENT and m.device_type is not None and m.quantity]
    replaced: dict[tuple[str | None, DeviceType], set[int]] = defaultdict(set)
    for m in investive:
        replaced[(m.school, m.device_type)].add(_measure_year(plan, m))  # type: ignore[index]
    out: list[_Stock] = []
    for school in plan.schools:
        for item in school.inventory:
            leaves = None
            if item.planned_retirement is not None:
                retire = item.planned_retirement.year
                if replaced[(school.id, item.device_type)] & {retire - 1, retire}:
                    leaves = retire
            out.append(_Stock(item.device_type, item.quantity, item.purchase_year, leaves))
    out += [_Stock(m.device_type, m.quantity, _measure_year(plan, m), None)  # type: ignore[arg-type]
            for m in investive]
    return out


def _units(stock: list[_Stock], year: int, *, replacement: bool) -> dict[DeviceType, int]:
    """Units in operation in ``year``; for the replacement annuity only units bought before."""
    units: dict[DeviceType, int] = defaultdict(int)
    for entry in stock:
        if entry.bought is not None and (entry.bought >= year if replacement else entry.bought > year):
            continue
        if entry.leaves is not None and year >= entry.leaves:
            continue
        units[entry.device_type] += entry.quantity
    return units


def _dec(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def compute_projection(plan: Plan, figures: Figures | None = None, **overrides: Any) -> Projection:
    """Project the follow-up costs of ``plan`` per year against its budget.

    ``overrides`` (all optional): ``energy_price`` (EUR/kWh), ``price_increase``
    (share per year), ``cost_per_fte`` (EUR), ``unit_prices`` and
    ``replacement_cycles`` (device-type value -> price / years), ``horizon_years``,
    ``extend_licences`` (bool). They win over plan values, which win over
    :data:`ASSUMPTIONS`. ``figures`` is accepted for symmetry with the other
    derived figures; the projection does not need it.
    """
    del figures  # the projection is computed from the plan itself
    unknown = set(overrides) - set(ASSUMPTIONS) - {"unit_prices", "replacement_cycles"}
    if unknown:
        raise TypeError(f"unknown projection overrides: {sorted(unknown)}")
    ops = plan.operations
    plan_values: dict[str, Any] = {}
    if ops is not None:
        if ops.energy_price_kwh is not None:
            plan_values["energy_price"] = ops.energy_price_kwh
        if ops.price_increase is not None:
            plan_values["price_increase"] = ops.price_increase
        if ops.cost_per_fte is not None:
            plan_values["cost_per_fte"] = ops.cost_per_fte

    def setting(name: str) -> Any:
        if name in overrides:
            return overrides[name]
        if name in plan_values:
            return plan_values[name]
        return ASSUMPTIONS[name].value

    energy_price = _dec(setting("energy_price"))
    increase = _dec(setting("price_increase"))
    cost_per_fte = _dec(setting("cost_per_fte"))
    horizon = int(setting("horizon_years"))
    extend_licences = bool(setting("extend_licences"))
    price_over = {DeviceType(k): _dec(v) for k, v in (overrides.get("unit_prices") or {}).items()}
    cycle_over = {DeviceType(k): int(v) for k, v in (overrides.get("replacement_cycles") or {}).items()}

    start, end = plan.meta.period.start, plan.meta.period.end
    funding_end = funding_end_year(plan)
    last = max(end, funding_end + horizon)
    categories = {c.device_type: c for c in plan.cost_categories}
    measure_prices = measure_unit_prices(plan)
    defaults_used: dict[str, set[str]] = defaultdict(set)

    def unit_price(t: DeviceType) -> Decimal | None:
        cat = categories.get(t)
        if t in price_over:
            return price_over[t]
        if cat is not None and cat.unit_price is not None:
            return cat.unit_price
        if t in measure_prices:
            return measure_prices[t]
        if t in DEFAULT_UNIT_PRICES:
            defaults_used["unit_prices"].add(t.value)
            return DEFAULT_UNIT_PRICES[t]
        return None

    def cycle(t: DeviceType) -> int | None:
        cat = categories.get(t)
        if t in cycle_over:
            return cycle_over[t] or None
        if cat is not None and cat.replacement_cycle_years:
            return cat.replacement_cycle_years
        if cat is not None and cat.planned_life_years:
            return cat.planned_life_years
        if t in DEFAULT_CYCLES:
            defaults_used["replacement_cycles"].add(t.value)
            return DEFAULT_CYCLES[t]
        return None

    base_support = ZERO
    if ops is not None:
        if ops.annual_cost is not None:
            base_support = ops.annual_cost
        else:
            base_support = _dec(sum(s.fte for s in ops.staff)) * cost_per_fte
            base_support += sum((c.annual_cost or ZERO for c in ops.contracts), ZERO)
            if ops.staff and "cost_per_fte" not in overrides and "cost_per_fte" not in plan_values:
                defaults_used["cost_per_fte"].add("personal")

    capacity = sorted((c.year, c.fte) for c in ops.capacity) if ops is not None else []

    def support_factor(year: int) -> Decimal:
        """Growth of the support capacity the plan states ('kapazitaet_je_jahr')."""
        if not capacity or not capacity[0][1]:
            return Decimal(1)
        known = [fte for y, fte in capacity if y <= year] or [capacity[0][1]]
        return _dec(known[-1]) / _dec(capacity[0][1])

    budget_rows = {row.year: row for row in plan.budget}
    stock = _stock(plan)
    years: list[ProjectionYear] = []
    for year in range(start, last + 1):
        factor = (Decimal(1) + increase) ** (year - start)
        units_now = _units(stock, year, replacement=False)
        units_old = _units(stock, year, replacement=True)
        replacement_by_type: dict[str, Decimal] = {}
        for t, n in sorted(units_old.items(), key=lambda kv: kv[0].value):
            price, years_ = unit_price(t), cycle(t)
            if n and price is not None and years_:
                replacement_by_type[t.value] = round_cents(n * price / years_ * factor)
        running = ZERO
        energy = ZERO
        for t, n in units_now.items():
            cat = categories.get(t)
            if cat is None:
                continue
            if cat.running_cost_per_unit is not None:
                running += n * cat.running_cost_per_unit
            if cat.annual_kwh:
                energy += _dec(n) * _dec(cat.annual_kwh) * energy_price
        support = base_support * support_factor(year)
        licences = ZERO
        for lic in plan.licences:
            until = lic.until_year
            if extend_licences and until >= end:
                until = last
            if lic.from_year <= year <= until:
                licences += lic.annual_cost
        running, support, licences, energy = (
            x * factor for x in (running, support, licences, energy)
        )
        investment = ZERO
        for m in plan.measures:
            if _measure_year(plan, m) != year:
                continue
            cost = m.total_cost
            if m.cost_type is CostType.INVESTMENT:
                investment += cost
            elif m.cost_type in (CostType.SUPPORT, CostType.PERSONNEL):
                support += cost
            elif m.cost_type is CostType.LICENCE:
                licences += cost
            else:
                running += cost
        replacement = sum(replacement_by_type.values(), ZERO)
        running, support, licences, energy = (
            round_cents(x) for x in (running, support, licences, energy)
        )
        recurring = running + support + licences + energy
        total = investment + replacement + recurring
        row = budget_rows.get(year)
        if row is not None:
            grants: dict[str, Decimal] = defaultdict(lambda: ZERO)
            for g in row.grants:
                grants[g.programme.value] += g.amount
            own, budgeted = row.own_funds, row.total_costs
            b_repl = row.replacement
            b_rec = row.running + row.support + row.licences + row.energy
            funded = row.total_funding
        else:
            grants, own, budgeted, b_repl, b_rec, funded = {}, ZERO, ZERO, ZERO, ZERO, ZERO
        years.append(ProjectionYear(
            year=year,
            investment=investment,
            replacement=replacement,
            running=running,
            support=support,
            licences=licences,
            energy=energy,
            total=total,
            own_funds=own,
            grants=dict(sorted(grants.items())),
            budgeted=budgeted,
            gap=max(total - budgeted, ZERO),
            after_funding=year > funding_end,
            in_plan_period=start <= year <= end,
            has_budget_row=row is not None,
            budgeted_replacement=b_repl,
            budgeted_recurring=b_rec,
            recurring=recurring,
            funded=funded,
            units={t.value: n for t, n in sorted(units_now.items(), key=lambda kv: kv[0].value)},
            replacement_by_type=replacement_by_type,
        ))
    given = set(overrides) | set(plan_values)
    assumptions = {name: a.as_dict(overridden=name in given) for name, a in ASSUMPTIONS.items()}
    for name in given & set(ASSUMPTIONS):
        assumptions[name]["value"] = setting(name)
    for name in ("unit_prices", "replacement_cycles"):
        if name in overrides:
            assumptions[name]["overrides"] = dict(overrides[name])
    used = sorted(p.value for p in _programmes_used(plan) if p in FUNDING_END)
    return Projection(
        years=tuple(years),
        funding_end_year=funding_end,
        assumptions=assumptions,
        plan_start=start,
        plan_end=end,
        programmes=tuple(used),
        defaults_used={k: tuple(sorted(v)) for k, v in sorted(defaults_used.items())},
    )
