"""Enumerations of the plan model. Values are the words a Schulträger uses."""

from __future__ import annotations

from enum import Enum


class DocStatus(str, Enum):
    """Status of a required document or concept."""

    PRESENT = "vorhanden"
    PLANNED = "geplant"
    IN_PROGRESS = "in_arbeit"
    MISSING = "fehlt"
    NOT_REQUIRED = "nicht_erforderlich"


def _key(text: str) -> str:
    return " ".join(text.replace("-", " ").replace("_", " ").casefold().split())


class DpoRole(str, Enum):
    """What the Datenschutzbeauftragte(r) does besides the office (conflicts of interest)."""

    HEAD = "schulleitung"
    DEPUTY_HEAD = "stellvertretende_schulleitung"
    TEACHER = "lehrkraft"
    IT_ADMIN = "it_administration"
    ADMINISTRATION = "verwaltung"
    EXTERNAL = "extern"
    AUTHORITY = "behoerdlich"

    @classmethod
    def _missing_(cls, value: object) -> DpoRole | None:
        """Accept the German label (``Schulleitung``, ``IT-Administration`` …) in any case."""
        from mepcheck.labels import label

        if not isinstance(value, str):
            return None
        wanted = _key(value)
        for member in cls:
            if wanted in (_key(member.value), _key(label(member))):
                return member
        return None


class CarrierKind(str, Enum):
    MUNICIPAL = "kommunal"
    FREE = "frei"


class CarrierType(str, Enum):
    GEMEINDE = "gemeinde"
    STADT = "stadt"
    KREISFREIE_STADT = "kreisfreie_stadt"
    LANDKREIS = "landkreis"
    ZWECKVERBAND = "zweckverband"
    FREIER_TRAEGER = "freier_traeger"


class PlanKind(str, Enum):
    INITIAL = "erstplan"
    UPDATE = "fortschreibung"


class ResolutionStatus(str, Enum):
    ADOPTED = "beschlossen"
    PLANNED = "geplant"
    DRAFT = "entwurf"


class SchoolCategory(str, Enum):
    """Whether a school is allgemeinbildend, berufsbildend or a Förderschule."""

    GENERAL = "allgemeinbildend"
    VOCATIONAL = "berufsbildend"
    SPECIAL = "foerderschule"


class SchoolForm(str, Enum):
    GRUNDSCHULE = "grundschule"
    HAUPTSCHULE = "hauptschule"
    WERKREALSCHULE = "werkrealschule"
    REALSCHULE = "realschule"
    MITTELSCHULE = "mittelschule"
    OBERSCHULE = "oberschule"
    SEKUNDARSCHULE = "sekundarschule"
    GESAMTSCHULE = "gesamtschule"
    GEMEINSCHAFTSSCHULE = "gemeinschaftsschule"
    GYMNASIUM = "gymnasium"
    FOERDERSCHULE = "foerderschule"
    BERUFSSCHULE = "berufsschule"
    BERUFSKOLLEG = "berufskolleg"
    BERUFSBILDENDE_SCHULE = "berufsbildende_schule"
    BERUFSFACHSCHULE = "berufsfachschule"
    FACHOBERSCHULE = "fachoberschule"
    FACHSCHULE = "fachschule"
    SONSTIGE = "sonstige"

    @property
    def default_category(self) -> SchoolCategory:
        if self in _VOCATIONAL:
            return SchoolCategory.VOCATIONAL
        if self is SchoolForm.FOERDERSCHULE:
            return SchoolCategory.SPECIAL
        return SchoolCategory.GENERAL


_VOCATIONAL = {
    SchoolForm.BERUFSSCHULE, SchoolForm.BERUFSKOLLEG, SchoolForm.BERUFSBILDENDE_SCHULE,
    SchoolForm.BERUFSFACHSCHULE, SchoolForm.FACHOBERSCHULE, SchoolForm.FACHSCHULE,
}


class FibreStatus(str, Enum):
    CONNECTED = "vorhanden"
    PLANNED = "geplant"
    NOT_PLANNED = "nicht_geplant"


