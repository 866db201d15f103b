"""Services that process personal data (chapter 10)."""

from __future__ import annotations

import datetime as dt

from mepcheck.model.base import PlanModel, de
from mepcheck.model.enums import (
    AiFunction,
    DataSubject,
    DocStatus,
    DsfaStatus,
    LegalBasis,
    Party,
    RelationshipType,
    ServiceFeature,
    ServiceKind,
    TransferMechanism,
    Wp248Criterion,
    YesNoUnknown,
)
from mepcheck.types import Age, Days, Identifier, Months, Name, Pue


class Relationship(PlanModel):
    party: Party = de("partei")
    type: RelationshipType = de("art")
    document: DocStatus = de("vertrag", DocStatus.PRESENT)


class Processor(PlanModel):
    name: Name = de("name")
    avv: DocStatus = de("avv")
    seat: str | None = de("sitz", None, description="Land des Sitzes, z. B. DE, IE, US")


class Dsfa(PlanModel):
    """Threshold analysis and Datenschutz-Folgenabschätzung."""

    threshold_analysis: DocStatus = de("schwellwertanalyse", DocStatus.MISSING)
    status: DsfaStatus = de("status", DsfaStatus.MISSING)
    date: dt.date | None = de("datum", None)


class Transfer(PlanModel):
    """Third-country transfer."""

    mechanism: TransferMechanism = de("mechanismus")
    dpf_certified: bool | None = de("dpf_zertifiziert", None)
    dpf_checked: dt.date | None = de("dpf_geprueft_am", None)
    assessment: DocStatus | None = de("transfer_folgenabschaetzung", None)


class Deletion(PlanModel):
    concept: DocStatus = de("status")
    account_deletion_months: Months | None = de(
        "konto_loeschung_monate", None, description="Monate nach Ende des Schuljahrs des Abgangs"
    )
    backup_retention_days: Days | None = de("backup_aufbewahrung_tage", None)


class Logging(PlanModel):
    scope: str | None = de("umfang", None)
    retention_days: Days | None = de("aufbewahrung_tage", None)
    content_logging: bool = de("inhaltsprotokollierung", False)


class Hosting(PlanModel):
    dc_label: str | None = de("rz_label", None, description="z. B. DE-UZ 228")
    pue: Pue | None = de("pue", None)


class Service(PlanModel):
    """A planned or operated service or system."""

    id: Identifier = de("id")
    name: Name = de("name")
    kind: ServiceKind = de("art")
    product: str | None = de("produkt", None)
    vendor: str | None = de("anbieter", None)
    provided_by: Party | None = de("bereitgestellt_von", None)
    operator: Party | None = de("betreiber", None)
    controller: Party | None = de("verantwortlicher", None)
    relationships: list[Relationship] = de("beziehungen", default_factory=list)
    personal_data: bool = de("personenbezogene_daten", True)
    subjects: list[DataSubject] = de("betroffene", default_factory=list)
    min_age: Age | None = de("mindestalter", None)
    legal_basis: LegalBasis | None = de("rechtsgrundlage", None)
    mandatory_use: bool | None = de("nutzung_verpflichtend", None)
    schools: list[Identifier] = de("schulen", default_factory=list, description="leer = alle")
    processors: list[Processor] = de("auftragsverarbeiter", default_factory=list)
    avv_school_carrier: DocStatus | None = de("avv_schule_traeger", None)
    vendor_own_purposes: YesNoUnknown = de("eigene_zwecke_anbieter", YesNoUnknown.UNKNOWN)
    vvt: DocStatus | None = de("vvt", None)
    vvt_reviewed: dt.date | None = de("vvt_geprueft_am", None)
    dsfa: Dsfa | None = de("dsfa", None)
    wp248: list[Wp248Criterion] = de("wp248_kriterien", default_factory=list)
    features: list[ServiceFeature] = de("merkmale", default_factory=list)
    locations: list[str] = de("speicherorte", default_factory=list, description="EU, DE, US …")
    access_from: list[str] = de("zugriff_aus", default_factory=list)
    transfer: Transfer | None = de("drittland", None)
    deletion: Deletion | None = de("loeschkonzept", None)
    toms: DocStatus | None = de("toms", None)
    privacy_notice: DocStatus | None = de("informationspflichten", None)
    usage_policy: DocStatus | None = de("nutzungsordnung", None)
    logging: Logging | None = de("protokollierung", None)
    land_offer_considered: bool | None = de("landesangebot_geprueft", None)
    alternatives: list[str] = de("alternativen", default_factory=list)
    hosting: Hosting | None = de("hosting", None)
    min_client_requirements: str | None = de("mindestanforderungen_clients", None)
    youth_filter: bool | None = de("jugendschutzfilter", None)
    open_wlan_excluded: bool | None = de("offenes_wlan_ausgeschlossen", None)
    byod_agreement: DocStatus | None = de("byod_vereinbarung", None)
    byod_separation: bool | None = de(
        "byod_trennung", None,
        description="technische Trennung privater und schulischer Daten (Container) auf Privatgeräten",
    )
    manages_private_devices: bool | None = de(
        "verwaltet_privatgeraete", None,
        description="MDM verwaltet auch private (elternfinanzierte) Geräte; leer = aus 'byod' abgeleitet",
    )
    parental_consent: DocStatus | None = de(
        "elterliche_einwilligung", None,
        description="Einwilligung der Eltern, wenn Einwilligung die Rechtsgrundlage ist (Art. 8 DSGVO)",
    )
    supervisory_position: DocStatus | None = de(
        "position_aufsicht", None,
        description="aktuelle Position der Landesdatenschutzaufsicht bzw. des Ministeriums "
        "zum Produkt ausgewertet (z. B. Microsoft 365)",
    )
    staff_monitoring: bool | None = de("leistungskontrolle_moeglich", None)
    staff_council: DocStatus | None = de("personalrat", None)
    accessibility: DocStatus | None = de("barrierefreiheit", None)
    ai_functions: list[AiFunction] = de("ki_funktionen", default_factory=list)
    ai_literacy: DocStatus | None = de("ki_kompetenz", None)
    special_categories: bool | None = de("besondere_kategorien", None)
