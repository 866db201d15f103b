"""The German field reference of the plan format (``docs/feldreferenz.md``), from the model.

Generated from the field texts, the types and the JSON Schema, so that it cannot drift:
``mepcheck schema --format markdown`` prints it and a test compares it with the file.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from mepcheck.model import Plan
from mepcheck.model.fieldtexts import (
    field_text,
    model_chapter,
    model_title,
    nested_models,
    plan_models,
    value_range,
)
from mepcheck.model.plan import MAX_ITEMS, MAX_MEASURES, MAX_SCHOOLS
from mepcheck.model.schema import plan_json_schema
from mepcheck.types import MAX_NAME, MAX_TEXT


def _n(number: int) -> str:
    return f"{number:,}".replace(",", ".")


INTRO = f"""\
# Feldreferenz der Plan-Dateien

Diese Seite ist aus dem Plan-Modell erzeugt (`mepcheck schema --format markdown`) und wird
von einem Test aktuell gehalten; bitte nicht von Hand bearbeiten. Titel und Beschreibungen
stehen in `mepcheck/model/felder.yaml`; welche Regeln ein Feld lesen, wird aus den Regeln
abgeleitet (`python -m mepcheck.model.fieldrules --write`).

Dieselben Texte zeigen `mepcheck schema` (für Editoren) und die Eingabehilfe der
Arbeitsmappe.

## Zahlen, Beträge und Anteile

| Schreibweise | gelesen als | Hinweis |
|---|---|---|
| `4900`, `4900.5`, `4900.50` | 4900 €, 4900,50 € | Punkt mit einer, zwei oder mehr als drei Nachkommastellen ist ein Dezimalpunkt |
| `"4.900,00 €"`, `"4.900,50"`, `"4900,50 EUR"` | 4900 €, 4900,50 € | deutsche Schreibweise als Text (in Anführungszeichen) |
| `"1.234.567"`, `"4 900"` | 1234567, 4900 | mehrere Tausendergruppen oder Leerzeichen als Trenner |
| `0.250`, `"0,25"` | 0,25 | eine führende Null ist nie eine Tausendergruppe |
| `0.2`, `"0,2"`, `"20 %"` | Anteil 20 % | Anteile liegen zwischen 0 und 1 (0 % bis 100 %) |
| **`4.900`**, **`1.200`**, **`"4,900"`** | **Fehler: mehrdeutig** | ein Punkt oder Komma mit genau drei Ziffern danach kann Tausendertrenner oder Dezimaltrenner sein; die Meldung nennt beide Lesarten und wie man sie eindeutig schreibt |
| `.inf`, `.nan`, `"NaN"`, `1e29` | Fehler | nur endliche Zahlen im angegebenen Wertebereich |

Jede Zahl hat einen Wertebereich (Spalte „Beschreibung“); ein Wert außerhalb ist ein Fehler
mit Datei, Zeile und Feld. Ein Geldbetrag ist höchstens 1.000.000.000 € je Angabe und hat
höchstens zwei Nachkommastellen; so bleiben auch die Summen eines Plans in der
Regelmaschine exakt. Ganze Zahlen wie `010` werden dezimal gelesen (10), nicht oktal.

## Texte und Größen

- Namen und Titel: höchstens {MAX_NAME} Zeichen; andere Texte höchstens {_n(MAX_TEXT)} Zeichen.
- Steuerzeichen, die ein Word-Dokument nicht speichern kann (z. B. `\\x00`, `\\x0b`), sind ein
  Fehler; Tabulator und Zeilenumbruch sind erlaubt. In JSON sind alle Escapes erlaubt, auch
  Surrogatpaare für Emoji (`"\\ud83c\\udfeb"`); in YAML schreibt man sie direkt oder als
  `"\\U0001F3EB"`.
- Ein Plan hat höchstens {_n(MAX_SCHOOLS)} Schulen, {_n(MAX_MEASURES)} Maßnahmen, je
  {_n(MAX_ITEMS)} Einträge in den übrigen Listen und 1.000 Bestandseinträge je Schule; eine
  Plan-Datei ist höchstens 10 MB groß und wird nur gelesen, wenn sie eine gewöhnliche Datei
  ist (kein Gerät, keine Pipe, kein Socket, auch nicht hinter einem symbolischen Link).
