"""Text-report section: the data-protection findings of each service on one line.

For every service of the plan (``dienste[i]``) the section lists what the rules found
missing – grouped by severity –, what is waived or undeterminable, and what is in order,
for example::

    ✗ Videokonferenz (Videokonferenzsystem, Zoom) – dienste[2]: Fehler: AVV fehlt (Zoom …),
      VVT-Eintrag fehlt; Warnungen: …; in Ordnung: Verantwortlicher benannt (die Schule), …

It only presents findings: every item is one finding of the data-protection family whose
path lies in that service, labelled by its rule code and status with the parameters the
finding itself carries. Nothing is decided here.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from decimal import Decimal
from typing import Any

from mepcheck.findings import Finding, Status
from mepcheck.fmt import date, number
from mepcheck.report.sections import section
from mepcheck.types import Severity

FAMILY = "data-protection"
WIDTH = 100

# Short labels per rule: (label when passed, label when failed). Placeholders are parameters
# of the finding (the fields its message uses). The order here is the order in the line.
LABELS: dict[str, tuple[str | None, str]] = {
    "DSGVO-ROLLE-VERANTWORTLICHER": ("Verantwortlicher benannt ({verantwortlicher_text})",
                                     "Verantwortlicher oder Rechtsbeziehung nicht benannt"),
    "DSGVO-AVV-DIENSTLEISTER": ("AVV {avv_status}", "AVV fehlt ({avv_fehlt_bei})"),
    "DSGVO-AVV-SCHULTRAEGER": ("Vereinbarung Schule–Schulträger {avv_schule_traeger_text}",
                               "Vereinbarung Schule–Schulträger fehlt"),
    "DSGVO-AV-EIGENE-ZWECKE": ("keine Nutzung zu eigenen Zwecken des Anbieters",
                               "Anbieter nutzt Daten zu eigenen Zwecken"),
    "DSGVO-AV-EIGENE-ZWECKE-UNGEKLAERT": (None, "eigene Zwecke des Anbieters ungeklärt"),
    "DSGVO-VVT-EINTRAG": ("VVT-Eintrag {vvt_text}", "VVT-Eintrag fehlt"),
    "DSGVO-VVT-AKTUALITAET": ("VVT geprüft am {vvt_geprueft_am}",
                              "VVT-Prüfung älter als {max_alter_tage} Tage oder ohne Datum"),
    "DSGVO-RECHTSGRUNDLAGE": ("Rechtsgrundlage angegeben",
                              "Rechtsgrundlage fehlt oder Einwilligung ungeeignet"),
    "DSGVO-EINWILLIGUNG-MINDERJAEHRIGE": ("Einwilligung der Eltern vorgesehen",
                                          "Einwilligung der Eltern fehlt"),
    "DSGVO-DSFA-SCHWELLWERT": ("DSFA-Entscheidung dokumentiert", "DSFA-Entscheidung fehlt"),
    "DSGVO-DSFA-PFLICHT": ("Pflicht-DSFA {dsfa_text}", "DSFA fehlt, obwohl Pflicht"),
    "DSGVO-DSFA-LERNPLATTFORM": ("Pflicht-DSFA {dsfa_text}", "DSFA fehlt, obwohl Pflicht"),
    "DSGVO-DSFA-CLOUD": ("Pflicht-DSFA {dsfa_text}", "DSFA fehlt, obwohl Pflicht"),
    "DSGVO-DSFA-MDM": ("Pflicht-DSFA {dsfa_text}", "DSFA fehlt, obwohl Pflicht"),
    "DSGVO-DSFA-VIDEOKONFERENZ": ("Pflicht-DSFA {dsfa_text}", "DSFA fehlt, obwohl Pflicht"),
    "DSGVO-DSFA-BIOMETRIE": ("DSFA zur Biometrie {dsfa_text}", "DSFA zur Biometrie fehlt"),
    "DSGVO-DSFA-LEISTUNGSBEWERTUNG": ("DSFA zur Leistungsbewertung {dsfa_text}",
                                      "DSFA zur Leistungsbewertung fehlt"),
    "DSGVO-DSFA-AKTUALITAET": ("DSFA vom {dsfa_datum}",
                               "DSFA ohne Datum oder älter als {max_alter_tage} Tage"),
    "DSGVO-DRITTLAND-GRUNDLAGE": ("Drittland ({drittland_orte}) mit Grundlage "
                                  "{transfer_mechanismus_text}",
                                  "Drittlandtransfer ({drittland_orte}) ohne Grundlage"),
    "DSGVO-DRITTLAND-DPF-PRUEFUNG": ("DPF-Zertifizierung geprüft am {dpf_geprueft_am}",
                                     "DPF-Prüfung veraltet (zuletzt {dpf_geprueft_am})"),
    "DSGVO-CLOUDSUITE-AUFSICHT": ("DSFA und Position der Aufsicht berücksichtigt",
                                  "DSFA oder Position der Aufsicht fehlt"),
    "DSGVO-TOM-DOKU": ("TOM {toms_text}", "TOM nicht dokumentiert"),
    "DSGVO-LOESCHKONZEPT": ("Löschkonzept {loeschkonzept_text}",
                            "Löschkonzept fehlt oder ohne Kontolöschung"),
    "DSGVO-LOESCHFRIST-LAND": ("Löschfrist innerhalb der Landesfrist",
                               "Löschfrist länger als die Landesfrist ({max_monate} Monate)"),
    "DSGVO-INFOPFLICHTEN": ("Informationen nach Art. 13/14 {informationspflichten_text}",
                            "Informationen nach Art. 13/14 fehlen"),
    "DSGVO-NUTZUNGSORDNUNG-DIENST": ("Nutzungsordnung {nutzungsordnung_text}",
                                     "Nutzungsordnung fehlt"),
    "DSGVO-PLATTFORM-BEREITSTELLUNG-NRW": ("bereitgestellt {bereitgestellt_von_text}",
                                           "nicht vom Schulträger oder Land bereitgestellt"),
    "DSGVO-MDM-FUNKTIONEN": ("Funktionen aufgeführt ({merkmale_text})",
                             "Funktionen nicht aufgeführt oder Ortung ohne DSFA"),
    "DSGVO-MDM-BYOD": ("Privatgeräte mit Vereinbarung und Trennung",
                       "Privatgeräte ohne Vereinbarung oder Trennung"),
    "DSGVO-WLAN-PROTOKOLLIERUNG": ("Protokollierung festgelegt ({protokoll_aufbewahrung_tage} Tage)",
                                   "Protokollierung unbestimmt, zu lang oder mit Inhalten"),
    "DSGVO-WLAN-JUGENDSCHUTZ": ("Jugendschutzfilter vorgesehen", "kein Jugendschutzfilter"),
    "DSGVO-WLAN-OFFENES-NETZ": ("offenes WLAN ausgeschlossen", "offenes WLAN nicht ausgeschlossen"),
    "DSGVO-LANDESANGEBOT": ("Landesangebot geprüft", "Landesangebot nicht geprüft"),
    "DSGVO-VK-SELBSTBETRIEB": ("betrieben {betreiber_text}", "Online-Dienst statt Selbstbetrieb"),
    "DSGVO-UNTERLAGEN-GEPLANT": (None, "erst geplant ({geplante_unterlagen})"),
}
_ORDER = {code: index for index, code in enumerate(LABELS)}

_GROUPS = (
    ("Fehler", lambda f: f.status is Status.FAILED and f.severity is Severity.ERROR),
    ("Warnungen", lambda f: f.status is Status.FAILED and f.severity is Severity.WARNING),
    ("Hinweise", lambda f: f.status is Status.FAILED and f.severity is Severity.INFO),
    ("Ausnahme genehmigt", lambda f: f.status is Status.WAIVED),
    ("nicht entscheidbar", lambda f: f.status is Status.UNDETERMINED),
    ("in Ordnung", lambda f: f.status is Status.PASSED),
)


class _Params(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "–"


def _shown(value: Any) -> str:
    if isinstance(value, dt.date):
        return date(value)
    if isinstance(value, bool | int | float | Decimal):
        return number(value)
    return str(getattr(value, "value", value))


def label(finding: Finding) -> str | None:
    """The short label of one finding (``None``: not worth listing)."""
    passed, failed = LABELS.get(finding.code, (finding.title, f"{finding.title}: nicht erfüllt"))
    template = passed if finding.status is Status.PASSED else failed
    if template is None:
        return None
    params = _Params({name: _shown(value) for name, value in finding.params})
    text = template.format_map(params)
    if finding.status is Status.UNDETERMINED:
        return finding.title
    return text


def _service_index(finding: Finding) -> int | None:
    path = finding.path
    if len(path) >= 2 and path[0] == "dienste" and isinstance(path[1], int):
        return path[1]
    return None


def service_line(heading: str, findings: list[Finding]) -> str:
    """One wrapped line: heading, then the groups of labels."""
    ordered = sorted(findings, key=lambda f: (_ORDER.get(f.code, len(_ORDER)), f.code, f.key))
    parts = []
    for title, belongs in _GROUPS:
        labels = [text for f in ordered if belongs(f) and (text := label(f))]
        if labels:
            parts.append(f"{title}: {', '.join(labels)}")
    blocking = any(f.status is Status.FAILED and f.severity is not Severity.INFO for f in findings)
    mark = "✗" if blocking else "✓"
    text = f"{mark} {heading}: " + ("; ".join(parts) if parts else "keine Datenschutzprüfung anwendbar")
    return textwrap.fill(text, width=WIDTH, initial_indent="  ", subsequent_indent="      ",
                         break_on_hyphens=False)


@section(40, "Datenschutz je Dienst")
def render(result: Any, plan: Any) -> list[str]:
    """One line per service of the plan with its data-protection findings."""
    services = getattr(plan, "services", None) or []
    if not services:
        return []
    from mepcheck.facts.families.data_protection import KIND_TEXT

    by_service: dict[int, list[Finding]] = {}
    for finding in result.listed(tuple(Status), family=FAMILY):
        index = _service_index(finding)
        if index is not None:
            by_service.setdefault(index, []).append(finding)
    lines = ["  Je Dienst: was die Datenschutzregeln bemängeln (nach Schwere) und was in Ordnung ist."]
    for index, service in enumerate(services):
        extra = "; ".join(x for x in (KIND_TEXT.get(service.kind, service.kind.value), service.product) if x)
        heading = f"{service.name} [{extra}] (dienste[{index}])"
        lines.append(service_line(heading, by_service.get(index, [])))
    return lines
