"""Nachhaltigkeit (chapter 11): procurement criteria, use life, end of life."""

from __future__ import annotations

from mepcheck.model.base import PlanModel, de
from mepcheck.model.enums import DeviceType, DocStatus
from mepcheck.types import Count, Identifier, Money, YearsSpan


class Procurement(PlanModel):
    """A planned procurement (tender)."""

    id: Identifier = de("id")
    device_type: DeviceType = de("geraetetyp")
    estimated_value: Money = de("geschaetzter_wert")
    env_criteria: list[str] = de(
        "umweltkriterien", default_factory=list,
        description="blauer_engel_de_uz_78, tco_certified, eu_ecolabel, energy_star, epeat, "
        "energieeffizienzklasse, tec_werte, de_uz_219, verpackung_recycling, gleichwertig",
    )
    award_criteria: list[str] = de(
        "zuschlagskriterien", default_factory=list,
        description="preis, energieeffizienz, lebenszykluskosten, reparierbarkeit …",
    )
    lcc_method: str | None = de("lebenszykluskosten_methode", None)
    warranty_years: YearsSpan | None = de("garantie_jahre", None)
    spare_parts_years: YearsSpan | None = de("ersatzteile_jahre", None)
    refurbished_considered: bool | None = de("refurbished_geprueft", None)
    land_rules_applied: bool | None = de("landesvorgaben_angewendet", None)
    circularity_rationale: str | None = de("kreislaufwirtschaft_begruendung", None)
    measures: list[Identifier] = de("massnahmen", default_factory=list)


class EndOfLife(PlanModel):
    status: DocStatus = de("status")
    reuse: bool = de("wiederverwendung", False)
    certified_erasure: bool = de("zertifizierte_loeschung", False)
    take_back: bool = de("ruecknahme_weee", False)
    no_stockpiling: bool = de("keine_bevorratung", False)
    erasure_method: str | None = de("loeschverfahren", None)
    owner: str | None = de("verantwortlich", None)


class Sustainability(PlanModel):
    criteria: list[str] = de("beschaffungskriterien", default_factory=list)
    procurements: list[Procurement] = de("beschaffungen", default_factory=list)
    end_of_life: EndOfLife | None = de("lebensende", None)
    refurbished_share: Count | None = de("refurbished_geraete", None)
