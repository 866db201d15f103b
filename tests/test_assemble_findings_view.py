"""Findings in the document: grouped per rule, the three levels of detail, reader's words."""

from __future__ import annotations

import re

import pytest

from mepcheck.assemble.assembler import LogoRefused, assemble_document, read_logo
from mepcheck.assemble.options import DocumentOptions
from mepcheck.assemble.viewmodel import anchors, build_view_model
from mepcheck.assemble.viewmodel.findings import MAX_GROUP_PLACES, group_blocks
from mepcheck.assemble.viewmodel.wording import field_title, reader_place, reader_text
from mepcheck.findings import Status
from mepcheck.labels import _LABELS
from tests.conftest import EXAMPLES
from tests.test_assemble_support import assembled, docx_text

OPEN = (Status.FAILED, Status.UNDETERMINED, Status.WAIVED)


def _item(code: str, place: str, status: str = "failed", remedy: str = "Tun.") -> dict:
    return {"code": code, "title": f"Titel {code}", "marker": f"Warnung {code}",
            "severity": "warning", "severity_label": "Warnung", "status": status,
            "status_label": "nicht erfüllt", "place": place, "message": f"{code} bei {place}",
            "remedy": remedy, "waiver": None}


def test_grouped_blocks_name_rule_count_places_and_remedy_once() -> None:
    items = [_item("NACHH-A", f"Gerätetyp {n}") for n in ("Tablet", "Notebook", "Beamer")]
    items.append(_item("DSGVO-B", "Grundschule"))
    blocks = group_blocks(items, "gruppiert")
    assert [b["code"] for b in blocks] == ["NACHH-A", "DSGVO-B"]
    first, second = blocks
    assert first["count"] == 3 and first["count_text"] == "3\u00a0Stellen"
    assert first["places"] == "Gerätetyp Tablet, Gerätetyp Notebook, Gerätetyp Beamer"
    assert first["message"] is None and first["remedy"] == "Tun."
    # one place: the message itself is shown
    assert second["count"] == 1 and second["message"] == "DSGVO-B bei Grundschule"


def test_complete_mode_keeps_one_block_per_finding_and_none_shows_nothing() -> None:
    items = [_item("NACHH-A", f"Ort {n}") for n in range(3)]
    assert len(group_blocks(items, "vollstaendig")) == 3
    assert group_blocks(items, "keine") == []


def test_many_places_are_counted_with_a_pointer_to_annex_b() -> None:
    items = [_item("X-Y", f"Schule {n}") for n in range(MAX_GROUP_PLACES + 5)]
    (block,) = group_blocks(items, "gruppiert")
    assert block["places"].endswith("und 5\u00a0weitere (Anlage\u00a0B)")
    assert block["places"].count("Schule ") == MAX_GROUP_PLACES


def test_waived_findings_get_no_remedy() -> None:
    (block,) = group_blocks([_item("X-Y", "Dienst", status="waived")], "gruppiert")
    assert block["remedy"] == ""


def test_chapter_shows_each_rule_once_with_all_its_places() -> None:
    _, result, document = assembled(EXAMPLES[0])
    vm = document.view_model
    assert vm["doc"]["findings_mode"] == "gruppiert"
    for spec_key, chapter in vm["chapters"].items():
        codes = [(g["code"], g["status"]) for g in chapter["groups"]]
        assert len(codes) == len(set(codes)), spec_key
        for group in chapter["groups"]:
            n = sum(1 for f in result.findings if f.code == group["code"]
                    and f.status.value == group["status"] and f.chapter == chapter["number"])
            assert group["count"] == n, group["code"]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_no_plan_keys_raw_values_or_line_numbers_in_the_document(example) -> None:
    _, _, document = assembled(example)
    text = docx_text(document.docx)
    assert "Zeile " not in text
    quoted_keys = re.findall(r"'[a-z_][a-z0-9_.]*'", text)
    assert not quoted_keys, quoted_keys[:10]
    raw = [w for w in re.findall(r"(?<![\w/.@{-])[a-z]+(?:_[a-z0-9]+)+(?![\w}])", text)
           if w in _LABELS]
    assert not raw, raw[:10]


def test_reader_words_for_keys_values_and_places() -> None:
    title = field_title("zweckbindung_bis")
    assert title != "zweckbindung_bis" and "_" not in title
    assert reader_text("unter 'zweckbindung_bis' eintragen (Zeile 12)") == \
        f"unter „{title}“ eintragen"
    assert reader_text("'plan.erklaerung_technologieoffen: true' setzen").endswith(": ja“ setzen")
    assert reader_text("('zuordnung: klassensatz', 'pool')") == "(„Zuordnung: Klassensatz“, „Pool“)"
    assert reader_text("Der Plan enthält keine Dienste ('dienste').") == \
        "Der Plan enthält keine Dienste."
    assert reader_place("Grundschule Am Bach: interaktives_display") == \
        "Grundschule Am Bach: Interaktives Display"
    assert reader_place("access_point") == "WLAN-Access-Point"
    # a web address keeps its underscores
    assert reader_text("siehe https://example.org/a_b") == "siehe https://example.org/a_b"


