"""Shared helpers of the document-assembly tests (this module holds no tests).

Documents are assembled once per example and cached: assembly takes about a second.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from mepcheck.assemble.assembler import AssembledDocument, assemble_document
from mepcheck.checker import CheckResult, check_plan
from mepcheck.loading import LoadedPlan, load_plan, load_plan_text
from tests.conftest import EXAMPLES, ROOT

LINDENAU = ROOT / "fixtures" / "examples" / "gemeinde-lindenau.yaml"
ENGINE = "reference"
"""The Python reference evaluator: same findings as durable (differential tests), no C crash risk."""

__all__ = ["EXAMPLES", "LINDENAU", "ROOT", "assembled", "check", "docx_text", "entries",
           "load_variant", "part_text_of", "variant_document"]


def check(loaded: LoadedPlan) -> CheckResult:
    return check_plan(loaded, engine=ENGINE)


@lru_cache(maxsize=16)
def assembled(path: Path) -> tuple[LoadedPlan, CheckResult, AssembledDocument]:
    """The plan, its check result and its document (bundled template), cached."""
    loaded = load_plan(path)
    result = check(loaded)
    return loaded, result, assemble_document(result)


def load_variant(change: Callable[[dict[str, Any]], None], base: Path = LINDENAU) -> LoadedPlan:
    """The example plan after ``change`` (which edits the parsed YAML in place)."""
    data = yaml.safe_load(base.read_text(encoding="utf-8"))
    change(data)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return load_plan_text(text, "variante.yaml")


def variant_document(change: Callable[[dict[str, Any]], None]) -> tuple[CheckResult, bytes]:
    result = check(load_variant(change))
    return result, assemble_document(result).docx


def entries(docx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def part_text_of(docx: bytes, part: str = "word/document.xml") -> str:
    from mepcheck.assemble.textextract import part_text

    return part_text(entries(docx)[part])


_HASH = re.compile(r"\b[0-9a-f]{16,64}\b")


def docx_text(docx: bytes, *, mask_hashes: bool = True) -> str:
    """Paragraphs and tables in body order, extracted with python-docx (for snapshots).

    Table rows become ``cell | cell | …``; hex digests (plan hash, rule-set fingerprint) are
    masked so that a new rule file does not change every document snapshot.
    """
    from docx import Document
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    doc = Document(io.BytesIO(docx))
    lines: list[str] = []
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, doc)
            style = paragraph.style.name if paragraph.style is not None else ""
            prefix = {"Heading 1": "# ", "Heading 2": "## ", "Heading 3": "### "}.get(style, "")
            lines.append(prefix + paragraph.text)
        elif child.tag == qn("w:tbl"):
            table = Table(child, doc)
            for row in table.rows:
                lines.append("| " + " | ".join(c.text.replace("\n", " / ") for c in row.cells))
            lines.append("")
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    # as a reader sees it: a no-break space is a space, a soft hyphen invisible
    text = text.replace("\u00a0", " ").replace("\u00ad", "")
    return _HASH.sub("<hash>", text) if mask_hashes else text
