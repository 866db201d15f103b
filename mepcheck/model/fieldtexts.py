"""German titles and descriptions of every plan-model field, applied to the pydantic fields.

The texts live in one data table, ``felder.yaml`` (model → German key → "Titel |
Beschreibung"), so that the model modules stay short and several people can add fields
without editing the same lines. Which rules read a field is derived, not typed: it is
stored in ``felder_regeln.yaml``, written by ``python -m mepcheck.model.fieldrules --write``
and kept current by a test. At import every field's ``title`` and ``description`` is set;
``mepcheck schema``, the workbook's input help and ``docs/feldreferenz.md`` all read them.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

TEXTS_PATH = Path(__file__).with_name("felder.yaml")
RULES_PATH = Path(__file__).with_name("felder_regeln.yaml")


@dataclass(frozen=True)
class FieldText:
    """The German documentation of one field."""

    model: str
    key: str
    title: str
    text: str
    chapter: int
    rules: tuple[str, ...]

    @property
    def description(self) -> str:
        """Meaning, unit and example, then chapter and the rules that read the field."""
        parts = [self.text]
        if self.chapter:
            from mepcheck.rules.spec import CHAPTERS

            parts.append(f"Kapitel {self.chapter} ({CHAPTERS.get(self.chapter, '')}).")
        if self.rules:
            parts.append("Geprüft von: " + ", ".join(self.rules) + ".")
        return " ".join(parts)


def nested_models(annotation: Any) -> list[type[BaseModel]]:
    """The model classes inside a field annotation (``list[X] | None`` → ``[X]``)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return nested_models(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list, tuple, set, dict):
        return [m for arg in typing.get_args(annotation) for m in nested_models(arg)]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return []


def plan_models(root: type[BaseModel]) -> list[type[BaseModel]]:
    """Every model class reachable from ``root``, parents before children."""
    order: list[type[BaseModel]] = []
    stack = [root]
    while stack:
        model = stack.pop(0)
        if model in order:
            continue
        order.append(model)
        for info in model.model_fields.values():
            stack.extend(nested_models(info.annotation))
    return order


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, Any], dict[str, Any]]:
    texts = yaml.safe_load(TEXTS_PATH.read_text(encoding="utf-8")) or {}
    rules = (yaml.safe_load(RULES_PATH.read_text(encoding="utf-8")) or {}
             if RULES_PATH.exists() else {})
    return texts, rules


def field_text(model: str, key: str) -> FieldText | None:
    """The documentation of ``model``'s field with German key ``key`` (``None`` if missing)."""
    texts, rules = _tables()
    entry = (texts.get(model) or {}).get(key)
    if not isinstance(entry, str) or "|" not in entry:
        return None
    title, _, text = entry.partition("|")
    chapter = int((texts.get(model) or {}).get("_kapitel") or 0)
    return FieldText(model, key, title.strip(), text.strip(), chapter,
                     tuple((rules.get(model) or {}).get(key) or ()))


def model_title(model: str) -> str:
    """German name of a model class (``School`` → ``Schule``)."""
    return str((_tables()[0].get(model) or {}).get("_titel") or model)


def model_chapter(model: str) -> int:
    return int((_tables()[0].get(model) or {}).get("_kapitel") or 0)


def _de_number(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value}".replace(".", ",")


def value_range(info: Any) -> str:
    """The allowed range of a numeric field in German (``0 bis 20.000``), else ``""``."""
    metadata = list(info.metadata)
    for arg in typing.get_args(info.annotation):  # Optional[Annotated[...]]
        if typing.get_origin(arg) is typing.Annotated:
            metadata.extend(arg.__metadata__)
    for meta in metadata:
        schema = getattr(meta, "json_schema", None)
        if not isinstance(schema, dict):
            continue
        for alternative in schema.get("anyOf", ()):
            if alternative.get("type") in ("integer", "number") and "maximum" in alternative:
                low, high = alternative["minimum"], alternative["maximum"]
                unit = " €" if "Euro" in schema.get("description", "") else ""
                if (low, high) == (0, 1) and "Anteil" in schema.get("description", ""):
                    return "0 bis 1 (0 % bis 100 %)"
                return f"{_de_number(low)} bis {_de_number(high)}{unit}"
    return ""


def apply_field_texts(root: type[BaseModel]) -> list[str]:
    """Set ``title`` and ``description`` of every field below ``root``; rebuild the models
    so that the JSON Schema shows them. Returns the fields without a text."""
    missing: list[str] = []
    models = plan_models(root)
    for model in models:
        for name, info in model.model_fields.items():
            key = info.alias or name
            text = field_text(model.__name__, key)
            if text is None:
                missing.append(f"{model.__name__}.{key}")
                continue
            info.title = text.title
            allowed = value_range(info)
            info.description = text.description + (f" Wertebereich: {allowed}." if allowed else "")
    for model in reversed(models):
        model.model_rebuild(force=True)
    return missing
