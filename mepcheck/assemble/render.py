"""Render a view model into a ``.docx`` with docxtpl: a fresh template object per document.

This runs in-process for the bundled (trusted) template and inside the worker subprocess
for templates from outside (:mod:`mepcheck.assemble.untrusted`). Either way it uses the
locked sandbox with strict undefined names and autoescaping, and checks first that the
template needs no top-level name the view model lacks.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from mepcheck.assemble.charts import ChartData


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
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    from mepcheck.assemble.jinja_env import make_environment

    tpl = DocxTemplate(io.BytesIO(template))
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
