"""The rendered pages of every example read cleanly: no word split across lines without a
hyphen, no unit alone at the start of a line (PDF text via LibreOffice and pdftotext;
skipped where they are not installed, CI installs them)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mepcheck.assemble.package import read_entries
from mepcheck.assemble.pdf import docx_to_pdf, find_soffice
from mepcheck.assemble.textextract import part_text
from tests.pdftext import broken_words, lonely_units, pdf_lines, words
from tests.test_assemble_support import EXAMPLES, assembled

pytestmark = pytest.mark.skipif(
    find_soffice() is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) or poppler-utils (pdftotext) not installed",
)


@pytest.fixture(scope="module", params=EXAMPLES, ids=lambda p: p.stem)
def rendered(request, tmp_path_factory) -> tuple[list[str], set[str]]:
    _, _, document = assembled(request.param)
    path = tmp_path_factory.mktemp("layout") / f"{request.param.stem}.pdf"
    # the plain conversion: page layout is the same, the contents update is not needed here
    path.write_bytes(docx_to_pdf(document.docx, update_toc=False))
    vocabulary = words(part_text(read_entries(document.docx)["word/document.xml"])
                       .replace("\u00ad", ""))
    return pdf_lines(Path(path)), vocabulary


def test_no_word_is_broken_across_lines(rendered) -> None:
    lines, vocabulary = rendered
    assert broken_words(lines, vocabulary) == []


def test_no_unit_stands_alone_at_a_line_start(rendered) -> None:
    lines, _ = rendered
    assert lonely_units(lines) == []


def test_the_checks_can_fail() -> None:
    vocabulary = {"Zweckbindung", "Ende", "der"}
    assert broken_words(["vor Ende der Zweckbindun", "g"], vocabulary) == ["Zweckbindun|g"]
    assert broken_words(["vor Ende der Zweck-", "bindung"], vocabulary) == []
    assert lonely_units(["Kosten 14.730.000", "€ gesamt"]) == ["Kosten 14.730.000|€ gesamt"]
