"""End to end: the assembled document converts to PDF with LibreOffice (skipped without it)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from mepcheck.assemble.chapters import CHAPTER_SPECS
from mepcheck.assemble.pdf import docx_to_pdf, find_soffice
from tests.test_assemble_support import LINDENAU, assembled

pytestmark = pytest.mark.skipif(
    find_soffice() is None or shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="LibreOffice (soffice) or poppler-utils (pdftotext, pdfinfo) not installed",
)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> Path:
    _, _, document = assembled(LINDENAU)
    path = tmp_path_factory.mktemp("pdf") / "mep.pdf"
    path.write_bytes(docx_to_pdf(document.docx))
    return path


def _text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                         check=True, text=True)
    return out.stdout


def test_pdf_converts_with_a_plausible_page_count(pdf: Path) -> None:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True, text=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))
    # title, contents, 15 chapters, data sheets of three schools, findings annex
    assert 20 <= pages <= 80, pages


def test_every_chapter_heading_is_in_the_pdf(pdf: Path) -> None:
    text = _text(pdf)
    for spec in CHAPTER_SPECS:
        assert spec.heading in text, spec.heading
    for annex in ("Anlage A – Datenblätter der Schulen", "Anlage B – Prüfbefunde",
                  "Anlage D – Beschluss und Prüfvermerk"):
        assert annex in text


def test_contents_have_page_numbers_and_footer_counts_pages(pdf: Path) -> None:
    text = _text(pdf)
    contents = text.split("Inhalt", 1)[1].split("Einleitung und Auftrag", 2)[1]
    assert re.match(r"\.+\s*\d+", contents.lstrip()), contents[:80]
    assert re.search(r"Seite 3 von \d+", text)
