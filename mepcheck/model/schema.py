"""The JSON Schema of plan files, as editors should see it."""

from __future__ import annotations

from typing import Any

from mepcheck.model.plan import Plan


def _widen_text(node: Any) -> Any:
    """Free-text fields accept numbers too (``zeitraum: 2026``), as the loader does."""
    if isinstance(node, dict):
        out = {k: _widen_text(v) for k, v in node.items()}
        if out.get("type") == "string" and not {"format", "enum", "pattern", "const"} & set(out):
            out["type"] = ["string", "number"]
        return out
    if isinstance(node, list):
        return [_widen_text(v) for v in node]
    return node


def plan_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a plan file with the German keys."""
    data = _widen_text(Plan.model_json_schema(by_alias=True))
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["title"] = "mepcheck-Plan (Medienentwicklungsplan)"
    return data
