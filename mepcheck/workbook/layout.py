"""The layout of a plan workbook, derived from the pydantic plan model.

Every list of objects in the plan (``schulen``, ``schulen[].bestand``, ``betrieb.personal`` …)
becomes a *table* sheet with one row per item; a nested list gets its own sheet with a first
column naming the parent's identity (``schulen.id`` for the inventory of a school). The single
objects at the top of the plan (``traeger``, ``plan``, ``betrieb`` …) become *form* sheets with
one row per field. Nested single objects (``bandbreite``, ``einsatzkonzept``) are flattened into
columns with dotted keys (``bandbreite.aktuell_mbit``); lists of plain values (``plattformen``)
live in one cell.

Each column carries a stable key (the dotted German plan key), written into a hidden row (table
sheets) or a hidden column (form sheets) so that a renamed heading never breaks reading. Headings
and input help come from the field's ``title`` and ``description``; a field without them falls
back to a readable form of its key.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from mepcheck import types as mtypes
from mepcheck.model import Plan

ValueKind = Literal["text", "int", "float", "money", "percent", "decimal", "date", "bool", "enum"]

FORM_GROUPS: dict[str, str] = {
    "plan": "traeger", "rahmenbedingungen": "traeger",
    "netz": "betrieb", "lehrkraftgeraete": "betrieb", "byod": "betrieb",
}
"""Top-level single objects that share a form sheet with an earlier one."""

SHEET_TITLES: dict[str, str] = {
    "traeger": "Träger und Plan", "rueckblick": "Rückblick", "rueckblick.ziele": "Rückblick Ziele",
    "schulen": "Schulen", "schulen.bestand": "Bestand",
    "schulen.fortbildungsplanung.massnahmen": "Fortbildungen", "beteiligung": "Beteiligung",
    "ziele": "Ziele", "ziele.ausstattungsstandards": "Ausstattungsstandards",
    "massnahmen": "Maßnahmen", "betrieb": "Betrieb", "betrieb.supportebenen": "Supportebenen",
    "betrieb.personal": "Personal", "betrieb.vertraege": "Verträge",
    "betrieb.kapazitaet_je_jahr": "Kapazität", "qualifizierung": "Qualifizierung",
    "dienste": "Dienste", "dienste.beziehungen": "Beziehungen",
    "dienste.auftragsverarbeiter": "Auftragsverarbeiter", "nachhaltigkeit": "Nachhaltigkeit",
    "nachhaltigkeit.beschaffungen": "Beschaffungen", "haushalt": "Haushalt",
    "haushalt.zuschuesse": "Zuschüsse", "folgekosten": "Folgekosten", "lizenzen": "Lizenzen",
    "meilensteine": "Meilensteine", "monitoring": "Monitoring",
    "monitoring.indikatoren": "Indikatoren", "ausnahmen": "Ausnahmen",
}
"""Sheet names a clerk knows; a sheet the model gains later is named from its field title."""

IDENTITY: dict[str, str] = {"haushalt": "jahr", "folgekosten": "geraetetyp"}
"""Items without an ``id`` that are still unique by a field (checked by the loader)."""

ROW_NUMBER = "_nr"
"""Key of the "Nr." column a sheet gets when its items have children but no identity."""

GUIDE_TITLE = "Anleitung"
CHOICES_TITLE = "Auswahllisten"
FINDINGS_TITLE = "Befunde"
RESERVED_TITLES = frozenset({GUIDE_TITLE, CHOICES_TITLE, FINDINGS_TITLE})


@dataclass(frozen=True)
class Column:
    """One value of an item: a cell of a table row or a row of a form sheet."""

    key: str
    """Stable key: dotted German plan keys relative to the item (form sheets: to the plan)."""
    path: tuple[str, ...]
    heading: str
    help: str
    kind: ValueKind
    choices: tuple[str, ...] = ()
    many: bool = False
    required: bool = False
    section: str = ""
    """Form sheets: the heading of the group the field belongs to (``Träger › Datenschutz…``)."""
    parent: bool = False
    """The column naming the parent item (first column of a nested sheet)."""


@dataclass
class Sheet:
    """A sheet of the workbook: a table (one row per item) or a form (one row per field)."""

    key: str
    title: str
    form: bool
    path: tuple[str, ...]
    """Table: path of the list in the plan (below the parent item, see ``parent_path``);
    form: empty (columns carry full paths)."""
    columns: list[Column] = field(default_factory=list)
    parent: Sheet | None = None
    parent_path: tuple[str, ...] = ()
    """Where the list sits inside a parent item (``("fortbildungsplanung", "massnahmen")``)."""
    identity: str | None = None
    children: list[Sheet] = field(default_factory=list)
    roots: tuple[str, ...] = ()
    """Form sheets: the top-level keys they hold."""

    def column(self, key: str) -> Column | None:
        return self._by_key().get(key)

    def _by_key(self) -> dict[str, Column]:
        cached = self.__dict__.get("_index")
        if cached is None or len(cached) != len(self.columns):
            cached = {c.key: c for c in self.columns}
            self.__dict__["_index"] = cached
        return cached

    @property
    def parent_column(self) -> Column | None:
        return self.columns[0] if self.columns and self.columns[0].parent else None


@dataclass
class Layout:
    """All sheets in workbook order."""

    sheets: list[Sheet]

    def by_title(self) -> dict[str, Sheet]:
        return {s.title: s for s in self.sheets}

    def by_key(self) -> dict[str, Sheet]:
        return {s.key: s for s in self.sheets}


# --- reading the model -------------------------------------------------------------------------

@dataclass(frozen=True)
class _Type:
    kind: str  # a ValueKind, "model" or "models"
    model: type[BaseModel] | None = None
    choices: tuple[str, ...] = ()
    many: bool = False
    optional: bool = False


def _metadata_of(annotation: Any) -> tuple[Any, list[Any]]:
    meta: list[Any] = []
    while get_origin(annotation) is Annotated:
        args = get_args(annotation)
        annotation, meta = args[0], [*meta, *args[1:]]
    return annotation, meta


def _marker(alias: Any) -> list[Any]:
    """The validator functions that make an ``Annotated`` type what it is (Money, Percent)."""
    if get_origin(alias) is not Annotated:
        return []
    return [m.func for m in get_args(alias)[1:]
            if type(m).__name__ in {"BeforeValidator", "AfterValidator", "PlainValidator",
                                    "WrapValidator"}]


_MONEY = _marker(getattr(mtypes, "Money", None))
_PERCENT = _marker(getattr(mtypes, "Percent", None))


def _scalar_kind(annotation: Any, meta: list[Any]) -> _Type:
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return _Type("enum", choices=tuple(str(m.value) for m in annotation))
    if get_origin(annotation) is Literal:
        return _Type("enum", choices=tuple(str(a) for a in get_args(annotation)))
    if annotation is bool:
        return _Type("bool")
    if annotation is int:
        return _Type("int")
    if annotation is float:
        return _Type("float")
    if annotation is Decimal:
        funcs = [getattr(m, "func", None) for m in meta]
        if any(f is not None and f in _MONEY for f in funcs):
            return _Type("money")
        if any(f is not None and f in _PERCENT for f in funcs):
            return _Type("percent")
        return _Type("decimal")
    if annotation is dt.date:
        return _Type("date")
    return _Type("text")


def classify(annotation: Any, meta: list[Any] | None = None) -> _Type:
    """What kind of value an annotation describes (optional, list, model, scalar kind)."""
    annotation, inner = _metadata_of(annotation)
    meta = [*(meta or []), *inner]
    optional = False
    if get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        optional = len(args) < len(get_args(annotation))
        annotation, inner = _metadata_of(args[0]) if len(args) == 1 else (str, [])
        meta = [*meta, *inner]
    if get_origin(annotation) is list:
        item, item_meta = _metadata_of(get_args(annotation)[0])
        if isinstance(item, type) and issubclass(item, BaseModel):
            return _Type("models", model=item, optional=optional)
        kind = _scalar_kind(item, item_meta)
        return _Type(kind.kind, choices=kind.choices, many=True, optional=optional)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _Type("model", model=annotation, optional=optional)
    kind = _scalar_kind(annotation, meta)
    return _Type(kind.kind, choices=kind.choices, optional=optional)


_UMLAUT = [(re.compile(r"(?<![aeiqu])ae"), "ä"), (re.compile(r"(?<![aeiqu])oe"), "ö"),
           (re.compile(r"(?<![aeiqu])ue(?!ll)"), "ü")]


def readable(alias: str) -> str:
    """A heading for a key without a title: ``verfuegbar_mbit`` → ``Verfügbar mbit``."""
    text = alias.replace("_", " ")
    for pattern, repl in _UMLAUT:
        text = pattern.sub(repl, text)
    return text[:1].upper() + text[1:]


def title_of(info: FieldInfo) -> str:
    return info.title or readable(info.alias or "")


def help_of(info: FieldInfo, kind: _Type, required: bool) -> str:
    """Input help: the field's description plus how to enter the value."""
    parts = [info.description.strip()] if info.description else []
    how = {
        "money": "Betrag in Euro, z. B. 1.234,56 €",
        "percent": "Anteil in Prozent, z. B. 20 %",
        "date": "Datum, z. B. 01.03.2026",
        "bool": "ja oder nein",
        "enum": "Auswahl aus der Liste",
        "int": "ganze Zahl",
        "float": "Zahl",
        "decimal": "Zahl",
        "text": "Text",
    }.get(kind.kind)
    if kind.many:
        how = ("mehrere Einträge durch Semikolon trennen" if kind.kind != "enum"
               else "mehrere Werte der Auswahlliste durch Semikolon trennen")
    if how and not any(how.lower() in p.lower() for p in parts):
        parts.append(how)
    if required:
        parts.append("Pflichtangabe")
    text = ". ".join(p.rstrip(".") for p in parts)
    return text + "." if text else ""


