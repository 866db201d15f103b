"""Budget per year, follow-up-cost parameters and licences (chapter 12)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import model_validator

from mepcheck.model.base import PlanModel, de
from mepcheck.model.enums import DeviceType, LicenceUnit, Programme, ResolutionStatus
from mepcheck.types import MAX_MONEY, Count, Identifier, Kwh, Money, Name, Year, YearsSpan


class Grant(PlanModel):
    programme: Programme = de("programm")
    amount: Money = de("betrag")


class ProgrammeBudget(PlanModel):
    """The budget (Höchstbetrag) a programme has allotted to the Träger."""

    programme: Programme = de("programm")
    amount: Money = de("betrag")


class BudgetYear(PlanModel):
    """Financing of one budget year."""

    year: Year = de("jahr")
    investment: Money = de("investitionen", Decimal("0.00"))
    replacement: Money = de("ersatzbeschaffung", Decimal("0.00"))
    running: Money = de("laufende_kosten", Decimal("0.00"))
    support: Money = de("support", Decimal("0.00"))
    licences: Money = de("lizenzen", Decimal("0.00"))
    energy: Money = de("energie", Decimal("0.00"))
    dp_infosec: Money = de("datenschutz_informationssicherheit", Decimal("0.00"))
    own_funds: Money = de("eigenmittel", Decimal("0.00"))
    grants: list[Grant] = de("zuschuesse", default_factory=list)
    third_party: Money = de(
        "drittmittel", Decimal("0.00"),
        description="Mittel Dritter (Förderverein, Spenden, Sponsoring), keine Zuschüsse eines Programms",
    )
    running_funded_by: list[Programme] = de(
        "laufende_kosten_finanziert_aus", default_factory=list,
        description="Programme, aus denen laufende Kosten bezahlt werden",
    )
    budget_line: str | None = de("haushaltsstelle", None)
    status: ResolutionStatus | None = de("beschlussstatus", None)

    @property
    def total_costs(self) -> Decimal:
        return (self.investment + self.replacement + self.running + self.support
                + self.licences + self.energy + self.dp_infosec)

    @property
    def total_funding(self) -> Decimal:
        return (self.own_funds + self.third_party
                + sum((g.amount for g in self.grants), Decimal("0.00")))

    @property
    def total_grants(self) -> Decimal:
        return sum((g.amount for g in self.grants), Decimal("0.00"))


class CostCategory(PlanModel):
    """Follow-up-cost and life-cycle parameters of a device or infrastructure category."""

    device_type: DeviceType = de("geraetetyp")
    replacement_cycle_years: YearsSpan | None = de("ersatzzyklus_jahre", None)
    running_cost_per_unit: Money | None = de(
        "laufende_kosten_je_einheit", None, description="jährlich je Einheit"
    )
    planned_life_years: YearsSpan | None = de("nutzungsdauer_jahre", None)
    life_justification: str | None = de("begruendung_nutzungsdauer", None)
    update_support_until: Year | None = de("updates_bis_jahr", None)
    battery_replaceable: bool | None = de("akku_tauschbar", None)
    battery_swap_budgeted: bool | None = de("akkutausch_budgetiert", None)
    annual_kwh: Kwh | None = de("jahresverbrauch_kwh", None)
    depreciation_years: YearsSpan | None = de("afa_jahre", None)
    unit_price: Money | None = de(
        "einzelpreis", None,
        description="Wiederbeschaffungspreis je Einheit; sonst aus Maßnahmen oder Richtwert",
    )
    platforms: list[str] = de("plattformen", default_factory=list)
    platform_justification: str | None = de("begruendung_plattformen", None)


class Licence(PlanModel):
    product: Name = de("produkt")
    service: Identifier | None = de("dienst", None)
    unit: LicenceUnit = de("einheit")
    unit_price: Money = de("einzelpreis")
    count: Count = de("anzahl")
    from_year: Year = de("ab_jahr")
    until_year: Year = de("bis_jahr")
    programme: Programme = de("finanzierung", Programme.OWN)

    @model_validator(mode="after")
    def _cost_plausible(self) -> Licence:
        if self.unit_price * self.count > MAX_MONEY:
            raise ValueError("Jahreskosten der Lizenz (Einzelpreis × Anzahl) sind unplausibel hoch "
                             "(höchstens 1.000.000.000 €)")
        return self

    @property
    def annual_cost(self) -> Decimal:
        return self.unit_price * self.count
