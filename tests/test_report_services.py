"""The text-report section "Datenschutz je Dienst": one entry per service that presents the
data-protection findings of that service (missing by severity, waived, in order)."""

from __future__ import annotations

import copy
import dataclasses

import pytest

from mepcheck.checker import check_plan
from mepcheck.findings import Finding, Status
from mepcheck.loading import load_plan_text
from mepcheck.report.sections.services import render, service_line
from mepcheck.types import Severity
from tests.conftest import plan_text

ZOOM = {
    "id": "vk", "name": "Videokonferenz", "art": "videokonferenz", "produkt": "Zoom",
    "verantwortlicher": "schule", "betreiber": "anbieter", "bereitgestellt_von": "schultraeger",
    "avv_schule_traeger": "vorhanden", "betroffene": ["lehrkraefte"], "rechtsgrundlage": "oeffentliche_aufgabe",
    "auftragsverarbeiter": [{"name": "Zoom Video Communications, Inc.", "avv": "fehlt", "sitz": "US"}],
    "eigene_zwecke_anbieter": "nein", "speicherorte": ["US"], "vvt": "vorhanden",
    "toms": "vorhanden", "informationspflichten": "vorhanden", "nutzungsordnung": "vorhanden",
    "loeschkonzept": {"status": "vorhanden", "konto_loeschung_monate": 3},
    "landesangebot_geprueft": True,
}
LMS = {
    "id": "lms", "name": "Lernplattform", "art": "lernplattform", "produkt": "Moodle",
    "verantwortlicher": "schule", "betreiber": "land", "bereitgestellt_von": "land",
    "beziehungen": [{"partei": "land", "art": "auftragsverarbeitung"}],
    "betroffene": ["schueler"], "rechtsgrundlage": "oeffentliche_aufgabe",
    "auftragsverarbeiter": [{"name": "Land", "avv": "vorhanden", "sitz": "DE"}],
    "eigene_zwecke_anbieter": "nein", "speicherorte": ["DE"], "vvt": "geplant",
    "dsfa": {"schwellwertanalyse": "vorhanden", "status": "nicht_erforderlich", "datum": "2025-10-01"},
    "toms": "vorhanden", "informationspflichten": "vorhanden", "nutzungsordnung": "vorhanden",
    "loeschkonzept": {"status": "vorhanden", "konto_loeschung_monate": 3},
}


@pytest.fixture
def result(minimal_plan):
    data = copy.deepcopy(minimal_plan)
    data["dienste"] = [ZOOM, LMS]
    data["ausnahmen"] = [{
        "regel": "DSGVO-VK-SELBSTBETRIEB", "dienst": "vk",
        "begruendung": "Zoom ist bis zum Umstieg auf das Landesangebot befristet.",
        "genehmigt_von": "Schulamt", "gueltig_bis": "2027-07-31",
    }]
    return check_plan(load_plan_text(plan_text(data), "services.yaml"), profile="mep-basis",
                      engine="reference")


def test_one_entry_per_service_in_plan_order(result) -> None:
    lines = render(result, result.plan)
    entries = [line for line in lines if line.startswith("  ✗ ") or line.startswith("  ✓ ")]
    assert len(entries) == 2
    assert entries[0].startswith("  ✗ Videokonferenz [Videokonferenzsystem; Zoom] (dienste[0])")
    assert entries[1].startswith("  ✗ Lernplattform [Lernplattform; Moodle] (dienste[1])")


def test_missing_and_present_items_per_service(result) -> None:
    text = " ".join(" ".join(render(result, result.plan)).split())
    zoom, lms = text.split("(dienste[1])")
    # the service with the missing AVV: error first, the third-country basis is named
    assert "Fehler: AVV fehlt (Zoom Video Communications, Inc.)" in zoom
    assert "Drittlandtransfer (US) ohne Grundlage" in zoom
    assert "Ausnahme genehmigt: Online-Dienst statt Selbstbetrieb" in zoom
    assert "in Ordnung: Verantwortlicher benannt (die Schule)" in zoom
    assert "VVT-Eintrag vorhanden" in zoom
    # the planned VVT entry is present as planned and listed as still open
    assert "Warnungen: erst geplant (VVT-Eintrag)" in lms
    assert "VVT-Eintrag geplant" in lms
    assert "AVV vorhanden" in lms


def test_section_reflects_finding_status_and_never_redecides(result) -> None:
    """Flip one finding's status: the section follows the finding, not the plan data."""
    flipped = [
        dataclasses.replace(f, status=Status.PASSED)
        if (f.code, f.path) == ("DSGVO-AVV-DIENSTLEISTER", ("dienste", 0)) else f
        for f in result.findings
    ]
    lines = render(result.with_findings(flipped), result.plan)
    zoom = " ".join(" ".join(lines).split()).split("(dienste[1])")[0]
    errors, in_order = zoom.split("Fehler: ")[1].split(";")[0], zoom.split("in Ordnung: ")[1]
    assert "AVV" not in errors
    # listed as in order, labelled with the finding's own parameter (the section adds nothing)
    assert in_order.startswith("Verantwortlicher benannt (die Schule), AVV fehlt,")


def test_only_data_protection_findings_of_services(result) -> None:
    foreign = Finding(code="NACHH-TEST", title="Fremde Regel", family="sustainability", chapter=11,
                      severity=Severity.ERROR, status=Status.FAILED, path=("dienste", 0),
                      message="x")
    school = Finding(code="DSGVO-DSB-SCHULE", title="DSB", family="data-protection", chapter=10,
                     severity=Severity.ERROR, status=Status.FAILED, path=("schulen", 0),
                     message="x")
    lines = render(result.with_findings((*result.findings, foreign, school)),
                   result.plan)
    text = " ".join(lines)
    assert "Fremde Regel" not in text and "DSB" not in text


def test_unknown_rule_falls_back_to_its_title() -> None:
    finding = Finding(code="DSGVO-NEU", title="Neue Prüfung", family="data-protection",
                      chapter=10, severity=Severity.WARNING, status=Status.FAILED,
                      path=("dienste", 3), message="x")
    line = service_line("Dienst [Art] (dienste[3])", [finding])
    assert line.startswith("  ✗ Dienst [Art] (dienste[3]): Warnungen: Neue Prüfung: nicht erfüllt")


def test_plan_without_services_has_no_section(minimal_plan) -> None:
    result = check_plan(load_plan_text(plan_text(minimal_plan), "x.yaml"), profile="mep-basis",
                        engine="reference")
    assert render(result, result.plan) == []
