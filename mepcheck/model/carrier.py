"""The Schulträger and the plan's own metadata (chapters 1 and 2)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from mepcheck.model.base import PlanModel, de
from mepcheck.model.enums import (
    CarrierKind,
    CarrierType,
    DocStatus,
    DpoRole,
    PlanKind,
    ResolutionStatus,
)
from mepcheck.model.finance import ProgrammeBudget
from mepcheck.types import Land, Money, Name, Year


class DataProtectionOfficer(PlanModel):
    """A Datenschutzbeauftragte(r)."""

    name: Name = de("name")
    contact: str | None = de("kontakt", None)
    role: DpoRole | None = de(
        "rolle", None,
        description="Funktion neben dem Amt: schulleitung, stellvertretende_schulleitung, "
        "lehrkraft, it_administration, verwaltung, extern, behoerdlich (behördlicher DSB des "
        "Trägers); ohne Angabe ist der Interessenkonflikt nicht prüfbar",
    )
    shared: bool = de("geteilt", False, description="für mehrere Schulen bestellt")


class SecurityManagement(PlanModel):
    """Informationssicherheitskonzept of the Schulträger."""

    basis: str | None = de("grundlage", None, description="z. B. BSI WiBA, IT-Grundschutz")
    status: DocStatus = de("status")
    owner: str | None = de("verantwortlich", None)


class Carrier(PlanModel):
    """The Schulträger that owns the plan."""

    name: Name = de("name")
    land: Land = de("land")
    kind: CarrierKind = de("art", description="kommunal oder frei")
    type: CarrierType | None = de("typ", None)
    dpo: DataProtectionOfficer | None = de("datenschutzbeauftragter", None)
    carrier_budget: Money | None = de(
        "traegerbudget", None, description="Schulträgerbudget bzw. Höchstbetrag nach Landesanlage"
    )
    programme_budgets: list[ProgrammeBudget] = de(
        "programmbudgets", default_factory=list,
        description="Budget bzw. Höchstbetrag je Förderprogramm (z. B. DigitalPakt 2.0, Land); "
        "für den DigitalPakt 2019 gilt 'traegerbudget'",
    )
    financially_weak: bool = de("finanzschwach", False, description="finanzschwache Kommune (SH)")
    site_entitled: bool | None = de(
        "grundstueck_berechtigt", None, description="Eigentum/Erbbaurecht am Schulgrundstück (SN)"
    )
    applicant: Literal["schultraeger", "schule", "foerderverein", "sonstige"] | None = de(
        "antragsteller", None,
        description="wer die Förderung beantragt; leer = der Schulträger dieses Plans",
    )
    approved_substitute_school: bool | None = de(
        "ersatzschule_genehmigt", None,
        description="freier Träger: Schulen sind genehmigte Ersatzschulen (DigitalPakt 2019)",
    )
    ifu_allocation: Money | None = de(
        "ifu_teilbetrag", None,
        description="BY: iFU-Teilbetrag des Höchstbetrags (integrierte Fachunterrichtsräume)",
    )
    security: SecurityManagement | None = de("informationssicherheit", None)
    incident_process: DocStatus | None = de("datenpannen_prozess", None)
    contact: str | None = de("ansprechpartner", None)


class Period(PlanModel):
    """Geltungszeitraum of the plan in whole years."""

    start: Year = de("von")
    end: Year = de("bis")

    # 'bis' before 'von' is a contradiction, not a structure error: rule MEP-ZEITRAUM-UMGEKEHRT
    # reports it as a finding, so that a batch still checks everything else about the plan.

    @property
    def years(self) -> list[int]:
        return list(range(self.start, self.end + 1))


class Resolution(PlanModel):
    """Beschluss of the council on the plan."""

    body: str = de("gremium")
    date: dt.date | None = de("datum", None)
    status: ResolutionStatus = de("status")
    reference: str | None = de("drucksache", None)


class PlanMeta(PlanModel):
    """Metadata of the plan itself."""

    title: Name = de("titel")
    period: Period = de("zeitraum")
    kind: PlanKind = de("art", description="erstplan oder fortschreibung")
    reference_date: dt.date = de("stichtag", description="Stichtag, gegen den die Prüfung rechnet")
    version: str = de("version", "1.0")
    resolution: Resolution | None = de("beschluss", None)
    author: str | None = de("erstellt_von", None)
    approach: str | None = de("vorgehen", None, description="Vorgehen bei der Erstellung (Kap. 1)")
    technology_open: bool | None = de(
        "erklaerung_technologieoffen", None,
        description="Erklärung: technologieoffen, erweiterungs- und anschlussfähig",
    )
    previous_plan: str | None = de("vorheriger_plan", None)
    economic_comparison: DocStatus | None = de("wirtschaftlichkeitsvergleich", None)


class Framework(PlanModel):
    """Rahmenbedingungen (chapter 2)."""

    land_strategy: str | None = de("landesstrategie", None)
    kmk_strategy: bool = de("kmk_strategie_beruecksichtigt", False)
    funding_landscape: str | None = de("foerderlandschaft", None)
    text: str | None = de("text", None)
