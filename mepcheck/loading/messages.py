"""German messages for pydantic validation errors."""

from __future__ import annotations

from typing import Any

_TYPES = {
    "int": "eine ganze Zahl", "float": "eine Zahl", "decimal": "eine Zahl", "string": "ein Text",
    "bool": "ja/nein (true/false)", "date": "ein Datum (JJJJ-MM-TT)", "list": "eine Liste",
    "dict": "ein Abschnitt (Schlüssel: Wert)", "model": "ein Abschnitt (Schlüssel: Wert)",
}


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def german_message(error: dict[str, Any]) -> str:
    """Translate one record of ``ValidationError.errors()`` into German."""
    kind: str = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "missing":
        return "Pflichtfeld fehlt"
    if kind == "extra_forbidden":
        return "unbekanntes Feld (Tippfehler? 'mepcheck schema' zeigt alle Felder)"
    if kind == "enum":
        return f"{_shown(value)} ist nicht erlaubt; erlaubt: {ctx.get('expected', '')}".replace(
            " or ", ", "
        )
    if kind == "literal_error":
        return f"{_shown(value)} ist nicht erlaubt; erlaubt: {ctx.get('expected', '')}"
    for prefix, name in _TYPES.items():
        if kind.startswith(prefix + "_") and kind.endswith(("_parsing", "_type", "_from_datetime_parsing")):
            return f"erwartet {name}, gefunden {_shown(value)}"
    if kind in {"model_attributes_type", "dict_type", "model_type"}:
        return f"erwartet einen Abschnitt (Schlüssel: Wert), gefunden {_shown(value)}"
    if kind == "greater_than_equal":
        return f"muss mindestens {ctx.get('ge')} sein, ist {_shown(value)}"
    if kind == "greater_than":
        return f"muss größer als {ctx.get('gt')} sein, ist {_shown(value)}"
    if kind == "less_than_equal":
        return f"darf höchstens {ctx.get('le')} sein, ist {_shown(value)}"
    if kind == "less_than":
        return f"muss kleiner als {ctx.get('lt')} sein, ist {_shown(value)}"
    if kind == "too_short":
        return f"braucht mindestens {ctx.get('min_length')} Einträge"
    if kind == "string_too_short":
        return f"Text zu kurz (mindestens {ctx.get('min_length')} Zeichen)"
    if kind == "string_too_long":
        return f"Text zu lang (höchstens {ctx.get('max_length')} Zeichen)"
    if kind in {"int_from_float"}:
        return f"erwartet eine ganze Zahl, gefunden {_shown(value)}"
    if kind in {"date_from_datetime_inexact", "date_parsing", "date_type"}:
        return f"erwartet ein Datum (JJJJ-MM-TT), gefunden {_shown(value)}"
    if kind == "value_error":
        text = str(ctx.get("error", error.get("msg", "")))
        return text
    if kind == "assertion_error":
        return str(ctx.get("error", error.get("msg", "")))
    return f"ungültiger Wert {_shown(value)} ({error.get('msg', kind)})"
