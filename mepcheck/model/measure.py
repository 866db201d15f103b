"""Measures of the Maßnahmenplanung (chapter 7) with costs and funding."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import model_validator

from mepcheck.model.base import PlanModel, de
from mepcheck.model.enums import (
    Assignment,
    CostType,
    DeviceType,
    FieldOfAction,
    FundingCategory,
    ProcurementProcedure,
    Programme,
    ServerJustification,
    Usage,
)
from mepcheck.types import MAX_MONEY, Count, Identifier, Money, Name, Year, round_cents


class Measure(PlanModel):
    """A planned measure. The total cost and own share are derived, never typed."""

    id: Identifier = de("id")
    title: Name = de("titel")
    school: Identifier | None = de("schule", None, description="Schul-Id; leer = trägerweit")
    field: FieldOfAction = de("handlungsfeld")
    category: FundingCategory = de("foerderkategorie")
    device_type: DeviceType | None = de("geraetetyp", None)
    assignment: Assignment | None = de("zuordnung", None)
    quantity: Count | None = de("anzahl", None)
    unit_cost: Money | None = de("einzelpreis", None)
    lump_sum: Money | None = de("pauschal", None, description="Betrag ohne Stückpreis")
    cost_type: CostType = de("kostenart")
    programme: Programme = de("foerderprogramm")
    other_programmes: list[Programme] = de("weitere_foerderprogramme", default_factory=list)
    grant: Money = de("zuschuss", Decimal("0.00"), description="beantragter Zuschuss")
    application_date: dt.date | None = de("antrag", None)
    contract_date: dt.date | None = de("vertrag", None, description="Abschluss des Liefervertrags")
    start: dt.date | None = de("beginn", None)
    end: dt.date | None = de("ende", None)
    acceptance: dt.date | None = de("abnahme", None)
    linked_measure: Identifier | None = de("verknuepft_mit", None)
    usage: Usage = de("nutzung", Usage.PEDAGOGICAL)
    justification: str | None = de("begruendung", None)
    server_justification: ServerJustification | None = de("server_begruendung", None)
    advantage: str | None = de("mehrwert", None, description="Mehrwert ggü. Landesangeboten")
    separate_section: bool = de("selbstaendiger_abschnitt", False)
    covered_by_media_concept: bool | None = de("im_medienkonzept", None)
    ifu: bool = de("ifu", False, description="BY: integrierter Fachunterrichtsraum")
    additional: bool | None = de(
        "zusaetzlich", None,
        description="ZV Administration: nur Mehrausgaben ggü. schon bestehenden Admin-Strukturen",
    )
    responsible: str | None = de("verantwortlich", None)
    procurement: ProcurementProcedure | None = de("vergabeverfahren", None)
    year: Year | None = de("jahr", None, description="Haushaltsjahr; sonst Jahr des Beginns")

    @model_validator(mode="after")
    def _cost_given_once(self) -> Measure:
        priced = self.unit_cost is not None
        if priced and self.lump_sum is not None:
            raise ValueError("entweder 'einzelpreis' (mit 'anzahl') oder 'pauschal' angeben")
        if priced and self.quantity is None:
            raise ValueError("'einzelpreis' braucht 'anzahl'")
        if not priced and self.lump_sum is None:
            raise ValueError("Kosten fehlen: 'einzelpreis' mit 'anzahl' oder 'pauschal' angeben")
        if self.total_cost > MAX_MONEY:
            raise ValueError(f"Gesamtkosten {self.total_cost} € sind unplausibel hoch "
                             "(höchstens 1.000.000.000 € je Maßnahme)")
        # contradictions between given values are findings of coded rules, not load errors:
        # MEP-ZUSCHUSS-UEBER-KOSTEN (grant above cost), MEP-MASSNAHME-ENDE-VOR-BEGINN
        return self

    @property
    def total_cost(self) -> Decimal:
        if self.unit_cost is not None:
            return round_cents(self.unit_cost * (self.quantity or 0))
        return self.lump_sum or Decimal("0.00")

    @property
    def own_share(self) -> Decimal:
        return self.total_cost - self.grant

    @property
    def budget_year(self) -> int | None:
        if self.year is not None:
            return self.year
        return self.start.year if self.start else None
