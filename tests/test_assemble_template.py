"""The bundled template: built from its source, fits the view model, renders every chapter."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docxtpl import DocxTemplate

from mepcheck.assemble.assembler import bundled_template_path
from mepcheck.assemble.chapters import CHAPTER_SPECS
from mepcheck.assemble.docxkit import TEXT_WIDTH_CM
from mepcheck.assemble.jinja_env import make_environment
from mepcheck.assemble.template_report import problems_from
from mepcheck.assemble.template_source import build_template
from mepcheck.assemble.templatecheck import analyze
from tests.test_assemble_support import EXAMPLES, assembled

IDS = [p.stem for p in EXAMPLES]


@pytest.fixture(scope="module")
def template() -> bytes:
    return bundled_template_path().read_bytes()


def test_committed_template_is_built_from_its_source(template: bytes) -> None:
    """Rebuild with ``python -m mepcheck.assemble.template_source`` when this fails."""
    assert build_template() == template


@pytest.mark.parametrize("path", EXAMPLES, ids=IDS)
def test_template_needs_no_variable_the_view_model_lacks(path: Path, template: bytes) -> None:
    _, _, document = assembled(path)
    context = dict(document.view_model)
    tpl = DocxTemplate(io.BytesIO(template))
    assert tpl.get_undeclared_template_variables(jinja_env=make_environment(),
                                                 context=context) == set()


def test_static_check_finds_nothing_missing(template: bytes) -> None:
    analysis = analyze(template)
    assert analysis.unknown == set()
    assert analysis.forbidden == set()
    assert analysis.syntax_error is None
    assert analysis.chapters == {c.key for c in CHAPTER_SPECS}
    answer = {"analysis": analysis.as_dict(), "render": {"ok": True, "leftover": []}}
    assert problems_from(answer) == []


def test_static_check_follows_loop_variables() -> None:
    doc = Document()
    for text in ("{% for s in schools %}{{ s.nmae }}{{ s.name }}{% endfor %}",
                 "{{ doc.titel }}{{ summary.verdict }}",
                 "{% for f in findings.groups %}{% for sg in f.severities %}"
                 "{{ sg.findings[0].mesage }}{% endfor %}{% endfor %}",
                 "{{ chapters.finance.heading }}{% include 'x' %}",
                 "{{ nirgends }}"):
        doc.add_paragraph(text)
    buf = io.BytesIO()
    doc.save(buf)
    analysis = analyze(buf.getvalue())
    assert analysis.unknown == {"schools[].nmae", "doc.titel",
                                "findings.groups[].severities[].findings[].mesage", "nirgends"}
    assert analysis.chapters == {"finance"}
    assert analysis.forbidden == {"include"}
    problems = problems_from({"analysis": analysis.as_dict(),
                              "render": {"ok": True, "leftover": []}})
    texts = [p.message for p in problems]
    assert any("'schools[].nmae'" in t for t in texts)
    assert any(t.startswith("Kapitel 4 Ausgangslage und Bestandsaufnahme fehlt") for t in texts)
    assert any("'chapters.finance.gap' wird nicht verwendet" in t for t in texts)


def test_tables_fit_the_page_and_repeat_header_rows(template: bytes) -> None:
    doc = Document(io.BytesIO(template))
    for i, table in enumerate(doc.tables):
        widths = [int(gc.get(qn("w:w"))) / 567 for gc in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert sum(widths) <= TEXT_WIDTH_CM + 0.01, (i, sum(widths))
        first = table.rows[0]._tr
        header = first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None
        keyvalue = table._tbl.tblPr.find(qn("w:tblLook")).get(qn("w:firstRow")) == "0"
        assert header or keyvalue, i


def test_every_jinja_tag_sits_in_one_run(template: bytes) -> None:
    doc = Document(io.BytesIO(template))
    runs = [r.text for p in doc.paragraphs for r in p.runs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                runs += [r.text for p in cell.paragraphs for r in p.runs]
    for text in runs:
        opened = len(re.findall(r"\{[{%]", text))
        closed = len(re.findall(r"[}%]\}", text))
        assert opened == closed, text


def test_german_headings_page_numbers_and_toc(template: bytes) -> None:
    doc = Document(io.BytesIO(template))
    styles = {p.style.name for p in doc.paragraphs}
    assert {"Heading 1", "Heading 2", "Heading 3", "toc 1", "Title"} <= styles
    xml = doc.styles.element.xml
    assert 'w:lang w:val="de-DE"' in xml
    footer = doc.sections[0].footer._element.xml
    assert " PAGE " in footer and " NUMPAGES " in footer
    assert doc.sections[0].different_first_page_header_footer
    assert 'w:updateFields w:val="true"' in doc.settings.element.xml
