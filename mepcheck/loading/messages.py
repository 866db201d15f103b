"""German messages for pydantic validation errors."""

from __future__ import annotations

import re
from typing import Any

from mepcheck.labels import _LABELS
from mepcheck.loading.suggest import field_keys, model_at, nearest
from mepcheck.types import LAND_NAMES

_TYPES = {
    "int": "eine ganze Zahl", "float": "eine Zahl", "decimal": "eine Zahl", "string": "ein Text",
    "bool": "ja/nein (true/false)", "date": "ein Datum (JJJJ-MM-TT)", "list": "eine Liste",
    "dict": "ein Abschnitt (Schlüssel: Wert)", "model": "ein Abschnitt (Schlüssel: Wert)",
}


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _value_hint(value: Any, expected: str) -> str:
    allowed = re.findall(r"'([^']*)'", expected)
    aliases = {label: word for word, label in _LABELS.items() if word in allowed}
    aliases.update({name: code for code, name in LAND_NAMES.items() if code in allowed})
    guess = nearest(value, allowed, aliases)
    return f"; meinten Sie '{guess}'?" if guess else ""


def _key_hint(loc: tuple[Any, ...]) -> str:
    from mepcheck.model import Plan  # late: the model imports nothing from loading

    if not loc or not isinstance(loc[-1], str):
        return ""
    model = model_at(Plan, tuple(loc[:-1]))
    if model is None:
        return ""
    guess = nearest(loc[-1], field_keys(model))
    return f" – meinten Sie '{guess}'?" if guess else ""


def german_message(error: dict[str, Any]) -> str:
    """Translate one record of ``ValidationError.errors()`` into German."""
    kind: str = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "missing":
        return "Pflichtfeld fehlt"
    if kind == "extra_forbidden":
        hint = _key_hint(tuple(error.get("loc", ())))
        return ("unbekanntes Feld" + hint if hint
                else "unbekanntes Feld (Tippfehler? 'mepcheck schema' zeigt alle Felder)")
    if kind in {"enum", "literal_error"}:
        expected = str(ctx.get("expected", ""))
        hint = _value_hint(value, expected)
        return (f"{_shown(value)} ist nicht erlaubt{hint}" + (" Erlaubt: " if hint else "; erlaubt: ")
                + expected.replace(" or ", ", "))
    if kind == "too_long":
        return (f"zu viele Einträge ({ctx.get('actual_length')}, höchstens "
                f"{ctx.get('max_length')}); so große Pläne bitte aufteilen")
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
