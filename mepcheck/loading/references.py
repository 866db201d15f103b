"""Cross-reference checks on the raw plan data: unique ids and known references.

They run on the plain data (German keys) so that they can be reported together
with the schema errors, each at its own location.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mepcheck.loading.errors import Loc

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


def reference_issues(data: Any) -> Iterator[tuple[Loc, str]]:
    """Yield ``(location, German message)`` for duplicate ids and dangling references."""
    if not isinstance(data, dict):
        return
    known: dict[str, set[str]] = {}
    for key, label in _COLLECTIONS.items():
        seen: dict[str, int] = {}
        for index, item in _items(data, key):
            ident = item.get("id")
            if not isinstance(ident, str):
                continue
            if ident in seen:
                yield (key, index, "id"), (
                    f"{label}-Id '{ident}' ist doppelt (schon bei {key}[{seen[ident]}])"
                )
            else:
                seen[ident] = index
        known[key] = set(seen)

    def check(loc: Loc, value: Any, collection: str) -> Iterator[tuple[Loc, str]]:
        if isinstance(value, str) and value not in known[collection]:
            label = _COLLECTIONS[collection]
            yield loc, f"{label} '{value}' gibt es im Plan nicht"

    for index, measure in _items(data, "massnahmen"):
        yield from check(("massnahmen", index, "schule"), measure.get("schule"), "schulen")
        yield from check(("massnahmen", index, "verknuepft_mit"), measure.get("verknuepft_mit"),
                         "massnahmen")
    for index, service in _items(data, "dienste"):
        for j, school in enumerate(service.get("schulen") or []):
            yield from check(("dienste", index, "schulen", j), school, "schulen")
    for index, licence in _items(data, "lizenzen"):
        yield from check(("lizenzen", index, "dienst"), licence.get("dienst"), "dienste")
    for index, milestone in _items(data, "meilensteine"):
        for j, ref in enumerate(milestone.get("massnahmen") or []):
            yield from check(("meilensteine", index, "massnahmen", j), ref, "massnahmen")
    sustainability = data.get("nachhaltigkeit")
    if isinstance(sustainability, dict):
        for index, proc in _items(sustainability, "beschaffungen"):
            for j, ref in enumerate(proc.get("massnahmen") or []):
                yield from check(("nachhaltigkeit", "beschaffungen", index, "massnahmen", j), ref,
                                 "massnahmen")
    for index, waiver in _items(data, "ausnahmen"):
        for key, collection in (("schule", "schulen"), ("massnahme", "massnahmen"),
                                ("dienst", "dienste")):
            yield from check(("ausnahmen", index, key), waiver.get(key), collection)
    years: dict[Any, int] = {}
    for index, row in _items(data, "haushalt"):
        year = row.get("jahr")
        if year in years:
            yield ("haushalt", index, "jahr"), (
                f"Haushaltsjahr {year} ist doppelt (schon bei haushalt[{years[year]}])"
            )
        else:
            years[year] = index
    kinds: dict[Any, int] = {}
    for index, row in _items(data, "folgekosten"):
        kind = row.get("geraetetyp")
        if kind in kinds:
            yield ("folgekosten", index, "geraetetyp"), (
                f"Gerätetyp '{kind}' ist doppelt (schon bei folgekosten[{kinds[kind]}])"
            )
        else:
            kinds[kind] = index
