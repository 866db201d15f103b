""""Meinten Sie …?": the nearest allowed key or value for a typo.

Plan authors type German words: umlauts (``schüler`` for ``schueler``), capitals
(``Grundschule``), full names (``Hessen`` for ``HE``) or the German label of a value
(``DigitalPakt 2019`` for ``dp2019``). Each is normalised before comparing.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe",
                          "Ü": "ue"})


def normalize(text: str) -> str:
    """Lower case, umlauts transliterated, separators as ``_``."""
    text = str(text).strip().translate(_UMLAUTS).lower()
    return re.sub(r"[\s\-/.]+", "_", text).strip("_")


def nearest(value: Any, allowed: Iterable[str], aliases: dict[str, str] | None = None) -> str | None:
    """The allowed word ``value`` most likely means, or ``None``.

    ``aliases`` maps further spellings (German labels, Land names) to allowed words."""
    if not isinstance(value, str) or not value.strip() or len(value) > 200:
        return None
    table: dict[str, str] = {}
    for word in allowed:
        table.setdefault(normalize(word), word)
    for spelling, word in (aliases or {}).items():
        table.setdefault(normalize(spelling), word)
    key = normalize(value)
    if key in table and table[key] != value:
        return table[key]
    close = difflib.get_close_matches(key, list(table), n=1, cutoff=0.75)
    if close and table[close[0]] != value:
        return table[close[0]]
    return None


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _models_in(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list, tuple, set):
        return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return []


def model_at(root: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that validates the object at ``loc`` (German keys), if any."""
    model: type[BaseModel] | None = root
    for part in loc:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        field = next((f for name, f in model.model_fields.items()
                      if (f.alias or name) == part), None)
        if field is None:
            return None
        found = _models_in(field.annotation)
        model = found[0] if found else None
    return model


def field_keys(model: type[BaseModel]) -> list[str]:
    """The German keys of a model's fields."""
    return [f.alias or name for name, f in model.model_fields.items()]
