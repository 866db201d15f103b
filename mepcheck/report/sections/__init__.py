"""Extra sections of the text report, one module per topic (e.g. the per-service
data-protection matrix, the unfunded follow-up costs per year).

A module registers a renderer with :func:`section`; it receives the
:class:`~mepcheck.checker.CheckResult` and the plan and returns lines (or none).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import Any

Renderer = Callable[[Any, Any], list[str]]
_SECTIONS: list[tuple[int, str, Renderer]] = []


def section(order: int, title: str) -> Callable[[Renderer], Renderer]:
    """Register a text-report section (lower ``order`` first)."""

    def register(func: Renderer) -> Renderer:
        _SECTIONS.append((order, title, func))
        return func

    return register


def render_sections(result: Any, plan: Any) -> list[str]:
    """All registered sections that have something to say."""
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        importlib.import_module(f"{__name__}.{module}")
    out: list[str] = []
    for _, title, func in sorted(_SECTIONS, key=lambda s: (s[0], s[1])):
        lines = func(result, plan)
        if lines:
            out += [title, *lines, ""]
    return out
