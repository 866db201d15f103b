"""The JSON Schema of plan files, as editors should see it."""

from __future__ import annotations

from typing import Any

from mepcheck.model.plan import Plan


def _any_case(word: str) -> str:
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in word)


_BOOL_WORDS = ("true", "false", "yes", "no", "on", "off", "t", "f", "y", "n", "1", "0")
_BOOL_TEXT = {"type": "string",
              "pattern": "^(" + "|".join(_any_case(w) for w in _BOOL_WORDS) + ")$"}


def _widen_text(node: Any) -> Any:
    """Accept what the loader accepts: free-text fields also numbers (``zeitraum: 2026``),
    yes/no fields also ``0``/``1`` and the words pydantic reads as yes/no (``"yes"``)."""
    if isinstance(node, dict):
        out = {k: _widen_text(v) for k, v in node.items()}
        if out.get("type") == "string" and not {"format", "enum", "pattern", "const"} & set(out):
            out["type"] = ["string", "number"]
        if out.get("type") == "boolean":
            del out["type"]
            out["anyOf"] = [{"type": "boolean"}, {"enum": [0, 1]}, _BOOL_TEXT]
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
