"""Reading a rendered PDF as a reader would: words broken across lines, units alone."""

from __future__ import annotations

import itertools
import re
import subprocess
from pathlib import Path

UNITS = ("€", "%", "Mbit/s", "kWh", "VZÄ")
_SPLIT = re.compile(r"[\s\u00a0]+")
_EDGE = re.compile(r"^[(\[„“\"'»]+|[)\].,;:!?“\"'«]+$")


def pdf_lines(pdf: Path) -> list[str]:
    """The PDF's text in reading order, one entry per line (``pdftotext`` without layout)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                         check=True, text=True)
    return [line.strip() for line in out.stdout.splitlines()]


def words(text: str) -> set[str]:
    """Every word of a text, without surrounding punctuation."""
    return {_EDGE.sub("", w) for w in _SPLIT.split(text) if w}


def broken_words(lines: list[str], vocabulary: set[str]) -> list[str]:
    """Line ends where a word of ``vocabulary`` was split without a hyphen
    (``Zweckbindun`` / ``g``): neither part is a word, both together are."""
    found = []
    for a, b in itertools.pairwise(lines):
        if not a or not b:
            continue
        x = _EDGE.sub("", a.split()[-1]) if a.split() else ""
        y = _EDGE.sub("", b.split()[0]) if b.split() else ""
        if not x or not y or x[-1] in "-/–\u00ad" or "://" in x + y:
            continue
        if x + y in vocabulary and x not in vocabulary and y not in vocabulary:
            found.append(f"{x}|{y}")
    return found


def lonely_units(lines: list[str]) -> list[str]:
    """A line that starts with a unit while the line before ends with a number."""
    found = []
    for a, b in itertools.pairwise(lines):
        first = b.split()[0] if b.split() else ""
        if first in UNITS and re.search(r"\d$", a):
            found.append(f"{a[-20:]}|{b[:20]}")
    return found