def test_clean_copy_has_no_findings_in_the_body_but_all_in_annex_b() -> None:
    _, result, _ = assembled(EXAMPLES[0])
    clean = assemble_document(result, options=DocumentOptions(findings="keine"))
    text = docx_text(clean.docx)
    body, annex = text.split("## Anlage B – Prüfbefunde", 1)
    open_codes = {f.code for f in result.findings if f.status in OPEN}
    assert open_codes
    markers = {f"{label} {code}" for code in open_codes
               for label in ("Fehler", "Warnung", "Hinweis", "Ausnahme", "nicht entscheidbar")}
    assert not [m for m in markers if m in body], "a finding marker in the clean body"
    assert "Abhilfe:" not in body and "Betroffen:" not in body
    assert all(c in annex for c in open_codes)


def test_complete_mode_shows_every_message_in_the_body() -> None:
    _, result, _ = assembled(EXAMPLES[0])
    full = assemble_document(result, options=DocumentOptions(findings="vollstaendig"))
    body = docx_text(full.docx).split("## Anlage B – Prüfbefunde", 1)[0].replace("\n", " ")
    grouped = docx_text(assembled(EXAMPLES[0])[2].docx).split("## Anlage B", 1)[0]
    for f in result.findings:
        if f.status is Status.FAILED and not anchors(f.path):  # not shown at a table row
            assert reader_text(f.message)[:50] in body, f.code
    assert len(body) > len(grouped)


def test_technical_annex_carries_paths_and_lines_only_when_asked() -> None:
    _, result, document = assembled(EXAMPLES[0])
    assert "Anlage E" not in docx_text(document.docx)
    tech = assemble_document(result, options=DocumentOptions(technical_annex=True))
    text = docx_text(tech.docx)
    annex_e = text.split("## Anlage E – Technische Angaben für die Planverfasser", 1)[1]
    lines = [f.line for f in result.findings if f.status in OPEN and f.line]
    assert lines and str(lines[0]) in annex_e
    assert "schulen[" in annex_e or "massnahmen[" in annex_e


def test_logo_on_the_title_page(tmp_path) -> None:
    from PIL import Image

    path = tmp_path / "logo.png"
    Image.new("RGB", (300, 100), (20, 60, 90)).save(path)
    _, result, _ = assembled(EXAMPLES[0])
    doc = assemble_document(result, options=DocumentOptions(logo=read_logo(path)))
    from tests.test_assemble_support import entries

    parts = entries(doc.docx)
    assert any(name.startswith("word/media/") and name.endswith(".png") for name in parts)
    xml = parts["word/document.xml"].decode("utf-8")
    first_table = xml.index("<w:tbl>") if "<w:tbl>" in xml else xml.index("<w:tbl ")
    assert xml.index('descr="Logo des Schulträgers') < first_table
    assert doc.properties["logo_sha256"]


def test_a_logo_that_is_no_picture_is_refused(tmp_path) -> None:
    bad = tmp_path / "logo.png"
    bad.write_bytes(b"<svg/>")
    with pytest.raises(LogoRefused, match="PNG- oder JPEG"):
        read_logo(bad)
    broken = tmp_path / "kaputt.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 20)
    with pytest.raises(LogoRefused, match="kein lesbares Bild"):
        read_logo(broken)


def test_view_model_modes_agree_with_the_options() -> None:
    _, result, _ = assembled(EXAMPLES[0])
    for mode in ("keine", "gruppiert", "vollstaendig"):
        vm = build_view_model(result, options=DocumentOptions(findings=mode))
        assert vm["doc"]["findings_mode"] == mode
        groups = [g for c in vm["chapters"].values() for g in c["groups"]]
        assert (not groups) == (mode == "keine")
        assert vm["findings"]["all"]  # the annex is complete in every mode
    with pytest.raises(ValueError):
        DocumentOptions(findings="alles")



def test_a_procurement_is_named_by_its_measure_or_its_device_never_by_its_id(minimal_plan) -> None:
    from mepcheck.checker import check_plan
    from mepcheck.loading import load_plan_text
    from tests.conftest import plan_text

    minimal_plan["massnahmen"] = [{
        "id": "m-displays", "titel": "Displays für die Grundschule", "schule": minimal_plan["schulen"][0]["id"],
        "handlungsfeld": "praesentationstechnik", "foerderkategorie": "anzeige_interaktion",
        "geraetetyp": "interaktives_display", "anzahl": 6, "einzelpreis": 4850,
        "kostenart": "investition", "foerderprogramm": "eigenmittel"}]
    minimal_plan["nachhaltigkeit"] = {"beschaffungen": [
        {"id": "b-1", "geraetetyp": "interaktives_display", "geschaetzter_wert": 29100,
         "zuschlagskriterien": ["preis"], "massnahmen": ["m-displays"]},
        {"id": "b-2", "geraetetyp": "notebook", "geschaetzter_wert": 12000, "zuschlagskriterien": ["preis"]}]}
    result = check_plan(load_plan_text(plan_text(minimal_plan), "plan.yaml"), engine="reference")
    places = {reader_place(f.subject) for f in result.findings if f.code == "NACHH-LCC"}
    assert places == {"Beschaffung für „Displays für die Grundschule“",
                      "Beschaffung Notebook, geschätzt 12.000,00 €"}
