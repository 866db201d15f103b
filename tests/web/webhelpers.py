"""Helpers of the web tests (paths, hidden form fields, page text)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "fixtures" / "examples"
ARTEFACTS = Path(__file__).resolve().parent / "artefacts"


def hidden(html: str, name: str) -> list[str]:
    """The values of the hidden fields ``name`` in a page (in page order)."""
    return [unescape(v) for v in re.findall(
        rf'<input type="hidden" name="{re.escape(name)}" value="([^"]*)">', html)]


def text_of(html: str) -> str:
    """Visible text of a page, roughly: tags removed, entities decoded, spaces collapsed."""
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body))).strip()
