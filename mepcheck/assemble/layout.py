"""Layout after rendering: column widths from the content, units kept with their numbers,
small tables kept together and with what introduces them.

A template fixes column widths for typical content; a plan brings its own words (a long
school name, ``Zweckbindungsende``). After rendering, each table is measured:

* **Column widths from the content.** Every column gets at least the width of its longest
  word (estimated from the character count at the table's 8 pt), taken from columns with
  room to spare; the table keeps its total width. Only when the words of all columns
  together are wider than the page does a word have to break.
* **Numbers and units together.** A space between a number and its unit (``€``, ``%``,
  ``Mbit/s``, ``Jahre`` …) and after ``Anlage``, ``Kapitel``, ``Nr.``, ``§`` becomes a
  no-break space, so no unit starts a line on its own.
* **No orphaned heading or small table on its own.** A table of up to
  :data:`SMALL_TABLE_ROWS` rows stays on one page (keep with next on all but its last row)
  and the paragraph before a table stays with it; rows never split across pages.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"

SMALL_TABLE_ROWS = 14
"""Tables up to this many rows are kept on one page."""

CM_PER_CHAR = 0.19
"""Width of one character at 8 pt in cm, measured for the widest case: bold DejaVu Sans
(LibreOffice's stand-in for Arial where Arial is not installed)."""
CELL_PADDING_CM = 0.3
TWIPS_PER_CM = 567

_UNITS = (r"€|%|Mbit/s|Gbit/s|kWh|MWh|kB|MB|GB|TB|Jahre?n?|Monate?n?|Wochen?|Tage?n?|"
          r"Stunden?|Std\.|VZÄ|Tsd\.|Mio\.|Mrd\.|Geräte?n?|Stellen?|Schulen|Schüler\w*|"
          r"Lehrkräfte|Klassen|Räume|Maßnahmen?|Fehler|Warnung(?:en)?|Hinweise?|Ausnahmen?|"
          r"Prüfungen|Positionen|Stück|h\b|Mbit\b|cm|kg|€/\w+")
_NUMBER_UNIT = re.compile(rf"(\d) (?=(?:{_UNITS})(?![\w]))")
_BEFORE_NUMBER = re.compile(r"\b(Anlage|Kapitel|Kap\.|Nr\.|Ziffer|Abs\.|Art\.|§§?|Buchst\.|Seite) "
                            r"(?=[\dA-Z])")
_SPACES = re.compile(r"([ \t\n\u00a0]+)")
_WORD_AFTER_NBSP = re.compile(r"\u00a0(?=(?:Fehler|Warnung|Hinweis|Ausnahme|Stelle|nicht)\w*)")
"""A count before its word (``2 Warnungen``): may part in a narrow cell; a unit never."""
_WRAP = re.compile(r"([ \t\n]+)")
"""Spaces a line may break at (a no-break space joins a number and its unit)."""


def keep_units(text: str) -> str:
    """No-break spaces between numbers and units and after ``Anlage``, ``Nr.`` etc."""
    if " " not in text:
        return text
    text = _NUMBER_UNIT.sub("\\1\u00a0", text)
    return _BEFORE_NUMBER.sub("\\1\u00a0", text)


_BREAK_AFTER = re.compile(r"(?<=[-/–])")
"""A line may also break after a hyphen, a slash or a dash."""


@lru_cache(maxsize=1 << 16)
def _chars(piece: str) -> float:
    """Width in average characters: capitals and m/w are wider."""
    return sum(1.35 if c.isupper() or c in "mwMW@%" else 1.0 for c in piece)


@lru_cache(maxsize=1 << 16)
def _longest_word(text: str) -> float:
    """Characters of the widest piece a line can hold; a piece before a soft hyphen counts
    the hyphen it shows. (Cached: a document repeats the same cell texts many times.)"""
    longest = 0.0
    for word in _WRAP.split(text):
        if not word or word.isspace():
            continue
        pieces = word.split("\u00ad")
        for i, piece in enumerate(pieces):
            hyphen = 1 if i < len(pieces) - 1 else 0
            parts = _BREAK_AFTER.split(piece) if ("-" in piece or "/" in piece or "–" in piece) \
                else (piece,)
            for part in parts:
                longest = max(longest, _chars(part) + hyphen)
    return longest


def _cell_text(tc: Any) -> list[str]:
    """The paragraphs of a cell (each paragraph wraps on its own)."""
    out = []
    for p in tc.iter(f"{_W}p"):
        parts = []
        for el in p.iter(f"{_W}t", f"{_W}br", f"{_W}tab", f"{_W}cr"):
            parts.append(el.text or "" if el.tag == f"{_W}t" else "\n")
        out.append("".join(parts))
    return out


def _set_keep_next(p: Any) -> None:
    ppr = p.find(f"{_W}pPr")
    if ppr is None:
        ppr = etree.SubElement(p, f"{_W}pPr")
        p.remove(ppr)
        p.insert(0, ppr)
    if ppr.find(f"{_W}keepNext") is None:
        keep = etree.Element(f"{_W}keepNext")
        # keepNext comes right after pStyle (and before everything else) in pPr
        style = ppr.find(f"{_W}pStyle")
        ppr.insert(1 if style is not None else 0, keep)


def _fit_columns(tbl: Any) -> None:
    grid = tbl.find(f"{_W}tblGrid")
    if grid is None:
        return
    cols = grid.findall(f"{_W}gridCol")
    try:
        widths = [int(c.get(f"{_W}w")) for c in cols]
    except (TypeError, ValueError):
        return
    n = len(widths)
    need = [0] * n
    for tr in tbl.findall(f"{_W}tr"):
        j = 0
        for tc in tr.findall(f"{_W}tc"):
            span_el = tc.find(f"{_W}tcPr/{_W}gridSpan")
            span = int(span_el.get(f"{_W}val", "1")) if span_el is not None else 1
            if span == 1 and j < n:
                longest = max((_longest_word(t) for t in _cell_text(tc)), default=0)
                need[j] = max(need[j], int((longest * CM_PER_CHAR + CELL_PADDING_CM)
                                           * TWIPS_PER_CM))
            j += span
    total = sum(widths)
    if all(need[j] <= widths[j] for j in range(n)):
        return
    if sum(need) >= total:
        # the words of all columns are wider than the table: every column gets its need up
        # to a common cap; the columns above the cap hyphenate their longest words
        lo, hi = 0, max(need)
        while lo < hi:
            cap = (lo + hi + 1) // 2
            if sum(min(x, cap) for x in need) <= total:
                lo = cap
            else:
                hi = cap - 1
        new = [min(x, lo) for x in need]
        new[new.index(max(new))] += total - sum(new)
    else:
        deficit = sum(max(0, need[j] - widths[j]) for j in range(n))
        slack = {j: widths[j] - need[j] for j in range(n) if widths[j] > need[j]}
        room = sum(slack.values())
        new = []
        for j in range(n):
            if need[j] >= widths[j]:
                new.append(need[j])
            else:
                new.append(widths[j] - round(deficit * slack[j] / room))
        new[-1] += total - sum(new)
    for c, w in zip(cols, new, strict=True):
        c.set(f"{_W}w", str(w))
    _hyphenate_overlong(tbl, new)
    for tr in tbl.findall(f"{_W}tr"):
        j = 0
        for tc in tr.findall(f"{_W}tc"):
            span_el = tc.find(f"{_W}tcPr/{_W}gridSpan")
            span = int(span_el.get(f"{_W}val", "1")) if span_el is not None else 1
            tcw = tc.find(f"{_W}tcPr/{_W}tcW")
            if tcw is not None and j < n:
                tcw.set(f"{_W}w", str(sum(new[j:j + span])))
                tcw.set(f"{_W}type", "dxa")
            j += span


@cache
def _hyphenator() -> Any:
    import pyphen

    return pyphen.Pyphen(lang="de_DE")


def _fits(word: str, width_twips: int) -> bool:
    return (_chars(word) * CM_PER_CHAR + CELL_PADDING_CM) * TWIPS_PER_CM <= width_twips


def _hyphenate_overlong(tbl: Any, widths: list[int]) -> None:
    """Soft hyphens (German rules) in words wider than their column: such a word breaks at
    a syllable with a hyphen, never at an arbitrary letter."""
    n = len(widths)
    for tr in tbl.findall(f"{_W}tr"):
        j = 0
        for tc in tr.findall(f"{_W}tc"):
            span_el = tc.find(f"{_W}tcPr/{_W}gridSpan")
            span = int(span_el.get(f"{_W}val", "1")) if span_el is not None else 1
            width = sum(widths[j:j + span]) if j < n else 0
            j += span
            if not width:
                continue
            for t in tc.iter(f"{_W}t"):
                if not t.text or _fits_all(t.text, width):
                    continue
                # a count and its word ("2 Warnungen") may part rather than the word break
                t.text = _WORD_AFTER_NBSP.sub(" ", t.text)
                if not _fits_all(t.text, width):
                    t.text = "".join(
                        _hyphenator().inserted(part, hyphen="\u00ad")
                        if part and not _SPACES.fullmatch(part) and not _fits(part, width)
                        else part for part in _SPACES.split(t.text))


def _fits_all(text: str, width_twips: int) -> bool:
    return (_longest_word(text) * CM_PER_CHAR + CELL_PADDING_CM) * TWIPS_PER_CM <= width_twips


def _keep_together(tbl: Any) -> None:
    rows = tbl.findall(f"{_W}tr")
    small = len(rows) <= SMALL_TABLE_ROWS
    # a large table still keeps its first rows with the heading above it
    kept = rows[:-1] if small else rows[:2]
    for tr in kept:
        for p in tr.iter(f"{_W}p"):
            _set_keep_next(p)
    prev = tbl.getprevious()
    if prev is not None and prev.tag == f"{_W}p":
        _set_keep_next(prev)


def improve_layout(document_xml: bytes) -> bytes:
    """Apply the layout rules to ``word/document.xml``; return the new XML."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True,
                             remove_blank_text=False)
    root = etree.fromstring(document_xml, parser)
    for t in root.iter(f"{_W}t"):
        if t.text and " " in t.text:
            t.text = keep_units(t.text)
    body = root.find(f"{_W}body")
    if body is not None:
        for tbl in body.iter(f"{_W}tbl"):
            _fit_columns(tbl)
            if tbl.getparent() is body:
                _keep_together(tbl)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)



def apply_layout(docx: bytes) -> bytes:
    """:func:`improve_layout` applied to the main part of a ``.docx``."""
    from mepcheck.assemble.package import normalize_zip, read_entries

    entries = read_entries(docx)
    part = "word/document.xml"
    if part not in entries:
        return docx
    return normalize_zip(docx, replace={part: improve_layout(entries[part])})


__all__ = ["apply_layout", "improve_layout", "keep_units"]