class DeviceType(str, Enum):
    """Kinds of devices and infrastructure components."""

    NOTEBOOK = "notebook"
    TABLET = "tablet"
    CONVERTIBLE = "convertible"
    DESKTOP = "desktop"
    THIN_CLIENT = "thin_client"
    SMARTPHONE = "smartphone"
    DISPLAY = "interaktives_display"
    WHITEBOARD = "interaktive_tafel"
    MONITOR = "monitor"
    PROJECTOR = "beamer"
    DOCUMENT_CAMERA = "dokumentenkamera"
    PRINTER = "drucker"
    ACCESS_POINT = "access_point"
    SWITCH = "switch"
    FIREWALL = "firewall"
    SERVER = "server"
    CABLING = "verkabelung"
    WORK_DEVICE = "digitales_arbeitsgeraet"
    VR_HEADSET = "vr_brille"
    SOFTWARE = "software"
    OTHER = "sonstiges"

    @property
    def is_mobile(self) -> bool:
        return self in {DeviceType.NOTEBOOK, DeviceType.TABLET, DeviceType.CONVERTIBLE,
                        DeviceType.SMARTPHONE}

    @property
    def is_end_device(self) -> bool:
        return self in {DeviceType.NOTEBOOK, DeviceType.TABLET, DeviceType.CONVERTIBLE,
                        DeviceType.DESKTOP, DeviceType.THIN_CLIENT, DeviceType.SMARTPHONE}


class FieldOfAction(str, Enum):
    """Handlungsfeld of a measure (chapter 7 of the MEP)."""

    INFRASTRUCTURE = "basisinfrastruktur"
    PRESENTATION = "praesentationstechnik"
    END_DEVICES = "endgeraete"
    SOFTWARE = "software_lernplattformen"
    DEVICE_MANAGEMENT = "geraete_identitaetsverwaltung"
    OPERATIONS = "betrieb_support"
    TRAINING = "qualifizierung"


class FundingCategory(str, Enum):
    """Förderkategorie following the VV DigitalPakt Schule § 3."""

    NETWORK = "vernetzung"
    SERVER = "server"
    WLAN = "wlan"
    LEARNING_INFRA = "lehr_lern_infrastruktur"
    DISPLAY = "anzeige_interaktion"
    WORK_DEVICE = "arbeitsgeraet"
    MOBILE_DEVICE = "mobiles_endgeraet"
    ACCOMPANYING = "begleitmassnahme"
    ADMINISTRATION = "administration"
    OTHER = "sonstiges"


class Assignment(str, Enum):
    CLASS_SET = "klassensatz"
    POOL = "pool"
    TEACHER_WORKPLACE = "lehrkraft_arbeitsplatz"
    PERSONAL_PUPIL = "persoenlich_schueler"
    PERSONAL_TEACHER = "persoenlich_lehrkraft"
    ROOM = "raum"


class CostType(str, Enum):
    INVESTMENT = "investition"
    OPERATION = "betrieb"
    MAINTENANCE = "wartung"
    SUPPORT = "support"
    PERSONNEL = "personal"
    LICENCE = "lizenz"


class Programme(str, Enum):
    """Funding programmes."""

    DP2019 = "dp2019"
    ZV_SOFORT = "zv_sofortausstattung"
    ZV_ADMIN = "zv_administration"
    ZV_TEACHERS = "zv_leihgeraete_lehrkraefte"
    DP20 = "dp20"
    LAND = "land"
    EU = "eu"
    OWN = "eigenmittel"
    OTHER = "sonstige"

    @property
    def is_grant(self) -> bool:
        return self is not Programme.OWN

    @property
    def investment_only(self) -> bool:
        """Programmes that fund investments only (Art. 104c GG Finanzhilfen)."""
        return self in {Programme.DP2019, Programme.ZV_SOFORT, Programme.ZV_TEACHERS}


class Usage(str, Enum):
    PEDAGOGICAL = "paedagogisch"
    ADMINISTRATIVE = "verwaltung"
    MIXED = "gemischt"


class ServerJustification(str, Enum):
    BANDWIDTH_NO_FIBRE = "bandbreite_kein_glasfaser_12_monate"
    LEGAL = "rechtliche_vorgabe"
    SPECIFIC_APPLICATION = "spezielle_anwendung"


class ServiceKind(str, Enum):
    LEARNING_PLATFORM = "lernplattform"
    CLOUD_STORAGE = "cloudspeicher"
    OFFICE_SUITE = "office_suite"
    MDM = "mdm"
    VIDEO_CONFERENCING = "videokonferenz"
    EMAIL = "email"
    WLAN_AUTH = "wlan_authentifizierung"
    MESSENGER = "messenger"
    SCHOOL_ADMIN = "schulverwaltung"
    SCHOOL_DEVICES = "schuelergeraete_schule"
    BYOD_DEVICES = "schuelergeraete_byod"
    FILTER = "jugendschutzfilter"
    GRADING = "leistungsbewertung"
    OTHER = "sonstiges"


class Party(str, Enum):
    SCHOOL = "schule"
    CARRIER = "schultraeger"
    LAND = "land"
    PROVIDER = "dienstleister"
    VENDOR = "anbieter"


class RelationshipType(str, Enum):
    OWN = "eigene_verantwortung"
    PROCESSING = "auftragsverarbeitung"
    JOINT = "gemeinsame_verantwortung"


