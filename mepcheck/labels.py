"""German display names for the values of the plan model (the words a reader expects)."""

from __future__ import annotations

from enum import Enum
from typing import Any

from mepcheck.types import LAND_NAMES

_LABELS: dict[str, str] = {
    # Schulformen
    "grundschule": "Grundschule", "hauptschule": "Hauptschule",
    "werkrealschule": "Werkrealschule", "realschule": "Realschule",
    "mittelschule": "Mittelschule", "oberschule": "Oberschule",
    "sekundarschule": "Sekundarschule", "gesamtschule": "Gesamtschule",
    "gemeinschaftsschule": "Gemeinschaftsschule", "gymnasium": "Gymnasium",
    "foerderschule": "Förderschule", "berufsschule": "Berufsschule",
    "berufskolleg": "Berufskolleg", "berufsbildende_schule": "Berufsbildende Schule",
    "berufsfachschule": "Berufsfachschule", "fachoberschule": "Fachoberschule",
    "fachschule": "Fachschule",
    # Schularten
    "allgemeinbildend": "allgemeinbildend", "berufsbildend": "berufsbildend",
    # Gerätetypen
    "notebook": "Notebook", "tablet": "Tablet", "convertible": "Convertible",
    "desktop": "Desktop-PC", "thin_client": "Thin Client", "smartphone": "Smartphone",
    "interaktives_display": "Interaktives Display", "interaktive_tafel": "Interaktive Tafel",
    "monitor": "Monitor", "beamer": "Beamer", "dokumentenkamera": "Dokumentenkamera",
    "drucker": "Drucker", "access_point": "WLAN-Access-Point", "switch": "Switch",
    "firewall": "Firewall", "server": "Server", "verkabelung": "Verkabelung",
    "digitales_arbeitsgeraet": "Digitales Arbeitsgerät", "vr_brille": "VR-Brille",
    "software": "Software",
    # Handlungsfelder
    "basisinfrastruktur": "Basisinfrastruktur",
    "praesentationstechnik": "Präsentationstechnik",
    "endgeraete": "Endgeräte",
    "software_lernplattformen": "Software und Lernplattformen",
    "geraete_identitaetsverwaltung": "Geräte- und Identitätsverwaltung",
    "betrieb_support": "Betrieb und Support",
    "qualifizierung": "Qualifizierung",
    # Förderkategorien
    "vernetzung": "Vernetzung", "wlan": "WLAN",
    "lehr_lern_infrastruktur": "Lehr-/Lerninfrastruktur",
    "anzeige_interaktion": "Anzeige- und Interaktionsgeräte",
    "arbeitsgeraet": "Digitales Arbeitsgerät", "mobiles_endgeraet": "Mobiles Endgerät",
    "begleitmassnahme": "Begleitmaßnahme", "administration": "Administration",
    # Programme
    "dp2019": "DigitalPakt 2019", "zv_sofortausstattung": "ZV Sofortausstattung",
    "zv_administration": "ZV Administration",
    "zv_leihgeraete_lehrkraefte": "ZV Leihgeräte Lehrkräfte", "dp20": "DigitalPakt 2.0",
    "land": "Land", "eu": "EU", "eigenmittel": "Eigenmittel",
    # Status
    "vorhanden": "vorhanden", "geplant": "geplant", "in_arbeit": "in Arbeit",
    "fehlt": "fehlt", "nicht_erforderlich": "nicht erforderlich",
    "durchgefuehrt": "durchgeführt", "nicht_geplant": "nicht geplant",
    "beschlossen": "beschlossen", "entwurf": "Entwurf",
    "erreicht": "erreicht", "teilweise": "teilweise erreicht",
    "nicht_erreicht": "nicht erreicht",
    # Kostenarten
    "investition": "Investition", "betrieb": "Betrieb", "wartung": "Wartung",
    "support": "Support", "personal": "Personal", "lizenz": "Lizenz",
    # Zuordnung
    "klassensatz": "Klassensatz", "pool": "Pool", "lehrkraft_arbeitsplatz": "Lehrkraft-Arbeitsplatz",
    "persoenlich_schueler": "persönlich (Schüler)", "persoenlich_lehrkraft": "persönlich (Lehrkraft)",
    "raum": "Raum",
    # Parteien und Rollen
    "schule": "Schule", "schultraeger": "Schulträger", "dienstleister": "Dienstleister",
    "anbieter": "Anbieter", "eigene_verantwortung": "eigene Verantwortung",
    "auftragsverarbeitung": "Auftragsverarbeitung",
    "gemeinsame_verantwortung": "gemeinsame Verantwortung",
    "extern": "extern", "behoerdlich": "behördlicher DSB des Trägers", "lehrkraft": "Lehrkraft",
    "schulleitung": "Schulleitung", "it_administration": "IT-Administration",
    "stellvertretende_schulleitung": "stellvertretende Schulleitung",
    "verwaltung": "Verwaltung",
    # Dienste
    "lernplattform": "Lernplattform", "cloudspeicher": "Cloudspeicher",
    "office_suite": "Office-Paket", "mdm": "Geräteverwaltung (MDM)",
    "videokonferenz": "Videokonferenz", "email": "E-Mail",
    "wlan_authentifizierung": "WLAN-Authentifizierung", "messenger": "Messenger",
    "schulverwaltung": "Schulverwaltung", "schuelergeraete_schule": "Schülergeräte (Schule)",
    "schuelergeraete_byod": "Schülergeräte (BYOD)", "jugendschutzfilter": "Jugendschutzfilter",
    "leistungsbewertung": "Leistungsbewertung",
    "oeffentliche_aufgabe": "öffentliche Aufgabe", "einwilligung": "Einwilligung",
    "vertrag": "Vertrag", "rechtliche_verpflichtung": "rechtliche Verpflichtung",
    "keiner": "keiner", "angemessenheitsbeschluss": "Angemessenheitsbeschluss",
    "data_privacy_framework": "EU-US Data Privacy Framework",
    "standardvertragsklauseln": "Standardvertragsklauseln",
    "verbindliche_unternehmensregeln": "verbindliche Unternehmensregeln",
    "ja": "ja", "nein": "nein", "unbekannt": "unbekannt",
    "schueler": "Schülerinnen und Schüler", "lehrkraefte": "Lehrkräfte", "eltern": "Eltern",
    "verwaltungspersonal": "Verwaltungspersonal",
    # Netz, Support, Geräte der Lehrkräfte
    "physisch": "physisch", "logisch": "logisch", "keine": "keine",
    "eigenes_personal": "eigenes Personal", "medienzentrum": "Medienzentrum",
    "gemischt": "gemischt", "dienstgeraet": "Dienstgerät", "privatgeraet": "Privatgerät",
    "offen": "offen",
    "interview": "Interview",
    # Beteiligte Gruppen
    "schulleitungen": "Schulleitungen", "medienbeauftragte": "Medienbeauftragte",
    "it_personal": "IT-Personal", "politik": "Politik",
    # Plan
    "erstplan": "Erstplan", "fortschreibung": "Fortschreibung",
    "kommunal": "kommunal", "frei": "frei",
    "gemeinde": "Gemeinde", "stadt": "Stadt", "kreisfreie_stadt": "kreisfreie Stadt",
    "landkreis": "Landkreis", "zweckverband": "Zweckverband", "freier_traeger": "freier Träger",
    # Lizenzeinheiten
    "geraet": "je Gerät", "nutzer": "je Nutzer", "pauschal": "pauschal",
    "sonstiges": "Sonstiges", "sonstige": "Sonstige",
    # Umwelt- und Zuschlagskriterien
    "blauer_engel_de_uz_78": "Blauer Engel DE-UZ 78", "de_uz_219": "Blauer Engel DE-UZ 219",
    "tco_certified": "TCO Certified", "eu_ecolabel": "EU Ecolabel",
    "energy_star": "ENERGY STAR", "epeat": "EPEAT",
    "energieeffizienzklasse": "Energieeffizienzklasse", "tec_werte": "TEC-Werte",
    "verpackung_recycling": "Verpackung aus Recyclingmaterial",
    "gleichwertig": "oder gleichwertig", "preis": "Preis",
    "energieeffizienz": "Energieeffizienz", "lebenszykluskosten": "Lebenszykluskosten",
    "reparierbarkeit": "Reparierbarkeit",
    # Inhalte von Konzepten, Netzsegmente, Beteiligungsformen
    "ausstattung": "Ausstattung", "internetanbindung": "Internetanbindung",
    "paedagogik": "Pädagogik", "fortbildung": "Fortbildung", "gaeste": "Gäste",
    "workshop": "Workshop", "umfrage": "Umfrage", "gremium": "Gremium",
    "befragung": "Befragung",
}


def label(value: Any) -> str:
    """The German display name of an enum value (or of its plain text)."""
    if value is None:
        return "–"
    raw = value.value if isinstance(value, Enum) else str(value)
    if raw in LAND_NAMES:
        return LAND_NAMES[raw]
    return _LABELS.get(raw, raw.replace("_", " "))


def labels(values: Any) -> str:
    """Several values as one comma-separated text."""
    return ", ".join(label(v) for v in values) if values else "–"
