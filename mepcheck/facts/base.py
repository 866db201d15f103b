"""The fact registry: fact types, their typed fields, builders and enrichers.

Facts are flat records ``{"t": type, "id": …, field: scalar…}``. Python builds
them (entities plus derived figures); the rule engines decide the verdicts.
Each rule family may add fields to a fact type in its own module through
:func:`enricher`, so no module has to know every rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any

from mepcheck.derived import Figures
from mepcheck.model import Plan


class Kind(str, Enum):
    """Type of a fact field; decides the engine encoding and the German rendering."""

    TEXT = "text"
    INT = "int"
    NUMBER = "number"
    MONEY = "money"
    PERCENT = "percent"
    BOOL = "bool"
    DATE = "date"
    YEAR = "year"


@dataclass(frozen=True)
class FieldSpec:
    kind: Kind
    description: str
    values: tuple[str, ...] = ()
    """Allowed values of a text field that is an enumeration (empty = free text)."""


@dataclass
class FactType:
    """A kind of fact: its fields and what it describes."""

    name: str
    description: str
    chapter: int
    fields: dict[str, FieldSpec] = field(default_factory=dict)


@dataclass(frozen=True)
class Fact:
    """One fact: a type, the path of its object in the plan, and typed values."""

    type: str
    path: tuple[str | int, ...]
    values: dict[str, Any]
    refs: tuple[tuple[str, str], ...] = ()
    """Objects this fact belongs to, e.g. (("schulen", "gs-1"), ("massnahmen", "m-3"))."""
    subject: str = ""


@dataclass(frozen=True)
class FactContext:
    plan: Plan
    figures: Figures
    memo: dict[str, Any] = field(default_factory=dict, compare=False)
    """Per-plan indexes shared by builders and enrichers (see :meth:`once`)."""

    def once(self, key: str, compute: Callable[[], Any]) -> Any:
        """Compute a per-plan value (an index, a total) once and reuse it."""
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]


Builder = Callable[[FactContext], Iterable[Fact]]
Enricher = Callable[[FactContext, Fact, dict[str, Any]], None]

REGISTRY: dict[str, FactType] = {}
_BUILDERS: list[Builder] = []
_ENRICHERS: dict[str, list[Enricher]] = {}


def fact_type(type_name: str, description: str, chapter: int, /, **fields: FieldSpec) -> FactType:
    """Declare a fact type (once)."""
    if type_name in REGISTRY:
        raise ValueError(f"fact type {type_name!r} declared twice")
    REGISTRY[type_name] = FactType(type_name, description, chapter, dict(fields))
    return REGISTRY[type_name]


def add_fields(type_name: str, /, **fields: FieldSpec) -> None:
    """Declare further fields of an existing fact type (used by family modules)."""
    spec = REGISTRY[type_name]
    for name, field_spec in fields.items():
        if name in spec.fields:
            raise ValueError(f"field {type_name}.{name} declared twice")
        spec.fields[name] = field_spec


def builder(func: Builder) -> Builder:
    """Register a function that yields facts for a plan."""
    _BUILDERS.append(func)
    return func


def enricher(type_name: str) -> Callable[[Enricher], Enricher]:
    """Register a function that adds values to every fact of ``type_name``."""

    def register(func: Enricher) -> Enricher:
        _ENRICHERS.setdefault(type_name, []).append(func)
        return func

    return register


def F(kind: Kind | str, description: str, values: Iterable[str] = ()) -> FieldSpec:
    """Shorthand for a :class:`FieldSpec`."""
    return FieldSpec(Kind(kind), description, tuple(values))


def enum_values(enum: type[Enum]) -> tuple[str, ...]:
    return tuple(member.value for member in enum)  # type: ignore[misc]


def run_builders(ctx: FactContext) -> list[Fact]:
    facts: list[Fact] = []
    for build in _BUILDERS:
        facts.extend(build(ctx))
    for fact in facts:
        for enrich in _ENRICHERS.get(fact.type, ()):
            enrich(ctx, fact, fact.values)
        # drop unknown data: a missing value is simply absent from the fact
        for key in [k for k, v in fact.values.items() if v is None]:
            del fact.values[key]
    return facts


def plain_float(value: Any) -> float:
    """A float that JSON writes without an exponent.

    durable-rules' JSON parser does not read exponent notation (a rule constant
    ``1e-05`` is refused with error 204, a fact value is misread), so values are
    rounded to 4 decimals (below 0.0001 they become 0.0) and huge ones refused.
    """
    number = round(float(value), 4) + 0.0
    if "e" in repr(number) or "inf" in repr(number) or "nan" in repr(number):
        raise ValueError(f"Zahl {value!r} ist für die Regelmaschine zu groß")
    return number


def encode(kind: Kind, value: Any) -> Any:
    """Encode a typed value for the engines (JSON scalars, comparable)."""
    if isinstance(value, Enum):
        value = value.value
    if kind is Kind.MONEY:
        return int((Decimal(value) * 100).to_integral_value())
    if kind is Kind.PERCENT or kind is Kind.NUMBER:
        return plain_float(value)
    if kind is Kind.DATE:
        return value.toordinal() if isinstance(value, dt.date) else int(value)
    if kind is Kind.BOOL:
        return bool(value)
    if kind in (Kind.INT, Kind.YEAR):
        return int(value)
    return str(value)


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


ENCODERS: dict[Kind, Callable[[Any], Any]] = {
    Kind.MONEY: lambda v: int(((v if type(v) is Decimal else Decimal(_plain(v))) * 100)
                              .to_integral_value()),
    Kind.PERCENT: lambda v: plain_float(_plain(v)),
    Kind.NUMBER: lambda v: plain_float(_plain(v)),
    Kind.DATE: lambda v: v.toordinal() if isinstance(v, dt.date) else int(_plain(v)),
    Kind.BOOL: lambda v: v if type(v) is bool else bool(_plain(v)),
    Kind.INT: lambda v: v if type(v) is int else int(_plain(v)),
    Kind.YEAR: lambda v: v if type(v) is int else int(_plain(v)),
    Kind.TEXT: lambda v: v if type(v) is str else str(_plain(v)),
}
""":func:`encode` per kind, chosen once per field instead of once per value."""


def decode(kind: Kind, value: Any) -> Any:
    """Inverse of :func:`encode` (for rendering values computed by the engine)."""
    if kind is Kind.MONEY:
        return (Decimal(int(value)) / 100).quantize(Decimal("0.01"))
    if kind is Kind.DATE:
        return dt.date.fromordinal(int(value))
    return value