- Dateien sind UTF-8-kodiert; bei einer anderen Kodierung nennt die Meldung die vermutete
  Kodierung (z. B. Windows-1252) und wie man als UTF-8 speichert.
"""


def _paths(root: type[BaseModel]) -> dict[str, str]:
    """First path of each model in a plan file, e.g. ``Bandwidth`` → ``schulen[].bandbreite``."""
    paths = {root.__name__: ""}
    for model in plan_models(root):
        base = paths[model.__name__]
        for name, info in model.model_fields.items():
            key = info.alias or name
            is_list = "list[" in str(info.annotation)
            for sub in nested_models(info.annotation):
                paths.setdefault(sub.__name__, f"{base}.{key}".lstrip(".") + ("[]" if is_list else ""))
    return paths


def _type_label(prop: dict[str, Any], defs: dict[str, Any]) -> str:
    """A short German type description from a JSON Schema property."""
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        target = defs.get(name, {})
        if "enum" in target:
            return "eins von: " + ", ".join(f"`{v}`" for v in target["enum"])
        return f"Abschnitt ({model_title(name)})"
    if "anyOf" in prop:
        if {"type": "boolean"} in prop["anyOf"]:
            return "ja/nein (true/false)"
        options = [o for o in prop["anyOf"] if o.get("type") != "null"]
        kinds = {str(o.get("type")) for o in options}
        if kinds == {"integer", "string"}:
            return "ganze Zahl"
        if kinds == {"number", "string"}:
            if "%" in str(prop.get("anyOf")):
                return "Anteil"
            return "Zahl"
        if len(options) == 1:
            return _type_label(options[0], defs)
        return " oder ".join(_type_label(o, defs) for o in options)
    if "enum" in prop:
        return "eins von: " + ", ".join(f"`{v}`" for v in prop["enum"])
    kind = prop.get("type")
    if kind == "array":
        return "Liste: " + _type_label(prop.get("items", {}), defs)
    if isinstance(kind, list) and "string" in kind:
        return "Text"
    return {"string": "Datum (JJJJ-MM-TT)" if prop.get("format") == "date" else "Text",
            "boolean": "ja/nein (true/false)", "integer": "ganze Zahl", "number": "Zahl",
            "object": "Abschnitt"}.get(str(kind), str(kind or "Wert"))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_field_reference() -> str:
    """The Markdown text of ``docs/feldreferenz.md``."""
    schema = plan_json_schema()
    defs = schema.get("$defs", {})
    paths = _paths(Plan)
    out = [INTRO]
    count = 0
    for model in plan_models(Plan):
        name = model.__name__
        props = schema["properties"] if model is Plan else defs.get(name, {}).get("properties", {})
        required = set(schema.get("required", []) if model is Plan
                       else defs.get(name, {}).get("required", []))
        where = paths.get(name) or "(oberste Ebene)"
        chapter = model_chapter(name)
        out.append(f"\n## {model_title(name)} (`{where}`)\n")
        if chapter:
            from mepcheck.rules.spec import CHAPTERS

            out.append(f"Kapitel {chapter}: {CHAPTERS.get(chapter, '')}\n")
        out.append("| Schlüssel | Titel | Art | Pflicht | Beschreibung |")
        out.append("|---|---|---|---|---|")
        for field_name, info in model.model_fields.items():
            key = info.alias or field_name
            text = field_text(name, key)
            prop = props.get(key, {})
            kind = _type_label(prop, defs)
            allowed = value_range(info)
            if kind in ("Zahl", "ganze Zahl") and allowed.endswith("€"):
                kind = "Betrag in €"
            description = text.description if text else ""
            if allowed:
                description += f" Wertebereich: {allowed}."
            out.append(f"| `{key}` | {_cell(text.title if text else '')} | {_cell(kind)} | "
                       f"{'ja' if key in required else ''} | {_cell(description)} |")
            count += 1
    out.append(f"\n{count} Felder.\n")
    return "\n".join(out)
