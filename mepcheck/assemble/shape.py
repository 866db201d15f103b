"""The view-model schema as a tree of shapes: to validate a view model and to check templates.

:func:`shape_of` turns the ``TypedDict`` classes of :mod:`mepcheck.assemble.schema` into
:class:`Shape` nodes; :func:`validate` checks a built view model against them;
:func:`describe` lists every variable path for ``mepcheck template vars``.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from mepcheck.assemble import schema


@dataclass(frozen=True)
class Shape:
    """One node: a dict with known fields, a list of items, a scalar or a picture."""

    kind: str
    """``dict``, ``list``, ``scalar`` or ``image``"""
    name: str = ""
    fields: dict[str, Shape] = field(default_factory=dict)
    item: Shape | None = None
    types: tuple[type, ...] = ()
    nullable: bool = False
    doc: str = ""


_SCALARS = (str, int, bool, Decimal, dt.date)


def _unwrap_optional(tp: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        nullable = len(args) < len(typing.get_args(tp))
        if len(args) == 1:
            return args[0], nullable
        return tuple(args), nullable
    return tp, False


@cache
def _typed_dict_shape(tp: type) -> Shape:
    hints = typing.get_type_hints(tp)
    fields = {name: shape_of(hint) for name, hint in hints.items()}
    return Shape("dict", name=tp.__name__, fields=fields, doc=(tp.__doc__ or "").strip())


def shape_of(tp: Any) -> Shape:
    """The shape of a schema type annotation."""
    inner, nullable = _unwrap_optional(tp)
    if isinstance(inner, tuple):
        return Shape("scalar", types=inner, nullable=nullable)
    if inner is schema.Image:
        return Shape("image", name="Image", nullable=nullable)
    if typing.is_typeddict(inner):
        base = _typed_dict_shape(inner)
        if nullable:
            return Shape("dict", name=base.name, fields=base.fields, nullable=True, doc=base.doc)
        return base
    if typing.get_origin(inner) is list:
        (arg,) = typing.get_args(inner)
        return Shape("list", item=shape_of(arg), nullable=nullable)
    if inner in _SCALARS:
        return Shape("scalar", types=(inner,), nullable=nullable)
    raise TypeError(f"unsupported view-model type {tp!r}")


def view_model_shape() -> Shape:
    """The shape of the whole template context."""
    return shape_of(schema.ViewModel)


def _type_ok(value: Any, allowed: tuple[type, ...]) -> bool:
    for tp in allowed:
        if tp is int and isinstance(value, bool):
            continue
        if tp is dt.date and isinstance(value, dt.datetime):
            continue
        if isinstance(value, tp):
            return True
    return False


def validate(value: Any, shape: Shape | None = None, path: str = "") -> list[str]:
    """Every place where ``value`` departs from ``shape`` (empty when it conforms)."""
    shape = shape or view_model_shape()
    where = path or "(Kontext)"
    if value is None:
        return [] if shape.nullable else [f"{where}: None, aber nicht optional"]
    if shape.kind == "image":
        from mepcheck.assemble.images import AltImage  # the only picture type

        return [] if isinstance(value, AltImage) else [f"{where}: Bild erwartet"]
    if shape.kind == "scalar":
        return [] if _type_ok(value, shape.types) else [
            f"{where}: {type(value).__name__} statt {'/'.join(t.__name__ for t in shape.types)}"]
    if shape.kind == "list":
        if type(value) is not list:
            return [f"{where}: Liste erwartet, {type(value).__name__} gefunden"]
        problems: list[str] = []
        for i, item in enumerate(value):
            problems.extend(validate(item, shape.item, f"{path}[{i}]"))
            if len(problems) > 50:
                break
        return problems
    if type(value) is not dict:
        return [f"{where}: dict erwartet, {type(value).__name__} gefunden"]
    problems = []
    missing = sorted(set(shape.fields) - set(value))
    extra = sorted(set(value) - set(shape.fields))
    problems.extend(f"{path}.{k}: fehlt".lstrip(".") for k in missing)
    problems.extend(f"{path}.{k}: nicht im Schema".lstrip(".") for k in extra)
    for key, sub in shape.fields.items():
        if key in value:
            problems.extend(validate(value[key], sub, f"{path}.{key}".lstrip(".")))
    return problems


def describe(shape: Shape | None = None, prefix: str = "") -> list[tuple[str, str]]:
    """``(path, type)`` for every variable path, e.g. ``("schools[].name", "Text")``."""
    shape = shape or view_model_shape()
    out: list[tuple[str, str]] = []
    names = {str: "Text", int: "Zahl", bool: "ja/nein", Decimal: "Dezimalzahl",
             dt.date: "Datum"}
    opt = " (optional)" if shape.nullable else ""
    if shape.kind == "scalar":
        out.append((prefix, " oder ".join(names.get(t, t.__name__) for t in shape.types) + opt))
    elif shape.kind == "image":
        out.append((prefix, "Bild" + opt))
    elif shape.kind == "list":
        out.append((prefix, "Liste" + opt))
        assert shape.item is not None
        out.extend(describe(shape.item, prefix + "[]"))
    else:
        if prefix:
            out.append((prefix, "Abschnitt" + opt))
        for key, sub in shape.fields.items():
            out.extend(describe(sub, f"{prefix}.{key}" if prefix else key))
    return out
