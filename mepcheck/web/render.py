"""The Jinja2 environment of the web pages: autoescaping always on, German filters."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from mepcheck import __version__

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


@lru_cache(maxsize=1)
def environment() -> Environment:
    """One environment per process; every value is HTML-escaped unless marked safe here."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["query"] = lambda values: urlencode(values)
    env.filters["number"] = lambda value: f"{value:,}".replace(",", ".")
    env.globals["version"] = __version__
    return env


def render_page(name: str, context: dict[str, Any]) -> str:
    """Render ``templates/<name>`` with ``context``."""
    return environment().get_template(name).render(**context)
