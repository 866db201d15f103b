"""The small Markdown subset of the generated rule documentation, as escaped HTML.

:func:`mepcheck.ruledocs.rule_markdown` writes headings (``#``, ``##``), bullet lists
(two-space indentation for a second level), paragraphs, ```code``` spans and
``**bold**``. Everything is escaped first; then only these constructs become tags, and
``http(s)`` addresses become links. The examples under "Beispiel" headings are plan
fragments and are shown as preformatted text.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_URL = re.compile(r"https?://[^\s<>&\"']+[^\s<>&\"'.,;:)]")
_CODE = re.compile(r"`([^`]+)`")
_BOLD = re.compile(r"\*\*([^*]+)\*\*")


def _inline(text: str) -> str:
    out = str(escape(text))
    out = _CODE.sub(r"<code>\1</code>", out)
    out = _BOLD.sub(r"<strong>\1</strong>", out)
    return _URL.sub(lambda m: f'<a href="{m.group(0)}" rel="noopener noreferrer">{m.group(0)}</a>',
                    out)


def to_html(markdown: str) -> Markup:
    """Convert the rule documentation to HTML (headings shifted: ``#`` -> ``h1``)."""
    out: list[str] = []
    paragraph: list[str] = []
    depth = 0  # open <ul> levels
    preformatted = False

    def close_lists(to: int = 0) -> None:
        nonlocal depth
        while depth > to:
            out.append("</li></ul>")
            depth -= 1

    def flush() -> None:
        if paragraph:
            if preformatted:
                out.append(f"<pre>{escape(chr(10).join(paragraph))}</pre>")
            else:
                out.append(f"<p>{_inline(' '.join(paragraph))}</p>")
            paragraph.clear()

    for line in markdown.splitlines():
        stripped = line.strip()
        heading = re.match(r"^(#{1,4}) (.*)$", line)
        item = re.match(r"^( *)- (.*)$", line)
        if heading:
            flush()
            close_lists()
            level = len(heading.group(1))
            title = heading.group(2)
            preformatted = title.startswith("Beispiel")
            slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
            out.append(f'<h{level} id="{escape(slug)}">{_inline(title)}</h{level}>')
        elif item and not preformatted:
            flush()
            level = len(item.group(1)) // 2 + 1
            if level > depth:
                while depth < level:
                    out.append("<ul><li>")
                    depth += 1
            else:
                close_lists(level)
                out.append("</li><li>")
            out.append(_inline(item.group(2)))
        elif not stripped:
            flush()
            close_lists()
        else:
            if depth and not preformatted:
                close_lists()
            paragraph.append(line if preformatted else stripped)
    flush()
    close_lists()
    return Markup("\n".join(out))
