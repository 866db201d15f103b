"""Render a view model into a ``.docx`` with docxtpl: a fresh template object per document.

This runs in-process for the bundled (trusted) template and inside the worker subprocess
for templates from outside (:mod:`mepcheck.assemble.untrusted`). Either way it uses the
locked sandbox with strict undefined names and autoescaping, and checks first that the
template needs no top-level name the view model lacks.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import Any

from docxtpl import DocxTemplate

from mepcheck.assemble.charts import ChartData

_LISTING_CHARS = re.compile(r"<w:t(?:\s[^>]*)?>[^<]*[\n\t\a\f]")
_BODY_START = re.compile(r"^\s*<w:body(?:\s[^>]*)?>")


class MepTemplate(DocxTemplate):
    """docxtpl's template with two costs removed (together 2.7 s of 4.5 s at 400 schools).

    * ``resolve_listing`` runs a regular expression over every paragraph to turn ``\\n``,
      ``\\t``, ``\\a``, ``\\f`` in text into breaks and tabs; it is skipped when no text node
      holds such a character.
    * docxtpl parses the rendered body with a recovering parser and moves it into the
      template's document tree, which makes lxml walk every node again. Here the rendered
      body is parsed once, strictly, as a whole new document root with python-docx's own
      parser and installed as the part's element. Anything unusual (a template with
      ``{%tc %}`` column loops, XML that is not well-formed) takes docxtpl's own path.
    """

    def resolve_listing(self, xml: str) -> str:
        if not _LISTING_CHARS.search(xml):
            return xml
        return super().resolve_listing(xml)

    def _document_frame(self) -> tuple[str, str]:
        import copy

        from docx.oxml.ns import qn
        from lxml import etree

        root = copy.deepcopy(self.docx._element)
        body = root.find(qn("w:body"))
        marker = etree.SubElement(root, qn("w:body"))
        root.replace(body, marker)
        text = etree.tostring(root, encoding="unicode")
        head, _, tail = text.partition("<w:body/>")
        return head, tail

    def fix_tables(self, xml: str) -> Any:
        if "{%tc" in self._source_hint:  # column loops need docxtpl's grid repair
            return super().fix_tables(xml)
        from docx.oxml.parser import parse_xml
        from lxml import etree

        head, tail = self._document_frame()
        # the body was serialised on its own and repeats the root's namespace declarations
        body = _BODY_START.sub("<w:body>", xml, count=1)
        try:
            return parse_xml((head + body + tail).encode("utf-8"))
        except etree.XMLSyntaxError:
            return super().fix_tables(xml)

    def fix_docpr_ids(self, tree: Any) -> None:
        from docx.oxml.ns import qn

        if tree.tag != qn("w:document"):
            super().fix_docpr_ids(tree)
            return
        # python-docx elements bring their own namespace map to xpath()
        for elt in tree.xpath("//wp:docPr"):
            self.docx_ids_index += 1
            elt.attrib["id"] = str(self.docx_ids_index)

    def map_tree(self, tree: Any) -> None:
        from docx.oxml.ns import qn

        if tree.tag != qn("w:document"):
            super().map_tree(tree)
            return
        self.docx._element = tree
        self.docx.part._element = tree
        self.docx._Document__body = None

    _source_hint = ""

    def build_xml(self, context: Any, jinja_env: Any = None) -> str:
        self._source_hint = self.get_xml()
        return super().build_xml(context, jinja_env)


class TemplateRenderError(Exception):
    """The template could not be rendered with this view model (German message)."""


def _jinja_message(exc: BaseException) -> str:
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    if isinstance(exc, SecurityError):
        return f"Vorlage verlangt einen unzulässigen Zugriff: {exc}"
    if isinstance(exc, UndefinedError):
        return f"Vorlage verwendet einen unbekannten Namen: {exc}"
    if isinstance(exc, TemplateSyntaxError):
        return f"Vorlage fehlerhaft (Jinja-Syntax, Zeile {exc.lineno}): {exc.message}"
    return f"Vorlage nicht darstellbar: {type(exc).__name__}: {exc}"


def chart_context(tpl: Any, charts: Mapping[str, ChartData | None]) -> dict[str, Any]:
    """The ``charts`` entry of the context: pictures bound to this template object."""
    from mepcheck.assemble.images import AltImage

    out: dict[str, Any] = {}
    for name, chart in charts.items():
        if chart is None:
            out[name] = None
            continue
        image = AltImage(tpl, chart.png, width_cm=chart.width_cm, alt=chart.alt,
                         title=chart.caption)
        out[name] = {"image": image, "caption": chart.caption, "alt": chart.alt}
    return out


def render_docx(template: bytes, view_model: Mapping[str, Any],
                charts: Mapping[str, ChartData | None]) -> bytes:
    """Render ``template`` (``.docx`` bytes) with ``view_model``; return the ``.docx`` bytes."""
    from jinja2 import TemplateError

    from mepcheck.assemble.jinja_env import make_environment

    tpl = MepTemplate(io.BytesIO(template))
    context = dict(view_model)
    context["charts"] = chart_context(tpl, charts)
    env = make_environment()
    try:
        missing = tpl.get_undeclared_template_variables(jinja_env=env, context=context)
    except TemplateError as exc:
        raise TemplateRenderError(_jinja_message(exc)) from None
    if missing:
        raise TemplateRenderError(
            "Vorlage verwendet Namen, die das Datenmodell nicht liefert: "
            + ", ".join(sorted(missing)))
    try:
        tpl.render(context, jinja_env=env, autoescape=True)
    except TemplateError as exc:
        raise TemplateRenderError(_jinja_message(exc)) from None
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()