def _fields(model: type[BaseModel]) -> list[tuple[str, FieldInfo]]:
    return [(info.alias or name, info) for name, info in model.model_fields.items()]


# --- building the layout -----------------------------------------------------------------------

class _Builder:
    def __init__(self) -> None:
        self.sheets: list[Sheet] = []
        self.titles: set[str] = set(RESERVED_TITLES)

    def unique_title(self, key: str, fallback: str) -> str:
        title = SHEET_TITLES.get(key) or fallback
        title = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31] or "Blatt"
        base, n = title, 2
        while title in self.titles:
            suffix = f" {n}"
            title = base[: 31 - len(suffix)] + suffix
            n += 1
        self.titles.add(title)
        return title

    def flatten(self, model: type[BaseModel], prefix: tuple[str, ...], section: str,
                required: bool, sheet_key: str, nested: list[tuple[tuple[str, ...], str,
                                                                     type[BaseModel]]],
                out: list[Column], heading_prefix: str = "") -> None:
        """Columns of ``model`` below ``prefix``; lists of objects are collected in ``nested``."""
        for alias, info in _fields(model):
            kind = classify(info.annotation, list(info.metadata))
            path = (*prefix, alias)
            title = title_of(info)
            is_required = required and info.is_required()
            if kind.kind == "model":
                assert kind.model is not None
                sub_section = f"{section} › {title}" if section else title
                self.flatten(kind.model, path, sub_section, is_required, sheet_key, nested, out,
                             f"{heading_prefix}{title}: " if heading_prefix or prefix else
                             f"{title}: ")
                continue
            if kind.kind == "models":
                assert kind.model is not None
                nested.append((path, title, kind.model))
                continue
            out.append(Column(
                key=".".join(path), path=path, heading=f"{heading_prefix}{title}",
                help=help_of(info, kind, is_required), kind=kind.kind,  # type: ignore[arg-type]
                choices=kind.choices, many=kind.many, required=is_required, section=section,
            ))

    def table(self, key: str, title: str, model: type[BaseModel], path: tuple[str, ...],
              parent: Sheet | None, parent_path: tuple[str, ...]) -> Sheet:
        sheet = Sheet(key=key, title=self.unique_title(key, title), form=False, path=path,
                      parent=parent, parent_path=parent_path)
        self.sheets.append(sheet)
        names = {alias for alias, _ in _fields(model)}
        sheet.identity = "id" if "id" in names else IDENTITY.get(key)
        if parent is not None:
            if parent.identity is None:
                parent.identity = ROW_NUMBER
                parent.columns.insert(
                    1 if parent.parent_column else 0,
                    Column(key=ROW_NUMBER, path=(ROW_NUMBER,), heading="Nr.", kind="int",
                           help="laufende Nummer der Zeile; Zeilen auf anderen Blättern "
                                "verweisen mit ihr auf diese Zeile.", required=True))
            ident = parent.column(parent.identity)
            ident_heading = ident.heading if ident else parent.identity
            sheet.columns.append(Column(
                key=f"^{parent.key}.{parent.identity}", path=(), parent=True, required=True,
                heading=f"{parent.title}: {ident_heading}",
                help=f"zu welcher Zeile des Blatts „{parent.title}“ diese Zeile gehört "
                     f"(dort Spalte „{ident_heading}“). Pflichtangabe.",
                kind=ident.kind if ident else "text", choices=ident.choices if ident else (),
            ))
        nested: list[tuple[tuple[str, ...], str, type[BaseModel]]] = []
        self.flatten(model, (), "", True, key, nested, sheet.columns)
        for sub_path, sub_title, sub_model in nested:
            child = self.table(f"{key}.{'.'.join(sub_path)}", sub_title, sub_model, sub_path,
                               sheet, sub_path)
            sheet.children.append(child)
        return sheet

    def build(self) -> Layout:
        forms: dict[str, Sheet] = {}
        for alias, info in _fields(Plan):
            kind = classify(info.annotation, list(info.metadata))
            title = title_of(info)
            if kind.kind == "models":
                assert kind.model is not None
                self.table(alias, title, kind.model, (alias,), None, ())
                continue
            group = FORM_GROUPS.get(alias, alias) if kind.kind == "model" else "traeger"
            form = forms.get(group)
            if form is None:
                form = Sheet(key=group, title=self.unique_title(group, title), form=True, path=())
                forms[group] = form
                self.sheets.append(form)
            form.roots = (*form.roots, alias)
            if kind.kind != "model":  # a plain value at the top of the plan
                form.columns.append(Column(key=alias, path=(alias,), heading=title,
                                           help=help_of(info, kind, info.is_required()),
                                           kind=kind.kind, choices=kind.choices,  # type: ignore[arg-type]
                                           many=kind.many, required=info.is_required()))
                continue
            assert kind.model is not None
            nested: list[tuple[tuple[str, ...], str, type[BaseModel]]] = []
            self.flatten(kind.model, (alias,), title, info.is_required(), group, nested,
                         form.columns)
            for sub_path, sub_title, sub_model in nested:
                self.table(".".join(sub_path), sub_title, sub_model, sub_path, None, ())
        return Layout(self.sheets)


@cache
def plan_layout() -> Layout:
    """The workbook layout of the current plan model (computed once per process)."""
    return _Builder().build()
