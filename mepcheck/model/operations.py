"""Betrieb, Support und Wartung (chapter 8), network and teacher devices."""

from __future__ import annotations

import datetime as dt

from mepcheck.model.base import PlanModel, de
from mepcheck.model.enums import (
    DocStatus,
    NetworkSeparation,
    Party,
    Payer,
    Programme,
    SupportModel,
    TeacherDeviceModel,
)
from mepcheck.types import (
    Count,
    Fte,
    Hours,
    HoursSpan,
    Money,
    Percent,
    Year,
    YearsSpan,
    bounded_int,
)

SupportTier = bounded_int(1, 3, "Supportebene")


class SupportLevel(PlanModel):
    level: SupportTier = de("ebene")
    party: Party = de("zustaendig")
    description: str | None = de("beschreibung", None)


class Staff(PlanModel):
    """Support staff (own personnel)."""

    role: str = de("rolle")
    fte: Fte = de("vzae", description="Vollzeitäquivalente")
    persons: Count = de("personen", 1)
    funding: Programme = de("finanzierung", Programme.OWN)
    funded_until: dt.date | None = de("finanziert_bis", None)
    follow_up_funding: Programme | None = de("anschlussfinanzierung", None)
    additional: bool | None = de(
        "zusaetzlich", None,
        description="ZV Administration: nur Mehrausgaben ggü. schon bestehenden Admin-Strukturen",
    )


class Contract(PlanModel):
    """Support contract with an external provider."""

    provider: str = de("dienstleister")
    hours_per_year: Hours | None = de("stunden_pro_jahr", None)
    fte_equivalent: Fte | None = de("vzae_aequivalent", None)
    annual_cost: Money | None = de("jahreskosten", None)
    until: dt.date | None = de("laufzeit_bis", None)


class ServiceLevel(PlanModel):
    response_hours: HoursSpan | None = de("reaktionszeit_stunden", None)
    onsite_response_hours: HoursSpan | None = de("vor_ort_reaktionszeit_stunden", None)
    ticket_system: bool = de("ticketsystem", False)


class Capacity(PlanModel):
    year: Year = de("jahr")
    fte: Fte = de("vzae")


class Operations(PlanModel):
    """The Betriebs-, Wartungs- und Supportkonzept."""

    concept: DocStatus = de("konzept")
    model: SupportModel | None = de("modell", None)
    levels: list[SupportLevel] = de("supportebenen", default_factory=list)
    staff: list[Staff] = de("personal", default_factory=list)
    contracts: list[Contract] = de("vertraege", default_factory=list)
    service_level: ServiceLevel | None = de("service_level", None)
    annual_cost: Money | None = de("jahreskosten", None)
    capacity: list[Capacity] = de("kapazitaet_je_jahr", default_factory=list)
    commissioning_rules: str | None = de("beauftragung", None)
    cost_per_fte: Money | None = de(
        "kosten_je_vzae", None,
        description="Personalkosten je Vollzeitäquivalent und Jahr (für die Folgekostenprojektion)",
    )
    energy_price_kwh: Money | None = de(
        "strompreis_kwh", None, description="Strompreis in Euro je kWh (für die Projektion)"
    )
    price_increase: Percent | None = de(
        "preissteigerung", None,
        description="jährliche Preissteigerung der laufenden Kosten in der Projektion, z. B. \"2 %\"",
    )


class Network(PlanModel):
    separation: NetworkSeparation = de("trennung_verwaltung_paedagogik")
    segments: list[str] = de("segmente", default_factory=list)
    open_wlan: bool | None = de(
        "offenes_wlan", None,
        description="ein offenes WLAN (z. B. kommunaler Hotspot) ist an Schulen erreichbar",
    )


class TeacherDevices(PlanModel):
    model: TeacherDeviceModel = de("modell")
    replacement_payer: Payer = de("kostentraeger_ersatz")
    support_payer: Payer = de("kostentraeger_support")
    replacement_cycle_years: YearsSpan | None = de("ersatzzyklus_jahre", None)
    private_approval: DocStatus | None = de("genehmigung_privatgeraete", None)


class Byod(PlanModel):
    planned: bool = de("geplant")
    loan_pool: Count | None = de("leihgeraetepool", None)
    social_budget: Money | None = de("sozialausgleich_budget", None)
    support_budget: Money | None = de("support_budget", None)
