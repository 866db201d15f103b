"""The visible text of a WordprocessingML part, paragraph by paragraph, in document order.

Used for the text digest (integrity) and the leftover-tag check; fast (lxml iterparse)
and safe (no entity resolution, no network).
"""

from __future__ import annotations

import io

from lxml import etree

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _T, _TAB, _BR, _CR = f"{_W}p", f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"
_INSTR = f"{_W}instrText"


def part_text(xml: bytes) -> str:
    """Text of one part: one line per paragraph (tabs and breaks kept, field codes dropped)."""
    lines: list[str] = []
    stack: list[list[str]] = []
    for event, node in etree.iterparse(io.BytesIO(xml), events=("start", "end"),
                                       resolve_entities=False, no_network=True,
                                       huge_tree=False, remove_comments=True):
        tag = node.tag
        if event == "start":
            if tag == _P:
                stack.append([])
            continue
        if not stack:
            continue
        if tag == _T:
            stack[-1].append(node.text or "")
        elif tag == _TAB:
            stack[-1].append("\t")
        elif tag in (_BR, _CR):
            stack[-1].append("\n")
        elif tag == _P:
            lines.append("".join(stack.pop()))
            node.clear()
    return "\n".join(lines)


def docx_text(entries: dict[str, bytes]) -> str:
    """Text of the main document part."""
    return part_text(entries["word/document.xml"])
