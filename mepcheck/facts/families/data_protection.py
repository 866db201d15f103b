"""Fact fields used by the data-protection rules (DSGVO duties per service, Länder specifics).

Conventions (see ``docs/regeln-schreiben.md``):

* an absent document is encoded as status ``fehlt`` so that a rule *fails* instead of
  becoming undeterminable; an absent yes/no statement that a rule needs to be true is
  encoded as ``False``;
* lists of the plan become counts, flags or a comma-separated text used only in messages;
* the plan's reference date (``stichtag``) and Land are copied onto every service fact,
  so that date and Land conditions stay single-fact patterns.

Python only describes the plan here (which parties, which locations, which criteria);
whether that is enough is decided by the rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mepcheck.facts.base import F, Fact, FactContext, add_fields, enricher, enum_values
from mepcheck.model.enums import (
    DocStatus,
    DpoRole,
    DsfaStatus,
    LegalBasis,
    NetworkSeparation,
    Party,
    RelationshipType,
    ServiceFeature,
    ServiceKind,
    TeacherDeviceModel,
    TransferMechanism,
    Wp248Criterion,
    YesNoUnknown,
)
from mepcheck.model.service import Service
from mepcheck.types import Land

DOC = enum_values(DocStatus)
MISSING = DocStatus.MISSING.value
_OPEN = (DocStatus.PLANNED, DocStatus.IN_PROGRESS)

# EU member states and the further EEA states (ISO 3166-1 alpha-2; Greece also as EL),
# plus the collective labels a plan may use. Everything else is a third country (Art. 44 ff.).
EU_EEA = frozenset({
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "EL", "HU", "IE",
    "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    "IS", "LI", "NO",
    "EU", "EWR", "EEA", "DEUTSCHLAND",
})

# Names that identify a US office/collaboration suite even when the plan records EU data
# residency (DSK-Festlegung of 24 Nov 2022 concerns Microsoft 365; the CLOUD Act concern
# applies to every US provider).
US_SUITE_NAMES = ("microsoft", "office 365", "m365", "teams", "onedrive", "sharepoint",
                  "google", "icloud", "apple", "dropbox", "amazon", "zoom", "slack")

KIND_TEXT = {
    ServiceKind.LEARNING_PLATFORM: "Lernplattform",
    ServiceKind.CLOUD_STORAGE: "Cloudspeicher",
    ServiceKind.OFFICE_SUITE: "Office- und Kollaborationspaket",
    ServiceKind.MDM: "MDM-System",
    ServiceKind.VIDEO_CONFERENCING: "Videokonferenzsystem",
    ServiceKind.EMAIL: "E-Mail",
    ServiceKind.WLAN_AUTH: "WLAN mit Anmeldung",
    ServiceKind.MESSENGER: "Messenger",
    ServiceKind.SCHOOL_ADMIN: "Schulverwaltung",
    ServiceKind.SCHOOL_DEVICES: "schuleigene Schülergeräte",
    ServiceKind.BYOD_DEVICES: "private Schülergeräte (BYOD)",
    ServiceKind.FILTER: "Jugendschutzfilter",
    ServiceKind.GRADING: "Leistungsbewertung",
    ServiceKind.OTHER: "sonstiger Dienst",
}

PARTY_TEXT = {
    Party.SCHOOL: "die Schule",
    Party.CARRIER: "der Schulträger",
    Party.LAND: "das Land",
    Party.PROVIDER: "ein IT-Dienstleister",
    Party.VENDOR: "der Anbieter",
}
PARTY_BY = {
    Party.SCHOOL: "von der Schule",
    Party.CARRIER: "vom Schulträger",
    Party.LAND: "vom Land",
    Party.PROVIDER: "von einem IT-Dienstleister",
    Party.VENDOR: "vom Anbieter",
}
"""'von …' forms for 'wird … betrieben/bereitgestellt'."""

DOC_TEXT = {
    DocStatus.PRESENT: "vorhanden",
    DocStatus.PLANNED: "geplant",
    DocStatus.IN_PROGRESS: "in Arbeit",
    DocStatus.MISSING: "nicht vorhanden",
    DocStatus.NOT_REQUIRED: "als nicht erforderlich angegeben",
}
"""Document states as words that read after 'ist …' and after a noun ('AVV vorhanden')."""

LEGAL_BASIS_TEXT = {
    LegalBasis.PUBLIC_TASK: "öffentliche Aufgabe (Art. 6 Abs. 1 lit. e DSGVO mit Schulgesetz)",
    LegalBasis.CONSENT: "Einwilligung",
    LegalBasis.CONTRACT: "Vertrag",
    LegalBasis.LEGAL_OBLIGATION: "rechtliche Verpflichtung",
}

TRANSFER_TEXT = {
    TransferMechanism.NONE: "keiner",
    TransferMechanism.ADEQUACY: "Angemessenheitsbeschluss",
    TransferMechanism.DPF: "EU-US Data Privacy Framework",
    TransferMechanism.SCC: "Standardvertragsklauseln",
    TransferMechanism.BCR: "verbindliche interne Datenschutzvorschriften",
}

# Features that are items of the DSK "Muss-Liste" (Art. 35 Abs. 4): no. 2 location data,
# no. 5 evaluation of behaviour, no. 6/7 monitoring and profiling. Biometrics and grading
# have rules of their own.
MUST_LIST_FEATURES = frozenset({
    ServiceFeature.LOCATION_TRACKING, ServiceFeature.BEHAVIOUR_ANALYSIS,
    ServiceFeature.USAGE_MONITORING,
})

PARTIES = enum_values(Party)
DSFA = enum_values(DsfaStatus)

add_fields(
    "dienst",
    stichtag=F("date", "Stichtag des Plans (für Datumsvergleiche)"),
    land=F("text", "Land des Schulträgers", enum_values(Land)),
    art_text=F("text", "Art des Dienstes in Worten"),
    lehrkraftdaten=F("bool", "verarbeitet Daten von Lehrkräften"),
    betroffene_text=F("text", "betroffene Personengruppen in Worten"),
    # roles
    verantwortlicher=F("text", "Verantwortlicher (fehlt = nicht benannt)", (*PARTIES, MISSING)),
    verantwortlicher_text=F("text", "Verantwortlicher in Worten (Nominativ)"),
    betreiber=F("text", "Betreiber (fehlt = nicht angegeben)", (*PARTIES, MISSING)),
    betreiber_text=F("text", "Betreiber in Worten ('vom …')"),
    bereitgestellt_von=F("text", "wer den Dienst bereitstellt (fehlt = nicht angegeben)",
                         (*PARTIES, MISSING)),
    bereitgestellt_von_text=F("text", "Bereitsteller in Worten ('vom …')"),
    beziehungen_offen_anzahl=F("int", "beteiligte Parteien ohne benannte Rechtsbeziehung"),
    beziehungen_offen=F("text", "beteiligte Parteien ohne benannte Rechtsbeziehung (Text)"),
    # processors and AVV
    auftragsverarbeitung=F("bool", "der Dienst läuft (auch) als Auftragsverarbeitung"),
    extern_betrieben=F("bool", "Betreiber ist ein IT-Dienstleister oder der Anbieter"),
    auftragsverarbeiter_anzahl=F("int", "Zahl der genannten Auftragsverarbeiter"),
    avv_status=F("text", "zusammengefasster AVV-Status über alle Auftragsverarbeiter",
                 ("vorhanden", "geplant", "fehlt", "nicht_erforderlich")),
    avv_fehlt_bei=F("text", "Auftragsverarbeiter ohne AVV (Text)"),
    avv_offen_bei=F("text", "Auftragsverarbeiter mit geplanter AVV (Text)"),
    traeger_betrieb=F("bool", "der Schulträger betreibt oder stellt den Dienst für die Schule bereit"),
    avv_schule_traeger=F("text", "Vereinbarung Schule–Schulträger (AVV oder Art. 26)", DOC),
    avv_schule_traeger_text=F("text", "Vereinbarung Schule–Schulträger in Worten"),
    eigene_zwecke=F("text", "Anbieter verarbeitet Daten zu eigenen Zwecken", enum_values(YesNoUnknown)),
    # VVT, legal basis, consent
    vvt=F("text", "VVT-Eintrag", DOC),
    vvt_text=F("text", "VVT-Eintrag in Worten"),
    vvt_geprueft_am=F("date", "VVT-Eintrag zuletzt geprüft am"),
    rechtsgrundlage=F("text", "Rechtsgrundlage (fehlt = nicht angegeben)",
                      (*enum_values(LegalBasis), MISSING)),
    rechtsgrundlage_text=F("text", "Rechtsgrundlage in Worten"),
    nutzung_freiwillig=F("bool", "die Nutzung ist ausdrücklich freiwillig"),
    mindestalter=F("int", "jüngste betroffene Schülerinnen und Schüler (Jahre)"),
    elterliche_einwilligung=F("text", "Einwilligung der Eltern", DOC),
    # DSFA
    schwellwertanalyse=F("text", "Schwellwertanalyse", DOC),
    dsfa_status=F("text", "Stand der DSFA", DSFA),
    dsfa_text=F("text", "Stand der DSFA in Worten"),
    dsfa_datum=F("date", "Datum der DSFA-Entscheidung"),
    wp248_anzahl=F("int", "zutreffende WP-248-Kriterien (genannte und aus Betroffenen/Merkmalen folgende)"),
    wp248_text=F("text", "zutreffende WP-248-Kriterien (Text)"),
    muss_liste_merkmal=F("bool", "ein Merkmal der DSK-Muss-Liste (Standort, Verhalten, Überwachung)"),
    merkmal_standort=F("bool", "Standortverfolgung aktiviert"),
    merkmal_biometrie=F("bool", "biometrische Verfahren"),
    merkmal_leistungsbewertung=F("bool", "Leistungsbewertung oder Zeugniserstellung"),
    merkmale_anzahl=F("int", "Zahl der aufgeführten Funktionen/Merkmale"),
    merkmale_text=F("text", "aufgeführte Funktionen/Merkmale (Text)"),
    # third countries
    drittland=F("bool", "Speicherung, Zugriff oder Sitz eines Auftragsverarbeiters außerhalb EU/EWR"),
    drittland_orte=F("text", "Orte außerhalb EU/EWR (Text)"),
    transfer_mechanismus=F("text", "Übermittlungsgrundlage (fehlt = nicht angegeben)",
                           (*enum_values(TransferMechanism), MISSING)),
    transfer_mechanismus_text=F("text", "Übermittlungsgrundlage in Worten"),
    dpf_zertifiziert=F("bool", "Empfänger ist nach dem DPF zertifiziert (nicht angegeben = nein)"),
    dpf_geprueft_am=F("date", "DPF-Zertifizierung zuletzt geprüft am"),
    transfer_folgenabschaetzung=F("text", "Transfer-Folgenabschätzung", DOC),
    us_anbieter=F("bool", "US-Anbieter oder US-Produkt (Sitz, Ort oder bekannter Produktname)"),
    position_aufsicht=F("text", "Position der Aufsicht/des Ministeriums ausgewertet", DOC),
    # documents
    toms=F("text", "dokumentierte TOM (Art. 32)", DOC),
    toms_text=F("text", "TOM in Worten"),
    informationspflichten=F("text", "Informationen nach Art. 13/14", DOC),
    informationspflichten_text=F("text", "Informationen nach Art. 13/14 in Worten"),
    nutzungsordnung=F("text", "Nutzungsordnung/Nutzungsvereinbarung des Dienstes", DOC),
    nutzungsordnung_text=F("text", "Nutzungsordnung des Dienstes in Worten"),
    loeschkonzept=F("text", "Löschkonzept", DOC),
    loeschkonzept_text=F("text", "Löschkonzept in Worten"),
    konto_loeschung_monate=F("int", "Kontolöschung: Monate nach Ende des Schuljahrs des Abgangs"),
    backup_aufbewahrung_tage=F("int", "Aufbewahrung von Sicherungen in Tagen"),
    geraetedienst=F("bool", "Dienst betrifft Geräte statt Benutzerkonten (Schülergeräte)"),
    # logging, WLAN
    protokollierung_festgelegt=F("bool", "Umfang der Protokollierung festgelegt"),
    protokoll_aufbewahrung_tage=F("int", "Aufbewahrung der Protokolle in Tagen"),
    inhaltsprotokollierung=F("bool", "Inhalte (besuchte Seiten, Nachrichten) werden protokolliert"),
    jugendschutzfilter=F("bool", "Jugendschutzfilter vorgesehen (nicht angegeben = nein)"),
    filterdienst_im_plan=F("bool", "der Plan enthält einen eigenen Jugendschutzfilter-Dienst"),
    netz_offenes_wlan=F("text", "ein offenes WLAN ist an den Schulen erreichbar", ("ja", "nein", "unbekannt")),
    offenes_wlan_ausgeschlossen=F("bool", "offenes WLAN in der Nutzungsordnung ausgeschlossen"),
    # Land offer, BYOD
    landesangebot_geprueft=F("bool", "Landesangebot geprüft (nicht angegeben = nein)"),
    byod_verwaltet=F("bool", "der Dienst betrifft private Geräte (BYOD)"),
    byod_vereinbarung=F("text", "schriftliche Vereinbarung/Einwilligung für Privatgeräte", DOC),
    byod_trennung=F("bool", "technische Trennung privater Daten (nicht angegeben = nein)"),
    # planned documents (the catalogue's 'geplant downgrades to warning' mechanic)
    geplante_unterlagen_anzahl=F("int", "Unterlagen mit Status geplant oder in Arbeit"),
    geplante_unterlagen=F("text", "Unterlagen mit Status geplant oder in Arbeit (Text)"),
)

add_fields(
    "schule",
    traeger_kommunal=F("bool", "die Schule hat einen kommunalen (öffentlichen) Schulträger"),
    dsb_benannt=F("bool", "schulische(r) Datenschutzbeauftragte(r) benannt"),
    dsb_name=F("text", "Name der/des Datenschutzbeauftragten"),
    dsb_rolle=F("text", "Funktion der/des DSB neben dem Amt (fehlt sie, ist der "
                "Interessenkonflikt nicht entscheidbar)", enum_values(DpoRole)),
    nutzungsordnung_status=F("text", "Nutzungsordnung der Schule für IT, Internet und WLAN", DOC),
    nutzungsordnung_status_text=F("text", "Nutzungsordnung der Schule in Worten"),
    datenschutz_geschaeftsordnung=F("text", "Datenschutz-Geschäftsordnung (BY)", DOC),
    vorfallkontakt_benannt=F("bool", "Ansprechperson für Datenschutzvorfälle benannt"),
)

add_fields(
    "plan",
    traeger_dsb_benannt=F("bool", "der Schulträger hat eine(n) eigene(n) DSB benannt"),
    informationssicherheit=F("text", "Informationssicherheitskonzept des Schulträgers", DOC),
    informationssicherheit_text=F("text", "Informationssicherheitskonzept in Worten"),
    informationssicherheit_verantwortlich=F("bool", "Verantwortliche(r) für Informationssicherheit benannt"),
    datenpannen_prozess=F("text", "Prozess für Datenpannen (Art. 33/34)", DOC),
    datenpannen_prozess_text=F("text", "Prozess für Datenpannen in Worten"),
    schulen_ohne_vorfallkontakt=F("int", "Schulen ohne Ansprechperson für Datenschutzvorfälle"),
    netztrennung=F("text", "Trennung Verwaltungs-/pädagogisches Netz (fehlt = keine Angabe)",
                   (*enum_values(NetworkSeparation), MISSING)),
    aussonderung_loeschung_geregelt=F("bool", "Löschverfahren für ausgesonderte Geräte benannt"),
    aussonderung_zustaendig_benannt=F("bool", "Zuständigkeit für die Löschung bei Aussonderung benannt"),
    lehrkraftgeraete_modell=F("text", "Dienst- oder Privatgeräte der Lehrkräfte (fehlt = keine Angabe)",
                              (*enum_values(TeacherDeviceModel), MISSING)),
    genehmigung_privatgeraete=F("text", "Genehmigung der Nutzung privater Geräte (VO-DV I NRW)", DOC),
)


def _doc(status: DocStatus | None) -> str:
    return (status or DocStatus.MISSING).value


def _doc_text(status: DocStatus | None) -> str:
    return DOC_TEXT[status or DocStatus.MISSING]


def _join(items: Iterable[str]) -> str:
    seen: list[str] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return ", ".join(seen)


def is_third_country(place: str) -> bool:
    return place.strip().upper() not in EU_EEA


def _places(service: Service) -> list[str]:
    places = [*service.locations, *service.access_from]
    places += [p.seat for p in service.processors if p.seat]
    return [p.strip() for p in places if p.strip()]


def _avv(service: Service) -> tuple[str, list[str], list[str]]:
    """Aggregated AVV status over all processors, with the names missing / planned."""
    missing = [p.name for p in service.processors if p.avv is DocStatus.MISSING]
    planned = [p.name for p in service.processors if p.avv in _OPEN]
    if missing:
        return "fehlt", missing, planned
    external = service.operator in (Party.PROVIDER, Party.VENDOR)
    if not service.processors:
        if external:
            operator = PARTY_TEXT[service.operator]  # type: ignore[index]
            return "fehlt", [f"Betreiber ({operator}) ohne genannten Auftragsverarbeiter"], []
        return "nicht_erforderlich", [], []
    return ("geplant" if planned else "vorhanden"), [], planned


def _open_relationships(service: Service) -> list[str]:
    """Parties involved besides the controller for which no legal relationship is named."""
    involved = [p for p in (service.operator, service.provided_by)
                if p is not None and p is not service.controller]
    named = {r.party for r in service.relationships}
    out = []
    for party in involved:
        if party in named:
            continue
        if party in (Party.PROVIDER, Party.VENDOR) and service.processors:
            continue  # the processor list documents the Art. 28 relationship
        if party is Party.CARRIER and service.avv_school_carrier is not None:
            continue
        out.append(PARTY_TEXT[party])
    return out


def _carrier_runs(service: Service) -> bool:
    """The Schulträger (or an IT provider it commissions) runs the service for the school."""
    if service.controller is not Party.SCHOOL:
        return False
    if service.operator is Party.CARRIER:
        return True
    return service.provided_by is Party.CARRIER and service.operator in (Party.PROVIDER, Party.VENDOR)


def _school_carrier_agreement(service: Service) -> DocStatus:
    if service.avv_school_carrier is not None:
        return service.avv_school_carrier
    for rel in service.relationships:
        if rel.party is Party.CARRIER and rel.type in (RelationshipType.PROCESSING,
                                                         RelationshipType.JOINT):
            return rel.document
    return DocStatus.MISSING


WP248_TEXT = {
    Wp248Criterion.EVALUATION: "Bewertung/Scoring",
    Wp248Criterion.AUTOMATED_DECISION: "automatisierte Entscheidung",
    Wp248Criterion.MONITORING: "systematische Überwachung",
    Wp248Criterion.SENSITIVE: "sensible Daten",
    Wp248Criterion.LARGE_SCALE: "umfangreiche Verarbeitung",
    Wp248Criterion.COMBINATION: "Zusammenführung von Daten",
    Wp248Criterion.VULNERABLE: "schutzbedürftige Betroffene (Kinder)",
    Wp248Criterion.INNOVATIVE: "innovative Technologie",
    Wp248Criterion.PREVENTS_RIGHTS: "hindert an der Ausübung von Rechten",
}

FEATURE_TEXT = {
    ServiceFeature.LOCATION_TRACKING: "Standortverfolgung",
    ServiceFeature.BIOMETRICS: "Biometrie",
    ServiceFeature.GRADING: "Leistungsbewertung",
    ServiceFeature.BEHAVIOUR_ANALYSIS: "Verhaltensauswertung",
    ServiceFeature.USAGE_MONITORING: "Nutzungsüberwachung",
    ServiceFeature.REMOTE_WIPE: "Fernlöschung",
    ServiceFeature.APP_INVENTORY: "App-Inventar",
    ServiceFeature.RECORDING: "Aufzeichnung",
}


def _wp248(service: Service, pupils: bool) -> list[Wp248Criterion]:
    """The criteria the plan names, plus those that follow from subjects and features
    (WP 248 rev.01: children are vulnerable data subjects; biometric data are sensitive;
    grading is evaluation; usage monitoring is systematic monitoring)."""
    criteria = set(service.wp248)
    features = set(service.features)
    if pupils:
        criteria.add(Wp248Criterion.VULNERABLE)
    if ServiceFeature.BIOMETRICS in features:
        criteria.add(Wp248Criterion.SENSITIVE)
    if ServiceFeature.GRADING in features or service.kind is ServiceKind.GRADING:
        criteria.add(Wp248Criterion.EVALUATION)
    if features & {ServiceFeature.USAGE_MONITORING, ServiceFeature.BEHAVIOUR_ANALYSIS}:
        criteria.add(Wp248Criterion.MONITORING)
    return sorted(criteria, key=lambda c: list(Wp248Criterion).index(c))


def _planned_documents(service: Service, avv_planned: list[str]) -> list[str]:
    """Documents the plan marks as planned or in progress (not yet in place)."""
    agreement = _school_carrier_agreement(service) if _carrier_runs(service) else None
    dsfa = service.dsfa
    checks: list[tuple[str, DocStatus | None]] = [
        *((f"AVV mit {name}", DocStatus.PLANNED) for name in avv_planned),
        ("Vereinbarung Schule–Schulträger", agreement),
        ("VVT-Eintrag", service.vvt),
        ("Schwellwertanalyse", dsfa.threshold_analysis if dsfa else None),
        ("DSFA", DocStatus.PLANNED if dsfa and dsfa.status is DsfaStatus.PLANNED else None),
        ("TOM", service.toms),
        ("Informationen nach Art. 13/14", service.privacy_notice),
        ("Löschkonzept", service.deletion.concept if service.deletion else None),
        ("Nutzungsordnung", service.usage_policy),
        ("Transfer-Folgenabschätzung", service.transfer.assessment if service.transfer else None),
        ("Einwilligung der Eltern", service.parental_consent),
        ("BYOD-Vereinbarung", service.byod_agreement),
        ("Auswertung der Aufsichtsposition", service.supervisory_position),
    ]
    return [name for name, status in checks if status in _OPEN]


@enricher("dienst")
def _service_fields(ctx: FactContext, fact: Fact, values: dict[str, Any]) -> None:
    plan = ctx.plan
    service = plan.services[int(fact.path[1])]
    pupils = bool(values.get("schuelerdaten"))
    subjects = {s.value for s in service.subjects}
    values["stichtag"] = plan.meta.reference_date
    values["land"] = plan.carrier.land.value
    values["art_text"] = KIND_TEXT[service.kind]
    values["lehrkraftdaten"] = service.personal_data and "lehrkraefte" in subjects
    values["betroffene_text"] = _join(
        {"schueler": "Schülerinnen und Schüler", "lehrkraefte": "Lehrkräfte", "eltern": "Eltern",
         "verwaltungspersonal": "Verwaltungspersonal"}[s.value] for s in service.subjects
    ) or "keine angegeben"

    controller = service.controller
    values["verantwortlicher"] = controller.value if controller else MISSING
    values["verantwortlicher_text"] = PARTY_TEXT[controller] if controller else "nicht benannt"
    for key, party in (("betreiber", service.operator), ("bereitgestellt_von", service.provided_by)):
        values[key] = party.value if party else MISSING
        values[f"{key}_text"] = PARTY_BY[party] if party else "ohne Angabe, von wem,"
    open_rel = _open_relationships(service)
    values["beziehungen_offen_anzahl"] = len(open_rel)
    values["beziehungen_offen"] = _join(open_rel) or "keine"

    avv_status, avv_missing, avv_planned = _avv(service)
    values["auftragsverarbeitung"] = bool(service.processors) or any(
        r.type is RelationshipType.PROCESSING for r in service.relationships)
    values["extern_betrieben"] = service.operator in (Party.PROVIDER, Party.VENDOR)
    values["auftragsverarbeiter_anzahl"] = len(service.processors)
    values["avv_status"] = avv_status
    values["avv_fehlt_bei"] = _join(avv_missing) or "–"
    values["avv_offen_bei"] = _join(avv_planned) or "–"
    values["traeger_betrieb"] = _carrier_runs(service)
    agreement = _school_carrier_agreement(service)
    values["avv_schule_traeger"] = agreement.value
    values["avv_schule_traeger_text"] = DOC_TEXT[agreement]
    values["eigene_zwecke"] = service.vendor_own_purposes.value

    values["vvt"] = _doc(service.vvt)
    values["vvt_text"] = _doc_text(service.vvt)
    values["vvt_geprueft_am"] = service.vvt_reviewed
    basis = service.legal_basis
    values["rechtsgrundlage"] = basis.value if basis else MISSING
    values["rechtsgrundlage_text"] = LEGAL_BASIS_TEXT[basis] if basis else "nicht angegeben"
    values["nutzung_freiwillig"] = service.mandatory_use is False
    values["mindestalter"] = service.min_age
    values["elterliche_einwilligung"] = _doc(service.parental_consent)

    dsfa = service.dsfa
    values["schwellwertanalyse"] = _doc(dsfa.threshold_analysis if dsfa else None)
    status = dsfa.status if dsfa else DsfaStatus.MISSING
    values["dsfa_status"] = status.value
    values["dsfa_text"] = {"durchgefuehrt": "wurde durchgeführt", "geplant": "ist geplant",
                           "nicht_erforderlich": "wurde als nicht erforderlich bewertet",
                           "fehlt": "fehlt"}[status.value]
    values["dsfa_datum"] = dsfa.date if dsfa else None
    criteria = _wp248(service, pupils)
    values["wp248_anzahl"] = len(criteria)
    values["wp248_text"] = _join(WP248_TEXT[c] for c in criteria) or "keine"
    features = set(service.features)
    values["muss_liste_merkmal"] = bool(features & MUST_LIST_FEATURES)
    values["merkmal_standort"] = ServiceFeature.LOCATION_TRACKING in features
    values["merkmal_biometrie"] = ServiceFeature.BIOMETRICS in features
    values["merkmal_leistungsbewertung"] = (ServiceFeature.GRADING in features
                                            or service.kind is ServiceKind.GRADING)
    values["merkmale_anzahl"] = len(features)
    values["merkmale_text"] = _join(FEATURE_TEXT[f] for f in service.features) or "keine angegeben"

    abroad = [p.upper() for p in _places(service) if is_third_country(p)]
    values["drittland"] = service.personal_data and bool(abroad)
    values["drittland_orte"] = _join(abroad) or "–"
    transfer = service.transfer
    mech = transfer.mechanism if transfer else None
    values["transfer_mechanismus"] = mech.value if mech else MISSING
    values["transfer_mechanismus_text"] = TRANSFER_TEXT[mech] if mech else "nicht angegeben"
    values["dpf_zertifiziert"] = bool(transfer and transfer.dpf_certified)
    values["dpf_geprueft_am"] = transfer.dpf_checked if transfer else None
    values["transfer_folgenabschaetzung"] = _doc(transfer.assessment if transfer else None)
    names = " ".join(filter(None, (service.product, service.vendor, service.name))).lower()
    values["us_anbieter"] = "US" in abroad or any(n in names for n in US_SUITE_NAMES)
    values["position_aufsicht"] = _doc(service.supervisory_position)

    for key, status_ in (("toms", service.toms), ("informationspflichten", service.privacy_notice),
                         ("nutzungsordnung", service.usage_policy)):
        values[key] = _doc(status_)
        values[f"{key}_text"] = _doc_text(status_)
    deletion = service.deletion
    values["loeschkonzept"] = _doc(deletion.concept if deletion else None)
    values["loeschkonzept_text"] = _doc_text(deletion.concept if deletion else None)
    values["konto_loeschung_monate"] = deletion.account_deletion_months if deletion else None
    values["backup_aufbewahrung_tage"] = deletion.backup_retention_days if deletion else None
    values["geraetedienst"] = service.kind in (ServiceKind.SCHOOL_DEVICES, ServiceKind.BYOD_DEVICES)

    logging = service.logging
    values["protokollierung_festgelegt"] = bool(logging and logging.scope)
    values["protokoll_aufbewahrung_tage"] = logging.retention_days if logging else None
    values["inhaltsprotokollierung"] = bool(logging and logging.content_logging)
    values["jugendschutzfilter"] = bool(service.youth_filter)
    values["filterdienst_im_plan"] = any(s.kind is ServiceKind.FILTER for s in plan.services)
    open_wlan = plan.network.open_wlan if plan.network else None
    values["netz_offenes_wlan"] = {True: "ja", False: "nein", None: "unbekannt"}[open_wlan]
    values["offenes_wlan_ausgeschlossen"] = bool(service.open_wlan_excluded)

    values["landesangebot_geprueft"] = bool(service.land_offer_considered)
    byod_planned = bool(plan.byod and plan.byod.planned)
    values["byod_verwaltet"] = service.kind is ServiceKind.BYOD_DEVICES or (
        service.kind is ServiceKind.MDM and (
            service.manages_private_devices
            if service.manages_private_devices is not None else byod_planned))
    values["byod_vereinbarung"] = _doc(service.byod_agreement)
    values["byod_trennung"] = bool(service.byod_separation)

    planned = _planned_documents(service, avv_planned)
    values["geplante_unterlagen_anzahl"] = len(planned)
    values["geplante_unterlagen"] = _join(planned) or "keine"


@enricher("schule")
def _school_fields(ctx: FactContext, fact: Fact, values: dict[str, Any]) -> None:
    school = ctx.plan.schools[int(fact.path[1])]
    dpo = school.dpo
    values["traeger_kommunal"] = ctx.plan.carrier.kind.value == "kommunal"
    values["dsb_benannt"] = dpo is not None
    values["dsb_name"] = dpo.name if dpo else "nicht benannt"
    values["dsb_rolle"] = dpo.role.value if dpo and dpo.role else None
    usage = school.usage_policy.status if school.usage_policy else None
    values["nutzungsordnung_status"] = _doc(usage)
    values["nutzungsordnung_status_text"] = _doc_text(usage)
    rules = school.dp_rules_of_procedure.status if school.dp_rules_of_procedure else None
    values["datenschutz_geschaeftsordnung"] = _doc(rules)
    values["vorfallkontakt_benannt"] = bool(school.incident_contact)


@enricher("plan")
def _plan_fields(ctx: FactContext, fact: Fact, values: dict[str, Any]) -> None:
    plan = ctx.plan
    carrier = plan.carrier
    values["traeger_dsb_benannt"] = carrier.dpo is not None
    security = carrier.security
    values["informationssicherheit"] = _doc(security.status if security else None)
    values["informationssicherheit_text"] = _doc_text(security.status if security else None)
    values["informationssicherheit_verantwortlich"] = bool(security and security.owner)
    values["datenpannen_prozess"] = _doc(carrier.incident_process)
    values["datenpannen_prozess_text"] = _doc_text(carrier.incident_process)
    values["schulen_ohne_vorfallkontakt"] = sum(1 for s in plan.schools if not s.incident_contact)
    values["netztrennung"] = plan.network.separation.value if plan.network else MISSING
    eol = plan.sustainability.end_of_life if plan.sustainability else None
    values["aussonderung_loeschung_geregelt"] = bool(eol and (eol.erasure_method or eol.certified_erasure))
    values["aussonderung_zustaendig_benannt"] = bool(eol and eol.owner)
    devices = plan.teacher_devices
    values["lehrkraftgeraete_modell"] = devices.model.value if devices else MISSING
    values["genehmigung_privatgeraete"] = _doc(devices.private_approval if devices else None)
