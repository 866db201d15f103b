"""The assembled MEP document: what a reader sees, for every example plan and for edge cases."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from mepcheck.assemble.assembler import assemble_document
from mepcheck.assemble.chapters import CHAPTER_SPECS
from mepcheck.assemble.package import content_digest, read_properties, reader_digest
from mepcheck.assemble.viewmodel.wording import reader_text
from mepcheck.findings import Status
from tests.test_assemble_support import (
    EXAMPLES,
    assembled,
    docx_text,
    entries,
    part_text_of,
    variant_document,
)

IDS = [p.stem for p in EXAMPLES]


@pytest.mark.parametrize("path", EXAMPLES, ids=IDS)
def test_document_text_snapshot(path: Path, snapshot) -> None:
    _, _, document = assembled(path)
    assert docx_text(document.docx) == snapshot


@pytest.mark.parametrize("path", EXAMPLES, ids=IDS)
def test_every_chapter_heading_in_order(path: Path) -> None:
    _, _, document = assembled(path)
    headings = [line[2:] for line in docx_text(document.docx).splitlines()
                if line.startswith("# ")]
    assert headings == [spec.heading for spec in CHAPTER_SPECS]


@pytest.mark.parametrize("path", EXAMPLES, ids=IDS)
def test_no_jinja_tag_left(path: Path) -> None:
    _, _, document = assembled(path)
    parts = entries(document.docx)
    texts = [part_text_of(document.docx, name) for name in parts
             if re.match(r"word/(document|header\d*|footer\d*)\.xml$", name)]
    texts.append(docx_text(document.docx))
    for text in texts:
        for tag in ("{{", "}}", "{%", "%}", "{#", "#}"):
            assert tag not in text


def test_same_plan_same_bytes() -> None:
    loaded, result, document = assembled(EXAMPLES[0])
    again = assemble_document(result)
    assert hashlib.sha256(again.docx).hexdigest() == hashlib.sha256(document.docx).hexdigest()
    with zipfile.ZipFile(io.BytesIO(document.docx)) as zf:
        assert {info.date_time for info in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = zf.read("docProps/core.xml").decode()
    stamp = loaded.plan.meta.reference_date.isoformat()
    assert f">{stamp}T00:00:00Z</dcterms:created>" in core
    assert f">{stamp}T00:00:00Z</dcterms:modified>" in core


def test_properties_carry_plan_rules_findings_and_digests() -> None:
    loaded, result, document = assembled(EXAMPLES[0])
    parts = entries(document.docx)
    props = read_properties(parts)
    assert props["plan_sha256"] == loaded.sha256
    assert props["ruleset_version"] == result.ruleset_version
    assert props["ruleset_date"] == result.ruleset_date.isoformat()
    assert props["ruleset_fingerprint"] == result.ruleset_fingerprint
    assert props["profile"] == result.profile.name
    assert json.loads(props["findings"]) == result.counts()
    assert props["content_sha256"] == content_digest(parts)
    assert props["reader_sha256"] == reader_digest(parts, props)
    assert props["template"] == "mep.docx (mitgeliefert)"


def test_special_characters_come_out_right() -> None:
    tricky = 'Schule „Müller & Söhne“ <Test> "Zitat" \'einfach\' Straße ß'
    measure = "F&E-Labor < 5 % > 3 & mehr"

    def change(plan: dict) -> None:
        plan["schulen"][0]["name"] = tricky
        plan["massnahmen"][0]["titel"] = measure
        plan["plan"]["vorgehen"] = "A < B & C > D; Größe „ÄÖÜäöüß“"

    _, docx = variant_document(change)
    text = docx_text(docx)
    assert tricky in text
    assert measure in text
    assert "A < B & C > D; Größe „ÄÖÜäöüß“" in text
    # nothing was dropped: all chapters and the last annex are still there
    for spec in CHAPTER_SPECS:
        assert f"# {spec.heading}" in text
    assert "## Anlage D – Beschluss und Prüfvermerk" in text
    xml = entries(docx)["word/document.xml"].decode("utf-8")
    # the layout pass keeps "5" and "%" together with a no-break space
    assert "F&amp;E-Labor &lt; 5\u00a0% &gt; 3 &amp; mehr" in xml


def test_missing_required_chapter_is_a_marked_gap() -> None:
    result, docx = variant_document(lambda plan: plan.pop("betrieb"))
    text = docx_text(docx)
    chapter = text.split("# 8 Betrieb, Support und Wartung", 1)[1].split("\n# 9 ", 1)[0]
    assert "Abschnitt fehlt – erforderlich nach Länderrichtlinien zum DigitalPakt Schule " \
           "(Wortlaut z. B. RL Digitale Schulen SN Ziffer VII Nr. 1 Buchst. g)" in chapter
    assert "Betriebs- und Supportkonzept" in chapter
    assert "'betrieb'" not in chapter  # no plan key in a client document
    # the gap is the finding that check reports, and the document names it
    gap = [f for f in result.findings if f.code == "MEP-KAPITEL-BETRIEB"]
    assert [f.status for f in gap] == [Status.FAILED]
    assert "Gemeldet als Warnung MEP-KAPITEL-BETRIEB" in chapter
    assert reader_text(gap[0].message).split(":", 1)[1].strip() in chapter.replace("\n", " ")


def test_missing_recommended_chapter_says_recommended() -> None:
    _, docx = variant_document(lambda plan: plan.pop("monitoring"))
    text = docx_text(docx)
    chapter = text.split("# 14 Qualitätsentwicklung, Monitoring und Evaluation", 1)[1]
    assert "Abschnitt fehlt – empfohlen nach Orientierungshilfen der Länder" in chapter


def test_fortschreibung_without_retrospective_shows_gap() -> None:
    def change(plan: dict) -> None:
        plan["plan"]["art"] = "fortschreibung"
        plan.pop("rueckblick", None)

    _, docx = variant_document(change)
    chapter = docx_text(docx).split("# 3 Rückblick und Zielerreichung", 1)[1].split("\n# 4 ")[0]
    assert "Abschnitt fehlt – empfohlen nach Fortschreibung" in chapter
    assert "Entfällt" not in chapter


def test_fortschreibung_with_retrospective_renders_it() -> None:
    def change(plan: dict) -> None:
        plan["plan"]["art"] = "fortschreibung"
        plan["rueckblick"] = {
            "vorheriger_zeitraum": "2021–2025",
            "zusammenfassung": "WLAN an allen Schulen erreicht.",
            "ziele": [{"ziel": "WLAN in allen Räumen", "status": "erreicht"},
                      {"ziel": "Tablets für Klasse 3", "status": "teilweise",
                       "kommentar": "Lieferengpass"}],
            "huerden": ["Lieferzeiten 2022"],
        }

    _, docx = variant_document(change)
    chapter = docx_text(docx).split("# 3 Rückblick und Zielerreichung", 1)[1].split("\n# 4 ")[0]
    assert "## 3.1 Zielerreichung" in chapter
    assert "| Tablets für Klasse 3 | teilweise erreicht | Lieferengpass" in chapter
    assert "Lieferzeiten 2022" in chapter
    assert "## 3.2 Geförderte Ausstattung und Zweckbindung" in chapter


def test_markers_at_the_place_and_every_open_finding_in_annex() -> None:
    _, result, document = assembled(EXAMPLES[0])
    text = docx_text(document.docx)
    body, annex_b = text.split("## Anlage B – Prüfbefunde", 1)
    annex_b = annex_b.split("## Anlage C", 1)[0]
    open_findings = [f for f in result.findings
                     if f.status in (Status.FAILED, Status.UNDETERMINED, Status.WAIVED)]
    assert open_findings, "the example is expected to have findings"
    for f in open_findings:
        assert f.code in annex_b
        assert reader_text(f.message).split("\n")[0][:60] in annex_b.replace("\n", " ")
    # a finding about a measure is marked in that measure's row
    plan = result.plan
    for f in open_findings:
        if f.path[:1] == ("massnahmen",) and len(f.path) == 2:
            title = plan.measures[f.path[1]].title
            rows = [line for line in body.splitlines() if line.startswith(f"| {title}")]
            assert rows and any(f.code in row or "Anlage B" in row for row in rows), f.code
    # a finding about a school is on that school's data sheet
    sheets = text.split("## Anlage A – Datenblätter der Schulen", 1)[1].split("## Anlage B")[0]
    for f in open_findings:
        if f.path[:1] == ("schulen",):
            name = plan.schools[f.path[1]].name
            sheet = sheets.split(f" {name}\n", 1)[1].split("\n### ", 1)[0]
            assert f.code in sheet, (f.code, name)


def test_charts_are_pictures_with_alt_text() -> None:
    _, _, document = assembled(EXAMPLES[0])
    parts = entries(document.docx)
    xml = parts["word/document.xml"].decode("utf-8")
    descrs = re.findall(r'<wp:docPr [^>]*descr="([^"]+)"', xml)
    assert len(descrs) == 3
    assert all(len(d) > 40 for d in descrs)
    assert any(d.startswith("Säulendiagramm der Kosten je Haushaltsjahr") for d in descrs)
    assert sum(1 for n in parts if n.startswith("word/media/") and n.endswith(".png")) == 3


def test_contents_field_refreshed_by_word_and_static_list() -> None:
    _, _, document = assembled(EXAMPLES[0])
    parts = entries(document.docx)
    assert b'<w:updateFields w:val="true"/>' in parts["word/settings.xml"]
    xml = parts["word/document.xml"].decode("utf-8")
    assert 'TOC \\o "1-2" \\h \\z \\u' in xml
    for spec in CHAPTER_SPECS:
        assert f'w:name="_TocMEP{spec.number:02d}"' in xml
        assert f"PAGEREF _TocMEP{spec.number:02d} \\h" in xml
    text = docx_text(document.docx)
    assert f"{CHAPTER_SPECS[0].number}\t{CHAPTER_SPECS[0].title}\t" in text


def test_tables_repeat_their_header_row() -> None:
    _, _, document = assembled(EXAMPLES[0])
    xml = entries(document.docx)["word/document.xml"].decode("utf-8")
    tables = xml.count("<w:tbl>")
    headers = xml.count("<w:tblHeader/>")
    assert tables > 20
    assert headers >= tables - xml.count('w:firstRow="0"')
