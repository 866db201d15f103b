"""Cross-reference checks on the raw plan data: unique ids and known references.

They run on the plain data (German keys) so that they can be reported together
with the schema errors, each at its own location.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mepcheck.loading.errors import Loc
from mepcheck.loading.yamlsafe import BAD_CHARS, bad_char_message

_COLLECTIONS = {
    "schulen": "Schule",
    "massnahmen": "Maßnahme",
    "dienste": "Dienst",
}


def _items(data: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    value = data.get(key)
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _list(value: Any) -> list[Any]:
    """A list value, or nothing: a wrong type is reported by the schema check."""
    return value if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    """A reference or id as the model reads it: text, or a number as its text (the model
    coerces numbers to text, so ``schule: 7`` refers to the school with id ``"7"``)."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _key(value: Any) -> str | int | None:
    """A value usable as a duplicate key (text or whole number), else ``None``."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return value


def reference_issues(data: Any) -> Iterator[tuple[Loc, str]]:
    """Yield ``(location, German message)`` for duplicate ids and dangling references."""
    if not isinstance(data, dict):
        return
    known: dict[str, set[str]] = {}
    for key, label in _COLLECTIONS.items():
        seen: dict[str, int] = {}
        for index, item in _items(data, key):
            ident = _text(item.get("id"))
            if ident is None:
                continue
            if ident in seen:
                yield (key, index, "id"), (
                    f"{label}-Id '{ident}' ist doppelt (schon bei {key}[{seen[ident]}])"
                )
            else:
                seen[ident] = index
        known[key] = set(seen)

    def check(loc: Loc, raw: Any, collection: str) -> Iterator[tuple[Loc, str]]:
        value = _text(raw)
        if value is not None and value not in known[collection]:
            label = _COLLECTIONS[collection]
            yield loc, f"{label} '{value}' gibt es im Plan nicht"

    for index, measure in _items(data, "massnahmen"):
        yield from check(("massnahmen", index, "schule"), measure.get("schule"), "schulen")
        yield from check(("massnahmen", index, "verknuepft_mit"), measure.get("verknuepft_mit"),
                         "massnahmen")
    for index, service in _items(data, "dienste"):
        for j, school in enumerate(_list(service.get("schulen"))):
            yield from check(("dienste", index, "schulen", j), school, "schulen")
    for index, licence in _items(data, "lizenzen"):
        yield from check(("lizenzen", index, "dienst"), licence.get("dienst"), "dienste")
    for index, milestone in _items(data, "meilensteine"):
        for j, ref in enumerate(_list(milestone.get("massnahmen"))):
            yield from check(("meilensteine", index, "massnahmen", j), ref, "massnahmen")
    sustainability = data.get("nachhaltigkeit")
    if isinstance(sustainability, dict):
        for index, proc in _items(sustainability, "beschaffungen"):
            for j, ref in enumerate(_list(proc.get("massnahmen"))):
                yield from check(("nachhaltigkeit", "beschaffungen", index, "massnahmen", j), ref,
                                 "massnahmen")
    for index, waiver in _items(data, "ausnahmen"):
        for key, collection in (("schule", "schulen"), ("massnahme", "massnahmen"),
                                ("dienst", "dienste")):
            yield from check(("ausnahmen", index, key), waiver.get(key), collection)
    years: dict[Any, int] = {}
    for index, row in _items(data, "haushalt"):
        year = _key(row.get("jahr"))
        if year is None:
            continue
        if year in years:
            yield ("haushalt", index, "jahr"), (
                f"Haushaltsjahr {year} ist doppelt (schon bei haushalt[{years[year]}])"
            )
        else:
            years[year] = index
    kinds: dict[Any, int] = {}
    for index, row in _items(data, "folgekosten"):
        kind = _key(row.get("geraetetyp"))
        if kind is None:
            continue
        if kind in kinds:
            yield ("folgekosten", index, "geraetetyp"), (
                f"Gerätetyp '{kind}' ist doppelt (schon bei folgekosten[{kinds[kind]}])"
            )
        else:
            kinds[kind] = index


def text_issues(data: Any) -> Iterator[tuple[Loc, str]]:
    """Texts (values and keys) with characters a Word document cannot store, wherever the
    data came from (the YAML/JSON reader refuses them earlier, with their line)."""
    stack: list[tuple[Loc, Any]] = [((), data)]
    while stack:
        loc, node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str) and BAD_CHARS.search(key):
                    yield (*loc, key), bad_char_message(key)
                stack.append(((*loc, key), value))
        elif isinstance(node, list):
            stack.extend(((*loc, index), value) for index, value in enumerate(node))
        elif isinstance(node, str) and BAD_CHARS.search(node):
            yield loc, bad_char_message(node)
