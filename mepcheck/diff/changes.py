"""What changed in the plan between two submissions, per element (German descriptions).

Lists are matched by element key (:mod:`mepcheck.keys`), so a reordered list is no
change; an item whose key is new was added, one whose key is gone was removed, and a
kept item reports each field that changed. Measures also compare their computed
Gesamtkosten and Eigenanteil.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel

from mepcheck import fmt
from mepcheck.keys import list_keys

_ITEM_LABEL = {
    "schulen": "Schule", "massnahmen": "Maßnahme", "dienste": "Dienst", "haushalt": "Haushaltsjahr",
    "folgekosten": "Folgekosten-Kategorie", "bestand": "Bestandseintrag", "lizenzen": "Lizenz",
    "personal": "Supportstelle", "ausnahmen": "Ausnahme", "meilensteine": "Meilenstein",
    "beschaffungen": "Beschaffung", "vertraege": "Vertrag", "beteiligung": "Beteiligung",
    "qualifizierung": "Qualifizierung", "kapazitaet_je_jahr": "Kapazitätsjahr",
}

_DERIVED = {"Measure": (("gesamtkosten", "total_cost"), ("eigenanteil", "own_share"))}
"""Computed figures compared like fields (the plan file never holds them)."""


@dataclass(frozen=True)
class PlanChange:
    """One change: an item added or removed, or one field of an item changed."""

    element: str
    kind: str
    """``added``, ``removed`` or ``changed``."""
    field: str = ""
    old: Any = None
    new: Any = None
    label: str = ""
    """The German name of the kind of item (``Maßnahme``)."""

    def text(self) -> str:
        """German one-line description."""
        if self.kind == "added":
            return f"{self.label} {self.element} hinzugekommen{_summary(self.new)}"
        if self.kind == "removed":
            return f"{self.label} {self.element} entfallen{_summary(self.old)}"
        where = self.field if self.element == "plan" else f"{self.element}: {self.field}"
        return f"{where} {_show(self.old)} → {_show(self.new)}"

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"element": self.element, "change": self.kind, "label": self.label,
                               "text": self.text()}
        if self.kind == "changed":
            out.update(field=self.field, old=_json(self.old), new=_json(self.new))
        return out


def _summary(value: Any) -> str:
    if not isinstance(value, dict):
        return ""
    parts = [str(value[k]) for k in ("titel", "name", "produkt", "bezeichnung") if value.get(k)]
    if isinstance(value.get("gesamtkosten"), Decimal):
        parts.append(fmt.money(value["gesamtkosten"]))
    return f" ({', '.join(parts)})" if parts else ""


def _show(value: Any) -> str:
    if value is None:
        return "(leer)"
    if isinstance(value, _Money):
        return fmt.money(value)
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, dt.date):
        return fmt.date(value)
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Decimal | float):
        return fmt.number(value, 2 if isinstance(value, Decimal) else None)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, str):
        return f"„{value}“"
    return str(value)


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    return value


class _Money(Decimal):
    """A Decimal known to be a money amount (rendered with €)."""


def _is_money(model: type[BaseModel], name: str) -> bool:
    info = model.model_fields[name]
    return any(getattr(getattr(m, "func", None), "__name__", "") == "_money" for m in info.metadata)


def _fields(obj: BaseModel) -> dict[str, Any]:
    """Field values by German key; money marked; derived figures of measures added."""
    cls = type(obj)
    out: dict[str, Any] = {}
    for name, info in cls.model_fields.items():
        value = getattr(obj, name)
        if isinstance(value, Decimal) and _is_money(cls, name):
            value = _Money(value)
        out[info.alias or name] = value
    return out


def _plain(obj: Any) -> Any:
    """A model as a dict of German keys (for added/removed summaries)."""
    if isinstance(obj, BaseModel):
        return {k: _plain(v) for k, v in _fields(obj).items()}
    return obj


def _derived(item: Any) -> tuple[tuple[str, str], ...]:
    return _DERIVED.get(type(item).__name__, ())


def _add_derived(item: BaseModel, values: dict[str, Any]) -> dict[str, Any]:
    for key, attr in _derived(item):
        values[key] = _Money(getattr(item, attr))
    return values


def _walk(old: Any, new: Any, element: str, field: str, alias: str, out: list[PlanChange]) -> None:
    if isinstance(old, BaseModel) and isinstance(new, BaseModel) and type(old) is type(new):
        a, b = _fields(old), _fields(new)
        for key in a:
            _walk(a[key], b[key], element, f"{field}.{key}" if field else key, key, out)
        return
    if isinstance(old, list) and isinstance(new, list) and (
            any(isinstance(x, BaseModel) for x in old + new)):
        _walk_list(old, new, element + ("." if element and field else "") + field
                   if field else element, alias, out)
        return
    if isinstance(old, list) and isinstance(new, list):
        if sorted(map(str, old)) != sorted(map(str, new)):
            out.append(PlanChange(element or "plan", "changed", field, old, new))
        return
    if (isinstance(old, BaseModel) or isinstance(new, BaseModel)) and (old is None or new is None):
        # an optional section (betrieb, nachhaltigkeit …) added or removed as a whole
        where = f"{element}.{field}" if element else field
        out.append(PlanChange(where, "added" if old is None else "removed", label="Abschnitt",
                              old=_plain(old), new=_plain(new)))
        return
    if old != new:
        out.append(PlanChange(element or "plan", "changed", field, old, new))


def _walk_list(old: list[Any], new: list[Any], where: str, alias: str, out: list[PlanChange]) -> None:
    old_keys, new_keys = list_keys(alias, old), list_keys(alias, new)
    before, after = dict(zip(old_keys, old, strict=True)), dict(zip(new_keys, new, strict=True))
    label = _ITEM_LABEL.get(alias, "Eintrag")
    for key in sorted(set(before) - set(after)):
        out.append(PlanChange(f"{where}[{key}]", "removed", old=_add_derived(
            before[key], _plain(before[key])), label=label))
    for key in sorted(set(after) - set(before)):
        out.append(PlanChange(f"{where}[{key}]", "added", new=_add_derived(
            after[key], _plain(after[key])), label=label))
    for key in sorted(set(before) & set(after)):
        a, b = before[key], after[key]
        element = f"{where}[{key}]"
        if isinstance(a, BaseModel) and isinstance(b, BaseModel):
            _walk(a, b, element, "", alias, out)
            for name, attr in _derived(a):
                x, y = getattr(a, attr), getattr(b, attr)
                if x != y:
                    out.append(PlanChange(element, "changed", name, _Money(x), _Money(y)))


def plan_changes(old: BaseModel, new: BaseModel) -> list[PlanChange]:
    """Every change from ``old`` to ``new``, per element, in a stable order."""
    out: list[PlanChange] = []
    _walk(old, new, "", "", "", out)
    return out
