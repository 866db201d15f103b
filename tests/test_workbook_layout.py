"""The workbook layout covers the whole plan model, whatever fields it gains."""

from __future__ import annotations

from pydantic import BaseModel

from mepcheck.model import Plan
from mepcheck.workbook.layout import classify, plan_layout


def _leaves(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every value of the model as a path of German keys; lists of objects end the path with
    ``[]`` and continue inside the item."""
    out = []
    for info in model.model_fields.values():
        kind = classify(info.annotation, list(info.metadata))
        path = (*prefix, info.alias or "")
        if kind.kind == "model":
            out.extend(_leaves(kind.model, path))
        elif kind.kind == "models":
            out.extend(_leaves(kind.model, (*path, "[]")))
        else:
            out.append(path)
    return out


def _layout_leaves() -> set[tuple[str, ...]]:
    found = set()
    for sheet in plan_layout().sheets:
        if sheet.form:
            found.update(column.path for column in sheet.columns)
            continue
        base: tuple[str, ...] = ()
        chain = []
        node = sheet
        while node is not None:
            chain.append(node)
            node = node.parent
        for node in reversed(chain):
            base = (*base, *node.path, "[]")
        found.update((*base, *column.path) for column in sheet.columns
                     if not column.parent and column.key != "_nr")
    return found


def test_every_model_field_has_a_column() -> None:
    missing = sorted(".".join(p) for p in set(_leaves(Plan)) - _layout_leaves())
    assert missing == []


def test_sheet_titles_are_valid_and_unique() -> None:
    titles = [s.title for s in plan_layout().sheets]
    assert len(titles) == len(set(titles))
    for title in titles:
        assert 0 < len(title) <= 31 and not set(title) & set("[]:*?/\\")


def test_headings_and_help_come_from_the_field_texts() -> None:
    """A field's ``title`` heads its column and its ``description`` starts the input help."""
    for sheet in plan_layout().sheets:
        for column in sheet.columns:
            assert column.heading and column.help, (sheet.key, column.key)
    schools = plan_layout().by_key()["schulen"]
    for alias, info in ((i.alias, i) for i in Plan.model_fields["schools"].annotation.__args__[0]
                        .model_fields.values()):
        column = schools.column(alias)
        if column is None:
            continue
        if info.title:
            assert column.heading == info.title
        if info.description:
            assert column.help.startswith(info.description.strip().rstrip("."))
