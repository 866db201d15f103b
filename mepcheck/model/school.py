"""Schools with their inventory and concepts (chapters 4 and 5)."""

from __future__ import annotations

import datetime as dt

from mepcheck.model.base import PlanModel, de
from mepcheck.model.carrier import DataProtectionOfficer
from mepcheck.model.enums import (
    DeviceType,
    DocStatus,
    FibreStatus,
    FundingCategory,
    Programme,
    SchoolCategory,
    SchoolForm,
)
from mepcheck.types import (
    Classes,
    Count,
    Fte,
    Identifier,
    Mbit,
    Money,
    Name,
    Percent,
    Pupils,
    Rooms,
    Teachers,
    Year,
)


class Bandwidth(PlanModel):
    """Internet connection of a school."""

    current_mbit: Mbit = de("aktuell_mbit")
    available_mbit: Mbit | None = de("verfuegbar_mbit", None, description="maximal verfügbar")
    fibre: FibreStatus = de("glasfaser")
    fibre_expected: dt.date | None = de("glasfaser_erwartet", None)


class Coverage(PlanModel):
    """LAN and WLAN coverage of the teaching rooms."""

    lan: Percent = de("lan")
    wlan: Percent = de("wlan")
    wlan_standard: str | None = de("wlan_standard", None)


class Concept(PlanModel):
    """A school concept (Medienkonzept, Einsatzkonzept, Nutzungsordnung…)."""

    status: DocStatus = de("status")
    date: dt.date | None = de("datum", None)
    covers: list[str] = de(
        "inhalte", default_factory=list,
        description="z. B. ausstattung, internetanbindung, paedagogik, fortbildung",
    )


class TrainingItem(PlanModel):
    topic: str = de("thema")
    audience: str = de("zielgruppe")
    period: str | None = de("zeitraum", None)
    participants: Count | None = de("teilnehmende", None)


class TrainingPlan(PlanModel):
    """Fortbildungsplanung of a school."""

    status: DocStatus = de("status")
    date: dt.date | None = de("datum", None)
    items: list[TrainingItem] = de("massnahmen", default_factory=list)


class InventoryItem(PlanModel):
    """An item of the Bestandsaufnahme."""

    category: FundingCategory = de("kategorie")
    device_type: DeviceType = de("geraetetyp")
    quantity: Count = de("anzahl")
    purchase_year: Year | None = de("anschaffungsjahr", None)
    programme: Programme | None = de("foerderprogramm", None)
    commissioned: dt.date | None = de("inbetriebnahme", None)
    earmark_until: dt.date | None = de("zweckbindung_bis", None, description="Ende der Zweckbindung")
    planned_retirement: dt.date | None = de("geplante_aussonderung", None)
    loan_device: bool = de("leihgeraet", False)


class School(PlanModel):
    """A school covered by the plan."""

    id: Identifier = de("id")
    name: Name = de("name")
    form: SchoolForm = de("schulform")
    category_override: SchoolCategory | None = de(
        "schulart", None, description="allgemeinbildend, berufsbildend oder foerderschule"
    )
    pupils: Pupils = de("schueler")
    teachers: Teachers = de("lehrkraefte")
    classes: Classes = de("klassen")
    rooms: Rooms = de("unterrichtsraeume")
    bandwidth: Bandwidth | None = de("bandbreite", None)
    coverage: Coverage | None = de("abdeckung", None)
    media_concept: Concept | None = de("medienkonzept", None)
    deployment_concept: Concept | None = de(
        "einsatzkonzept", None, description="technisch-pädagogisches Einsatzkonzept (TPEK)"
    )
    training_plan: TrainingPlan | None = de("fortbildungsplanung", None)
    dpo: DataProtectionOfficer | None = de("datenschutzbeauftragter", None)
    usage_policy: Concept | None = de("nutzungsordnung", None)
    dp_rules_of_procedure: Concept | None = de("datenschutz_geschaeftsordnung", None)
    mep_certificate: Concept | None = de("mep_zertifikat", None, description="BW: LMZ-Zertifikat")
    onsite_fte: Fte | None = de("vor_ort_vzae", None, description="Vor-Ort-Support an der Schule in Vollzeitäquivalenten")
    incident_contact: str | None = de("vorfall_kontakt", None)
    base_amount: Money | None = de("sockelbetrag", None, description="NI: Sockelbetrag der Schule")
    platforms: list[str] = de("plattformen", default_factory=list)
    inventory: list[InventoryItem] = de("bestand", default_factory=list, max_length=1_000)

    @property
    def category(self) -> SchoolCategory:
        return self.category_override or self.form.default_category

    # more classes than pupils is a contradiction, reported by MEP-SCHULE-KLASSEN-UEBER-SCHUELER
