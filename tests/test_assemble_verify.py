"""``verify`` compares what a reader sees: open-and-save passes, any changed word, number or
reported property fails, a PDF verifies, and what it prints is recomputed, not stored."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from mepcheck.assemble import verify as verify_module
from mepcheck.assemble.content import compact, paragraphs, reader_content
from mepcheck.assemble.pdf import find_soffice
from mepcheck.assemble.verify import verify_document
from mepcheck.cli import cli
from tests.test_assemble_support import EXAMPLES, LINDENAU

RUNNER = CliRunner()


def run(*args: object):
    return RUNNER.invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def document(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("verify") / "mep.docx"
    result = run("assemble", LINDENAU, "-o", out, "--engine", "reference")
    assert result.exit_code in (0, 1), result.output
    return out


def _edit(src: Path, dst: Path, part: str, change) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == part:
                data = change(data)
            zout.writestr(info.filename, data)
    return dst


def test_unchanged_document_is_reassembled_and_matches(document: Path) -> None:
    report = verify_document(document, LINDENAU)
    assert report.exit_code == 0 and report.method == "neu erzeugt" and report.exact
    assert report.recomputed and report.recomputed["findings_text"]


def test_changed_number_does_not_verify(document: Path, tmp_path: Path) -> None:
    xml = zipfile.ZipFile(document).read("word/document.xml").decode("utf-8")
    number = "164.200,00"
    assert number in xml
    edited = _edit(document, tmp_path / "zahl.docx", "word/document.xml",
                   lambda data: data.replace(number.encode(), b"164.200,01", 1))
    result = run("verify", edited, LINDENAU)
    assert result.exit_code == 1
    assert "Inhalt: VERÄNDERT" in result.output and "164.200,01" in result.output


def test_moved_whitespace_and_split_runs_still_verify(document: Path, tmp_path: Path) -> None:
    # what an editor does on save: split a run, add a line break element between words
    def change(data: bytes) -> bytes:
        return data.replace(b"<w:t>Medienentwicklungsplan der", b"<w:t>Medienentwicklungsplan"
                            b"</w:t></w:r><w:r><w:t xml:space=\"preserve\">  der", 1)
    edited = _edit(document, tmp_path / "laeufe.docx", "word/document.xml", change)
    assert verify_document(edited, LINDENAU).exit_code == 0


def test_forged_findings_summary_does_not_verify_nor_show(document: Path,
                                                          tmp_path: Path) -> None:
    custom = zipfile.ZipFile(document).read("docProps/custom.xml").decode("utf-8")
    assert "2 Fehler" in custom
    forged = _edit(document, tmp_path / "gefaelscht.docx", "docProps/custom.xml",
                   lambda data: data.replace(b"2 Fehler", b"0 Fehler"))
    result = run("verify", forged, LINDENAU)
    assert result.exit_code == 1
    assert "Eigenschaften: VERÄNDERT" in result.output
    shown = [line for line in result.output.splitlines() if line.strip().startswith("Befunde")]
    assert shown and "2 Fehler" in shown[0] and "0 Fehler" not in shown[0]


def test_forged_summary_fails_also_without_recomputation(document: Path, tmp_path: Path,
                                                          monkeypatch) -> None:
    # another rule set installed: nothing can be recomputed, the stored digest decides
    monkeypatch.setattr(verify_module, "_recheck", lambda plan, props: None)
    assert verify_document(document, LINDENAU).exit_code == 0
    forged = _edit(document, tmp_path / "gefaelscht.docx", "docProps/custom.xml",
                   lambda data: data.replace(b"2 Fehler", b"0 Fehler"))
    report = verify_document(forged, LINDENAU)
    assert report.exit_code == 1 and report.method == "Prüfsumme"
    assert not any("0 Fehler" in line for line in report.lines)


def test_json_says_recomputed_and_no_signature(document: Path) -> None:
    data = json.loads(run("verify", document, LINDENAU, "--json").output)
    assert data["signature"] is False
    assert data["ruleset"]["recomputed"] is True
    assert data["findings"] == data["findings_as_stored"]
    assert data["compared_by"] == "neu erzeugt"


def test_field_results_are_not_content() -> None:
    xml = (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           b'<w:body><w:p><w:r><w:t>Seite </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/>'
           b'</w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r>'
           b'<w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r>'
           b'<w:fldChar w:fldCharType="end"/></w:r></w:p>'
           b'<w:p><w:r><w:t xml:space="preserve">A\xc2\xa0 \xc2\xadB</w:t></w:r></w:p></w:body>'
           b'</w:document>')
    assert paragraphs(xml) == ["Seite", "A B"]
    assert compact(paragraphs(xml)) == "SeiteAB"


needs_office = pytest.mark.skipif(
    find_soffice() is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) or pdftotext not installed")


@needs_office
def test_libreoffice_round_trip_verifies_and_an_edit_does_not(document: Path,
                                                              tmp_path: Path) -> None:
    def round_trip(src: Path, name: str) -> Path:
        work = tmp_path / name
        work.mkdir()
        subprocess.run([find_soffice(), f"-env:UserInstallation={(work / 'p').as_uri()}",
                        "--headless", "--norestore", "--convert-to", "docx:MS Word 2007 XML",
                        "--outdir", str(work / "out"), str(src)], capture_output=True,
                       timeout=240, check=False)
        out = work / "out" / src.name
        assert out.exists(), "LibreOffice wrote nothing"
        return out

    saved = round_trip(document, "gleich")
    assert zipfile.ZipFile(saved).read("word/document.xml") != \
        zipfile.ZipFile(document).read("word/document.xml")
    result = run("verify", saved, LINDENAU)
    assert result.exit_code == 0, result.output
    # the stored digest agrees too (the path taken when the rule set differs)
    from mepcheck.assemble.package import read_entries, read_properties, reader_digest

    entries = read_entries(saved.read_bytes())
    assert reader_digest(entries, read_properties(entries)) == \
        read_properties(entries)["reader_sha256"]
    edited = _edit(document, tmp_path / "bearbeitet.docx", "word/document.xml",
                   lambda data: data.replace(b"Gemeinde Lindenau", b"Gemeinde Lindenow", 1))
    assert run("verify", round_trip(edited, "anders"), LINDENAU).exit_code == 1


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("verifypdf") / "mep.docx"
    result = run("assemble", LINDENAU, "-o", out, "--engine", "reference", "--pdf")
    assert result.exit_code in (0, 1), result.output
    return out.with_suffix(".pdf")


@needs_office
def test_pdf_verifies_and_a_forged_pdf_does_not(pdf: Path, tmp_path: Path) -> None:
    result = run("verify", pdf, LINDENAU)
    assert result.exit_code == 0, result.output
    assert "keine Signatur" in result.output
    from pypdf import PdfReader, PdfWriter

    # the same properties on another plan's text: the content no longer matches
    reader = PdfReader(pdf)
    meta = {k: v for k, v in reader.metadata.items() if k.startswith("/mepcheck.")}
    other = EXAMPLES[0] if EXAMPLES[0] != LINDENAU else EXAMPLES[1]
    other_docx = tmp_path / "anders.docx"
    run("assemble", other, "-o", other_docx, "--engine", "reference", "--pdf")
    writer = PdfWriter(clone_from=PdfReader(other_docx.with_suffix(".pdf")))
    writer.add_metadata(meta)
    swapped = tmp_path / "vertauscht.pdf"
    with swapped.open("wb") as handle:
        writer.write(handle)
    assert run("verify", swapped, LINDENAU).exit_code == 1
    # an edited summary in the PDF's properties
    writer = PdfWriter(clone_from=reader)
    writer.add_metadata({"/mepcheck.findings_text": meta["/mepcheck.findings_text"]
                         .replace("2 Fehler", "0 Fehler")})
    forged = tmp_path / "gefaelscht.pdf"
    buf = io.BytesIO()
    writer.write(buf)
    forged.write_bytes(buf.getvalue())
    result = run("verify", forged, LINDENAU)
    assert result.exit_code == 1 and "Eigenschaften: VERÄNDERT" in result.output
    shown = [line for line in result.output.splitlines() if line.strip().startswith("Befunde")]
    assert shown and "2 Fehler" in shown[0]  # recomputed, never the stored "0 Fehler"


def test_reader_content_of_every_example_is_not_empty() -> None:
    from mepcheck.assemble.package import read_entries
    from tests.test_assemble_support import assembled

    for example in EXAMPLES[:2]:
        content = reader_content(read_entries(assembled(example)[2].docx))
        assert len(content) > 100
        assert not any("Seite " in line and " von " in line for line in content[:3])
