"""What a reader sees of a document, normalized, for ``verify``.

Word and LibreOffice rewrite a document's XML when they save it (runs split or merged,
styles and settings renamed, fields refreshed, the table of contents rebuilt with page
numbers). None of that changes what a reader sees. The reader's content is therefore

* the text of the body, footnotes, headers and footers, paragraph by paragraph, tables
  included, in order;
* without field results (table of contents, page numbers, page counts, cross references)
  and without the table of contents block LibreOffice writes;
* with every kind of white space (paragraph ends, tabs, no-break spaces) treated alike and
  soft hyphens ignored.

For the verdict the text is compared without any white space at all (``compact``): a new
line break or a space moved by the layout is no change, a changed word or number is.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
_PARTS = re.compile(r"^word/(document|footnotes|endnotes|header\d*|footer\d*)\.xml$")
_SPACE = re.compile(r"\s+")


def _is_toc_sdt(sdt: etree._Element) -> bool:
    for gallery in sdt.iter(f"{_W}docPartGallery"):
        if "Contents" in (gallery.get(f"{_W}val") or ""):
            return True
    return False


def paragraphs(xml: bytes) -> list[str]:
    """The visible paragraphs of one part, field results left out."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    root = etree.fromstring(xml, parser)
    out: list[str] = []
    depth = 0  # nesting of complex fields whose result is being skipped
    states: list[str] = []  # per open field: "code" (before separate) or "result"
    # most parts have no simple field: then no element needs its ancestors looked at
    simple = next(root.iter(f"{_W}fldSimple"), None) is not None
    for p in root.iter(f"{_W}p"):
        if any(_is_toc_sdt(a) for a in p.iterancestors(f"{_W}sdt")):
            continue
        if simple and any(a.tag == f"{_W}fldSimple" for a in p.iterancestors()):
            continue
        parts: list[str] = []
        for el in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}fldChar",
                         f"{_W}fldSimple", f"{_W}noBreakHyphen"):
            tag = el.tag
            if tag == f"{_W}fldChar":
                kind = el.get(f"{_W}fldCharType")
                if kind == "begin":
                    states.append("code")
                elif kind == "separate" and states:
                    states[-1] = "result"
                elif kind == "end" and states:
                    states.pop()
                depth = sum(1 for s in states if s == "result")
                continue
            if depth or (simple and any(a.tag == f"{_W}fldSimple" for a in el.iterancestors())):
                continue
            if tag == f"{_W}t":
                parts.append(el.text or "")
            elif tag == f"{_W}noBreakHyphen":
                parts.append("-")
            elif tag != f"{_W}fldSimple":
                parts.append(" ")
        text = normalize("".join(parts))
        if text:
            out.append(text)
    return out


def normalize(text: str) -> str:
    """One form of a text: NFC, soft hyphens dropped, any white space as one space."""
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "")
    return _SPACE.sub(" ", text.replace("\u00a0", " ")).strip()


def reader_content(entries: Mapping[str, bytes]) -> list[str]:
    """The reader's content of a ``.docx`` (name → bytes): body, footnotes and endnotes in
    order, then the distinct texts of headers and footers."""
    body: list[str] = []
    for name in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml"):
        if name in entries:
            body.extend(paragraphs(entries[name]))
    margins: set[str] = set()
    for name in entries:
        if _PARTS.match(name) and ("header" in name or "footer" in name):
            margins.update(paragraphs(entries[name]))
    return body + sorted(margins)


def compact(lines: list[str] | str) -> str:
    """The content without any white space (the form the verdict compares)."""
    text = "".join(lines) if isinstance(lines, list) else lines
    return _SPACE.sub("", normalize(text))


def content_digest(text: str, properties: Mapping[str, str]) -> str:
    """SHA-256 over the compact content and the reported properties (so an edited summary
    in the document properties shows as a change)."""
    digest = hashlib.sha256(compact(text).encode("utf-8"))
    for key in sorted(properties):
        digest.update(f"\0{key}={properties[key]}".encode())
    return digest.hexdigest()


def first_difference(a: list[str], b: list[str]) -> str | None:
    """Where two contents part, as a short German hint (``None`` when equal)."""
    import difflib

    words_a = " ".join(a).split()
    words_b = " ".join(b).split()
    matcher = difflib.SequenceMatcher(a=words_a, b=words_b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        was = " ".join(words_a[i1:i2][:8]) or "–"
        now = " ".join(words_b[j1:j2][:8]) or "–"
        before = " ".join(words_a[max(0, i1 - 5):i1])
        return f"nach „…{before}“: erzeugt „{was}“, im Dokument „{now}“"
    return None


__all__ = ["compact", "content_digest", "first_difference", "normalize", "paragraphs",
           "reader_content"]
