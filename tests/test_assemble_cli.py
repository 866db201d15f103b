"""``mepcheck assemble``, ``template check|vars|export`` and ``verify`` on the command line."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from mepcheck.cli import cli
from tests.test_assemble_support import EXAMPLES, LINDENAU, assembled

try:  # click 8.2 separates stderr always; older versions need the flag
    RUNNER = CliRunner(mix_stderr=False)
except TypeError:  # pragma: no cover
    RUNNER = CliRunner()


def run(*args: str):
    return RUNNER.invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def document(tmp_path_factory) -> Path:
    """The example document written by the command line (once for this module)."""
    out = tmp_path_factory.mktemp("doc") / "mep.docx"
    result = run("assemble", LINDENAU, "-o", out, "--engine", "reference")
    assert result.exit_code in (0, 1), result.stderr
    return out


def test_assemble_writes_the_document_and_exits_like_check(document: Path) -> None:
    _, check_result, expected = assembled(LINDENAU)
    assert document.read_bytes() == expected.docx
    rerun = run("assemble", LINDENAU, "-o", document, "--engine", "reference", "--force")
    assert rerun.exit_code == int(check_result.exit_code())
    assert "geschrieben:" in rerun.stderr


def test_assemble_never_overwrites_without_force(document: Path) -> None:
    before = document.read_bytes()
    result = run("assemble", LINDENAU, "-o", document)
    assert result.exit_code == 2
    assert "existiert bereits (mit --force überschreiben)" in result.stderr
    assert document.read_bytes() == before


def test_assemble_never_writes_over_its_input(tmp_path: Path) -> None:
    copy = tmp_path / "plan.yaml"
    copy.write_bytes(LINDENAU.read_bytes())
    result = run("assemble", copy, "-o", copy, "--force")
    assert result.exit_code == 2
    assert "Eingabedatei" in result.stderr


def test_assemble_pdf_without_libreoffice_says_so(tmp_path: Path, monkeypatch) -> None:
    import mepcheck.assemble.pdf as pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    out = tmp_path / "mep.docx"
    result = run("assemble", LINDENAU, "-o", out, "--pdf", "--engine", "reference")
    assert result.exit_code == 2
    assert "LibreOffice ist nicht installiert" in result.stderr
    assert out.exists()
    assert not out.with_suffix(".pdf").exists()


def test_refused_template_is_an_input_error(tmp_path: Path) -> None:
    evil = tmp_path / "boese.docx"
    doc = Document()
    doc.add_paragraph("{{ ''.__class__.__mro__[1].__subclasses__() }}")
    doc.save(evil)
    out = tmp_path / "mep.docx"
    result = run("assemble", LINDENAU, "-o", out, "--template", evil, "--engine", "reference")
    assert result.exit_code == 2
    assert "Vorlage" in result.stderr and "unzulässigen Zugriff" in result.stderr
    assert not out.exists()
    broken = tmp_path / "kaputt.docx"
    broken.write_bytes(b"kein zip")
    result = run("assemble", LINDENAU, "-o", out, "--template", broken)
    assert result.exit_code == 2
    assert "keine .docx-Datei" in result.stderr


def test_template_check_reports_unknown_names_and_missing_chapters(tmp_path: Path) -> None:
    path = tmp_path / "vorlage.docx"
    doc = Document()
    doc.add_paragraph("{{ doc.titel }}")
    doc.add_paragraph("{% for s in schools %}{{ s.name }}{% endfor %}")
    doc.save(path)
    result = run("template", "check", path)
    assert result.exit_code == 1
    assert "'doc.titel'" in result.output
    assert "Kapitel 12 Finanzierungs- und Budgetplanung fehlt" in result.output
    assert "Probe-Ausgabe mit dem Beispielplan fehlgeschlagen" in result.output


def test_template_check_accepts_the_bundled_template(tmp_path: Path) -> None:
    path = tmp_path / "mep.docx"
    assert run("template", "export", "-o", path).exit_code == 0
    result = run("template", "check", path)
    assert result.exit_code == 0, result.output
    assert "Ergebnis: 0 Fehler, 0 Warnungen." in result.output


def test_template_check_refuses_a_zip_bomb(tmp_path: Path) -> None:
    path = tmp_path / "bombe.docx"
    doc = Document()
    buf = io.BytesIO()
    doc.save(buf)
    src = zipfile.ZipFile(buf)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = b" " * (80 * 1024 * 1024)
            dst.writestr(info.filename, data)
    result = run("template", "check", path)
    assert result.exit_code == 2
    assert "ZIP-Bombe" in result.stderr or "zu groß" in result.stderr


def test_template_vars_lists_the_view_model() -> None:
    result = run("template", "vars")
    assert result.exit_code == 0
    assert "schools[].name  (Text)" in result.output
    assert "chapters.finance.gap.label  (Text)" in result.output
    assert "|money" in result.output


def test_verify_unchanged_document(document: Path) -> None:
    result = run("verify", document, LINDENAU)
    assert result.exit_code == 0, result.output
    assert "Plan: passt" in result.output
    assert "Inhalt: unverändert" in result.output
    assert "Regelwerk: Version" in result.output


def test_verify_other_plan(document: Path) -> None:
    other = next(p for p in EXAMPLES if p != LINDENAU)
    result = run("verify", document, other)
    assert result.exit_code == 1
    assert "Plan: passt NICHT" in result.output


def _rewrite(src: Path, dst: Path, change) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                data = change(data)
            zout.writestr(info.filename, data)


def test_verify_detects_edited_text(document: Path, tmp_path: Path) -> None:
    edited = tmp_path / "bearbeitet.docx"
    _rewrite(document, edited, lambda xml: xml.replace(b"Gemeinde Lindenau",
                                                       b"Gemeinde Lindenow", 1))
    result = run("verify", edited, LINDENAU)
    assert result.exit_code == 1
    assert "Inhalt: VERÄNDERT" in result.output


def test_verify_accepts_a_resaved_document(document: Path, tmp_path: Path) -> None:
    resaved = tmp_path / "neu-gespeichert.docx"
    Document(str(document)).save(str(resaved))  # XML rewritten, text the same
    result = run("verify", resaved, LINDENAU)
    assert result.exit_code == 0, result.output
    assert "erneut gespeichert" in result.output


def test_verify_json_and_foreign_documents(document: Path, tmp_path: Path) -> None:
    import json

    data = json.loads(run("verify", document, LINDENAU, "--json").output)
    assert data["belongs_to_plan"] is True and data["unchanged"] is True
    assert data["ruleset"]["version"]
    foreign = tmp_path / "fremd.docx"
    Document().save(str(foreign))
    result = run("verify", foreign, LINDENAU)
    assert result.exit_code == 2
    assert "kein von mepcheck erzeugtes Dokument" in result.stderr


def test_assemble_refuses_an_output_that_is_not_docx(tmp_path) -> None:
    from click.testing import CliRunner

    from mepcheck.cli import cli
    from tests.conftest import ROOT

    out = tmp_path / "mep.txt"
    result = CliRunner().invoke(cli, ["assemble", str(ROOT / "fixtures" / "examples" /
                                                     "gemeinde-lindenau.yaml"), "-o", str(out)])
    assert result.exit_code == 2
    assert ".docx" in result.output
    assert not out.exists()