class YesNoUnknown(str, Enum):
    YES = "ja"
    NO = "nein"
    UNKNOWN = "unbekannt"


class LegalBasis(str, Enum):
    PUBLIC_TASK = "oeffentliche_aufgabe"
    CONSENT = "einwilligung"
    CONTRACT = "vertrag"
    LEGAL_OBLIGATION = "rechtliche_verpflichtung"


class TransferMechanism(str, Enum):
    NONE = "keiner"
    ADEQUACY = "angemessenheitsbeschluss"
    DPF = "data_privacy_framework"
    SCC = "standardvertragsklauseln"
    BCR = "verbindliche_unternehmensregeln"


class DsfaStatus(str, Enum):
    DONE = "durchgefuehrt"
    PLANNED = "geplant"
    NOT_REQUIRED = "nicht_erforderlich"
    MISSING = "fehlt"


class DataSubject(str, Enum):
    PUPILS = "schueler"
    TEACHERS = "lehrkraefte"
    PARENTS = "eltern"
    STAFF = "verwaltungspersonal"


class Wp248Criterion(str, Enum):
    """Criteria of the Art.-29 group guideline WP 248 for a DSFA."""

    EVALUATION = "bewertung_scoring"
    AUTOMATED_DECISION = "automatisierte_entscheidung"
    MONITORING = "systematische_ueberwachung"
    SENSITIVE = "sensible_daten"
    LARGE_SCALE = "umfangreiche_verarbeitung"
    COMBINATION = "datenzusammenfuehrung"
    VULNERABLE = "schutzbeduerftige_betroffene"
    INNOVATIVE = "innovative_technologie"
    PREVENTS_RIGHTS = "hindert_rechtsausuebung"


class ServiceFeature(str, Enum):
    LOCATION_TRACKING = "standortverfolgung"
    BIOMETRICS = "biometrie"
    GRADING = "leistungsbewertung"
    BEHAVIOUR_ANALYSIS = "verhaltensauswertung"
    USAGE_MONITORING = "nutzungsueberwachung"
    REMOTE_WIPE = "fernloeschung"
    APP_INVENTORY = "app_inventar"
    RECORDING = "aufzeichnung"


class NetworkSeparation(str, Enum):
    PHYSICAL = "physisch"
    LOGICAL = "logisch"
    NONE = "keine"


class SupportModel(str, Enum):
    OWN_STAFF = "eigenes_personal"
    EXTERNAL = "dienstleister"
    MEDIA_CENTRE = "medienzentrum"
    MIXED = "gemischt"


class TeacherDeviceModel(str, Enum):
    SERVICE = "dienstgeraet"
    PRIVATE = "privatgeraet"
    MIXED = "gemischt"


class Payer(str, Enum):
    LAND = "land"
    CARRIER = "schultraeger"
    OPEN = "offen"


class GoalStatus(str, Enum):
    ACHIEVED = "erreicht"
    PARTIAL = "teilweise"
    NOT_ACHIEVED = "nicht_erreicht"


class ParticipantGroup(str, Enum):
    HEADS = "schulleitungen"
    TEACHERS = "lehrkraefte"
    MEDIA_COORDINATORS = "medienbeauftragte"
    IT = "it_personal"
    PUPILS = "schueler"
    PARENTS = "eltern"
    POLITICS = "politik"
    ADMINISTRATION = "verwaltung"


class LicenceUnit(str, Enum):
    DEVICE = "geraet"
    USER = "nutzer"
    SCHOOL = "schule"
    FLAT = "pauschal"


class AiFunction(str, Enum):
    """AI functions of a service (KI-Verordnung: Art. 5 bans, Anhang III Nr. 3 high risk)."""

    EMOTION = "emotionserkennung"
    GRADING = "leistungsbewertung"
    PROCTORING = "pruefungsaufsicht"
    ADMISSION = "zugangsentscheidung"
    GENERATIVE = "generative_ki"
    OTHER = "sonstige"


class ProcurementProcedure(str, Enum):
    """How a funded purchase is awarded (ANBest Nr. 3: procurement law applies)."""

    EU_WIDE = "eu_weit"
    PUBLIC_TENDER = "oeffentliche_ausschreibung"
    RESTRICTED_TENDER = "beschraenkte_ausschreibung"
    NEGOTIATED = "verhandlungsvergabe"
    DIRECT = "direktauftrag"
    FRAMEWORK = "rahmenvertrag"


class GrantReportStatus(str, Enum):
    """State of a Verwendungsnachweis."""

    OPEN = "offen"
    SUBMITTED = "eingereicht"
    REVIEWED = "geprueft"
