"""Stable element keys: where a finding sits in a plan, named by ids, not list positions.

A path such as ``("schulen", 3, "bestand", 0)`` changes when a Schulträger reorders
the schools; the element key ``schulen[gs-am-bach].bestand[mobiles_endgeraet/tablet]``
does not. Diffs between submissions and the accepted findings of an agency
(baselines) are keyed by (rule code, element key).

How a list item is named (documented for users in ``docs/bewilligungsstellen.md``):

- items with an ``id`` (schools, measures, services, procurements) by their id;
- budget years and capacities by ``jahr``; follow-up-cost categories by ``geraetetyp``;
- inventory items by ``kategorie/geraetetyp``, always qualified by ``@`` and their
  commissioning date (or purchase year) and programme where given – a Schulträger who
  adds a second batch of tablets must not rename the first; licences by ``produkt``;
  support staff by ``rolle``; milestones by ``bezeichnung``; waivers by ``regel`` and
  their target;
- any other list item by the first 8 hex digits of the SHA-256 of its content.

When two other items of one list share a natural key, each gets ``@`` and its
distinguishing values (licences: service and first year); items that are
still equal get ``~2``, ``~3`` … in the order of the file (only identical items can
swap places unnoticed, and then nothing about them differs).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import BaseModel

from mepcheck.loading.errors import format_path

PLAN_KEY = "plan"
"""The element key of the plan as a whole (an empty path)."""

_NATURAL: dict[str, tuple[tuple[str, ...], tuple[str | tuple[str, ...], ...]]] = {
    # list alias: (fields of the natural key, fields that tell equal keys apart; a tuple
    # there names alternatives of which the first present one counts)
    "schulen": (("id",), ()),
    "massnahmen": (("id",), ()),
    "dienste": (("id",), ()),
    "beschaffungen": (("id",), ()),
    "haushalt": (("jahr",), ()),
    "kapazitaet_je_jahr": (("jahr",), ()),
    "folgekosten": (("geraetetyp",), ()),
    "bestand": (("kategorie", "geraetetyp"), (("inbetriebnahme", "anschaffungsjahr"), "foerderprogramm")),
    "lizenzen": (("produkt",), ("dienst", "ab_jahr")),
    "personal": (("rolle",), ("finanzierung",)),
    "meilensteine": (("bezeichnung",), ("datum",)),
    "ausnahmen": (("regel",), ()),
}

_ALWAYS_QUALIFIED = frozenset({"bestand"})
"""Lists whose items always carry their distinguishing values (not only on a clash)."""

_FACT_KEYS: dict[str, Callable[[dict[str, Any]], str]] = {
    # facts about a thing the plan need not list as an item: keyed by what they are about
    "geraetekategorie": lambda v: f"folgekosten[{_text(v.get('geraetetyp'))}]",
    "projektionsjahr": lambda v: f"haushalt[{_text(v.get('jahr'))}]",
}


def _text(value: Any) -> str:
    if value is None:
        return ""
    value = getattr(value, "value", value)  # enumerations
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value).replace("]", ")").replace("[", "(")


def _aliases(model: type[BaseModel]) -> dict[str, str]:
    return {info.alias or name: name for name, info in model.model_fields.items()}


_ALIAS_CACHE: dict[type[BaseModel], dict[str, str]] = {}


def _field(obj: BaseModel, alias: str) -> Any:
    cls = type(obj)
    if cls not in _ALIAS_CACHE:
        _ALIAS_CACHE[cls] = _aliases(cls)
    name = _ALIAS_CACHE[cls].get(alias)
    return getattr(obj, name) if name else _MISSING


_MISSING = object()


def _value(item: Any, alias: str) -> Any:
    if isinstance(item, BaseModel):
        found = _field(item, alias)
        return None if found is _MISSING else found
    if isinstance(item, dict):
        return item.get(alias)
    return None


def _first(item: Any, aliases: str | tuple[str, ...]) -> Any:
    for alias in (aliases,) if isinstance(aliases, str) else aliases:
        value = _value(item, alias)
        if value is not None:
            return value
    return None


def _content_hash(item: Any) -> str:
    data = item.model_dump(mode="json", by_alias=True) if isinstance(item, BaseModel) else item
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def _waiver_key(item: Any) -> str:
    rule = _text(_value(item, "regel"))
    for alias in ("schule", "massnahme", "dienst"):
        target = _value(item, alias)
        if target:
            return f"{rule}/{alias}:{_text(target)}"
    return rule


def list_keys(alias: str, items: Sequence[Any]) -> list[str]:
    """The element keys (without the list name) of the items of list ``alias``."""
    natural, tie_breakers = _NATURAL.get(alias, ((), ()))
    if alias == "ausnahmen":
        keys = [_waiver_key(item) for item in items]
    elif natural:
        keys = ["/".join(_text(_value(item, f)) for f in natural if _value(item, f) is not None)
                or _content_hash(item) for item in items]
    elif items and all(isinstance(item, str | int) for item in items):
        keys = [_text(item) for item in items]
    else:
        keys = [_content_hash(item) for item in items]
    counts = Counter(keys)
    always = alias in _ALWAYS_QUALIFIED
    if tie_breakers and (always or any(n > 1 for n in counts.values())):
        for i, item in enumerate(items):
            if always or counts[keys[i]] > 1:
                extra = [_text(v) for v in (_first(item, f) for f in tie_breakers) if v is not None]
                if extra:
                    keys[i] += "@" + "/".join(extra)
        counts = Counter(keys)
    seen: Counter[str] = Counter()
    for i, key in enumerate(keys):
        if counts[key] > 1:
            seen[key] += 1
            if seen[key] > 1:
                keys[i] = f"{key}~{seen[key]}"
    return keys


class ElementKeys:
    """Element keys for the paths into one plan (computed lazily, cached per path)."""

    def __init__(self, plan: BaseModel) -> None:
        self.plan = plan
        self._lists: dict[int, list[str]] = {}
        self._cache: dict[tuple[str | int, ...], str] = {}

    def for_fact(self, fact_type: str, path: tuple[str | int, ...], values: dict[str, Any]) -> str:
        """The key of a fact: by what it is about where that is not a plan item."""
        special = _FACT_KEYS.get(fact_type)
        return special(values) if special else self.key(path)

    def key(self, path: Sequence[str | int]) -> str:
        """``schulen[gs-am-bach].bestand[mobiles_endgeraet/tablet]`` for a positional path."""
        path = tuple(path)
        if path not in self._cache:
            self._cache[path] = self._compute(path)
        return self._cache[path]

    def _compute(self, path: tuple[str | int, ...]) -> str:
        if not path:
            return PLAN_KEY
        out = ""
        obj: Any = self.plan
        alias = ""
        for depth, part in enumerate(path):
            if isinstance(part, int):
                if isinstance(obj, list) and 0 <= part < len(obj):
                    keys = self._keys_of(alias, obj)
                    out += f"[{keys[part]}]"
                    obj = obj[part]
                    continue
                # not a list of the plan (e.g. a projection year): the number is the key
                return out + format_path(path[depth:])
            out += f".{part}" if out else part
            alias = part
            if isinstance(obj, BaseModel):
                found = _field(obj, part)
                obj = None if found is _MISSING else found
            elif isinstance(obj, dict):
                obj = obj.get(part)
            else:
                obj = None
        return out

    def _keys_of(self, alias: str, items: list[Any]) -> list[str]:
        ident = id(items)
        if ident not in self._lists:
            self._lists[ident] = list_keys(alias, items)
        return self._lists[ident]
