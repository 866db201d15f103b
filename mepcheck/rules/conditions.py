"""The condition vocabulary of rule files, parsed into a small typed tree (IR).

Vocabulary (YAML)::

    all: [cond, …]        any: [cond, …]        none: [cond, …]
    equals: {field: value}            differs: {field: value}
    less / less_equal / greater / greater_equal: {field: value}
    in: {field: [v, …]}               not_in: {field: [v, …]}
    exists: field | [fields]          missing: field | [fields]
    matches: {field: pattern}         (Lua-style pattern, full match)

A value is a literal, ``{field: name}`` (another field of the same fact),
``{option: name}`` (a rule option) or ``{add|sub|mul|div: [value, value]}``.
Options are resolved to constants when a ruleset is compiled, so the IR the
engines see contains only fields, constants and arithmetic.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

from mepcheck.facts.base import FactType, FieldSpec, Kind, encode, plain_float

# --- IR -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Const:
    value: Any


@dataclass(frozen=True)
class FieldRef:
    name: str


@dataclass(frozen=True)
class Arith:
    op: str  # add, sub, mul, div
    left: Expr
    right: Expr


Expr = Const | FieldRef | Arith


@dataclass(frozen=True)
class Cmp:
    op: str  # eq, ne, lt, le, gt, ge
    field: str
    value: Expr


@dataclass(frozen=True)
class Exists:
    field: str


@dataclass(frozen=True)
class Missing:
    field: str


@dataclass(frozen=True)
class Match:
    field: str
    pattern: str


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


Node = Cmp | Exists | Missing | Match | And | Or

INVERSE = {"eq": "ne", "ne": "eq", "lt": "ge", "ge": "lt", "le": "gt", "gt": "le"}
_CMP_WORDS = {
    "equals": "eq", "differs": "ne", "less": "lt", "less_equal": "le",
    "greater": "gt", "greater_equal": "ge",
}
_ARITH = {"add", "sub", "mul", "div"}
_KEYWORDS = sorted([*_CMP_WORDS, "all", "any", "none", "in", "not_in", "exists", "missing",
                    "matches"])


class ConditionError(ValueError):
    """A condition uses an unknown keyword, field, option or a forbidden form."""


# --- patterns --------------------------------------------------------------------------------

_PATTERN_TOKEN = re.compile(r"%[adwsulp.%\-+*?\[\]()]|\[\^?(?:%[adwsul]|[^\]%])+\]|\{\d+\}|[*+?]|.",
                            re.S)


def pattern_to_python(pattern: str) -> str:
    """Translate the supported Lua-style pattern subset to a Python regex (full match).

    Supported: literal characters, ``.``, ``%d %a %w %s %u %l`` classes, escapes ``%.``,
    bracket classes ``[…]`` / ``[^…]`` and the quantifiers ``* + ?`` and ``{n}``.
    Anything else (for example ``\\d`` or unbalanced brackets) is refused, because
    durable-rules silently never matches an invalid pattern.
    """
    classes = {"%d": r"\d", "%a": "[A-Za-z]", "%w": "[A-Za-z0-9]", "%s": r"\s",
               "%u": "[A-Z]", "%l": "[a-z]"}
    out = []
    pos = 0
    for token in _PATTERN_TOKEN.finditer(pattern):
        if token.start() != pos:
            raise ConditionError(f"Muster {pattern!r} nicht unterstützt")
        pos = token.end()
        text = token.group()
        if text in classes:
            out.append(classes[text])
        elif text.startswith("%"):
            out.append(re.escape(text[1]))
        elif text.startswith("[") and len(text) > 1:
            inner = text[1:-1]
            neg = inner.startswith("^")
            body = inner[1:] if neg else inner
            body = re.sub(r"%([adwsul])", lambda m: classes["%" + m.group(1)].strip("[]"), body)
            out.append("[" + ("^" if neg else "") + body.replace("\\", "\\\\") + "]")
        elif text in "*+?" or text.startswith("{"):
            if not out:
                raise ConditionError(f"Muster {pattern!r}: Quantor ohne Zeichen")
            out.append(text)
        elif text == ".":
            out.append(".")
        elif text in "\\()|^$[]{}":
            raise ConditionError(f"Muster {pattern!r}: Zeichen {text!r} ist nicht erlaubt "
                                 "(Lua-Muster: Klassen mit %, z. B. %d)")
        else:
            out.append(re.escape(text))
    if pos != len(pattern):
        raise ConditionError(f"Muster {pattern!r} nicht unterstützt")
    try:
        re.compile("".join(out))
    except re.error as exc:
        raise ConditionError(f"Muster {pattern!r} ungültig: {exc}") from exc
    return "".join(out)


# --- parsing -------------------------------------------------------------------------------


@dataclass
class ParseContext:
    """What a condition may refer to: the scope fact's fields and the rule's options."""

    fact: FactType
    options: Mapping[str, tuple[str, Any]]  # name -> (option type, value)
    where: str
    optional: set[str] = dc_field(default_factory=set)
    """Fields tested with exists/missing anywhere in the rule (see :func:`scan_optional`)."""


def scan_optional(*raws: Any) -> set[str]:
    """Fields that a raw condition tests with ``exists`` or ``missing``."""
    found: set[str] = set()

    def visit(raw: Any) -> None:
        if isinstance(raw, dict):
            for word, arg in raw.items():
                if word in ("exists", "missing"):
                    found.update(a for a in (arg if isinstance(arg, list) else [arg]) if isinstance(a, str))
                else:
                    visit(arg)
        elif isinstance(raw, list):
            for item in raw:
                visit(item)

    for raw in raws:
        visit(raw)
    return found


def _field(ctx: ParseContext, name: Any) -> FieldSpec:
    if not isinstance(name, str) or name not in ctx.fact.fields:
        known = ", ".join(sorted(ctx.fact.fields))
        raise ConditionError(
            f"{ctx.where}: Feld {name!r} gibt es beim Fakt '{ctx.fact.name}' nicht (bekannt: {known})"
        )
    return ctx.fact.fields[name]


_OPTION_KINDS = {
    "money": Kind.MONEY, "percent": Kind.PERCENT, "int": Kind.INT, "number": Kind.NUMBER,
    "date": Kind.DATE, "text": Kind.TEXT, "bool": Kind.BOOL,
}
_COMPATIBLE = {
    Kind.MONEY: {Kind.MONEY}, Kind.PERCENT: {Kind.PERCENT, Kind.NUMBER},
    Kind.NUMBER: {Kind.NUMBER, Kind.INT, Kind.PERCENT, Kind.YEAR},
    Kind.INT: {Kind.INT, Kind.NUMBER, Kind.YEAR}, Kind.YEAR: {Kind.YEAR, Kind.INT},
    Kind.DATE: {Kind.DATE}, Kind.TEXT: {Kind.TEXT}, Kind.BOOL: {Kind.BOOL},
}


def _literal(ctx: ParseContext, spec: FieldSpec, field: str, value: Any) -> Const:
    if isinstance(value, list | dict):
        raise ConditionError(f"{ctx.where}: Wert für {field!r} muss ein einzelner Wert sein")
    kind = spec.kind
    if kind is Kind.BOOL and not isinstance(value, bool):
        raise ConditionError(f"{ctx.where}: {field!r} ist ja/nein, {value!r} passt nicht")
    if kind is Kind.DATE and not isinstance(value, dt.date):
        raise ConditionError(f"{ctx.where}: {field!r} ist ein Datum, {value!r} passt nicht")
    if kind in (Kind.MONEY, Kind.PERCENT, Kind.NUMBER, Kind.INT, Kind.YEAR) and (
        isinstance(value, bool) or not isinstance(value, int | float)
    ):
        raise ConditionError(f"{ctx.where}: {field!r} ist eine Zahl, {value!r} passt nicht")
    if kind is Kind.TEXT:
        if not isinstance(value, str):
            raise ConditionError(f"{ctx.where}: {field!r} ist Text, {value!r} passt nicht")
        if spec.values and value not in spec.values:
            raise ConditionError(
                f"{ctx.where}: {value!r} ist kein Wert von {field!r} (erlaubt: {', '.join(spec.values)})"
            )
    return Const(encode(kind, value))


def _expr(ctx: ParseContext, spec: FieldSpec | None, field: str, raw: Any, top: bool) -> Expr:
    if isinstance(raw, dict):
        if len(raw) != 1:
            raise ConditionError(f"{ctx.where}: Ausdruck {raw!r} braucht genau einen Schlüssel")
        (key, arg), = raw.items()
        if key == "field":
            other = _field(ctx, arg)
            if spec is not None and top and other.kind not in _COMPATIBLE[spec.kind]:
                raise ConditionError(f"{ctx.where}: {field!r} und {arg!r} haben verschiedene Typen")
            return FieldRef(arg)
        if key == "option":
            if arg not in ctx.options:
                raise ConditionError(f"{ctx.where}: Option {arg!r} ist nicht deklariert")
            opt_type, value = ctx.options[arg]
            kind = _OPTION_KINDS.get(opt_type)
            if kind is None:
                raise ConditionError(f"{ctx.where}: Option {arg!r} vom Typ {opt_type} ist kein Einzelwert")
            if spec is not None and top and kind not in _COMPATIBLE[spec.kind]:
                raise ConditionError(
                    f"{ctx.where}: Option {arg!r} ({opt_type}) passt nicht zu Feld {field!r}"
                )
            if spec is not None and top and spec.kind is Kind.TEXT and spec.values and value not in spec.values:
                raise ConditionError(f"{ctx.where}: Optionswert {value!r} ist kein Wert von {field!r}")
            return Const(encode(kind, value))
        if key in _ARITH:
            if not isinstance(arg, list) or len(arg) != 2:
                raise ConditionError(f"{ctx.where}: {key} braucht genau zwei Werte")
            if spec is not None and spec.kind in (Kind.TEXT, Kind.BOOL):
                raise ConditionError(f"{ctx.where}: Rechnen mit {field!r} ({spec.kind.value}) geht nicht")
            return _arith(ctx, key, _expr(ctx, None, field, arg[0], False),
                          _expr(ctx, None, field, arg[1], False))
        raise ConditionError(f"{ctx.where}: unbekannter Ausdruck {key!r} (field, option, add, sub, mul, div)")
    if spec is None:  # inside arithmetic: plain numbers only
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise ConditionError(f"{ctx.where}: in Rechnungen sind nur Zahlen erlaubt, nicht {raw!r}")
        return Const(raw if isinstance(raw, int) else plain_float(raw))
    return _literal(ctx, spec, field, raw)


def _arith(ctx: ParseContext, op: str, left: Expr, right: Expr) -> Expr:
    """Arithmetic as durable-rules computes it correctly.

    Measured: durable-rules never matches arithmetic on two constants, and
    division is unreliable. So constants are folded here, division by a
    constant becomes multiplication by its reciprocal, and division by a field
    is refused.
    """
    if op == "div":
        if not isinstance(right, Const):
            raise ConditionError(f"{ctx.where}: Division durch ein Feld wird nicht unterstützt; "
                                 "bitte die Bedingung als Multiplikation schreiben")
        if right.value == 0:
            raise ConditionError(f"{ctx.where}: Division durch 0")
        reciprocal = 1 / right.value
        if "e" in repr(reciprocal):
            raise ConditionError(f"{ctx.where}: Teiler {right.value!r} zu groß; bitte umformen")
        op, right = "mul", Const(reciprocal)
    if isinstance(left, Const) and isinstance(right, Const):
        value = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b,
                 "mul": lambda a, b: a * b}[op](left.value, right.value)
        return Const(value if isinstance(value, int) else plain_float(value))
    return Arith(op, left, right)


def _fields_arg(ctx: ParseContext, raw: Any, word: str) -> list[str]:
    names = raw if isinstance(raw, list) else [raw]
    if not names:
        raise ConditionError(f"{ctx.where}: '{word}' braucht mindestens ein Feld")
    for name in names:
        _field(ctx, name)
    return names


def parse_condition(raw: Any, ctx: ParseContext) -> Node:
    """Parse a YAML condition into the IR, checking fields, values and options."""
    if not isinstance(raw, dict) or not raw:
        raise ConditionError(f"{ctx.where}: Bedingung muss ein Abschnitt sein, z. B. {{equals: {{feld: wert}}}}")
    parts: list[Node] = []
    for word, arg in raw.items():
        if word in ("all", "any", "none"):
            if not isinstance(arg, list) or not arg:
                raise ConditionError(f"{ctx.where}: '{word}' braucht eine nicht leere Liste")
            items = tuple(parse_condition(item, ctx) for item in arg)
            if word == "all":
                parts.append(And(items))
            elif word == "any":
                parts.append(Or(items))
            else:
                parts.append(And(tuple(negate(i, ctx.optional, ctx.where) for i in items)))
        elif word in _CMP_WORDS:
            if not isinstance(arg, dict) or not arg:
                raise ConditionError(f"{ctx.where}: '{word}' braucht {{feld: wert}}")
            for name, value in arg.items():
                spec = _field(ctx, name)
                op = _CMP_WORDS[word]
                if spec.kind in (Kind.TEXT, Kind.BOOL) and op not in ("eq", "ne"):
                    raise ConditionError(f"{ctx.where}: '{word}' geht nicht mit {name!r} ({spec.kind.value})")
                parts.append(Cmp(op, name, _expr(ctx, spec, name, value, True)))
        elif word in ("in", "not_in"):
            if not isinstance(arg, dict) or not arg:
                raise ConditionError(f"{ctx.where}: '{word}' braucht {{feld: [werte]}}")
            for field, values in arg.items():
                spec = _field(ctx, field)
                if isinstance(values, dict) and "option" in values:
                    opt = values["option"]
                    if opt not in ctx.options or ctx.options[opt][0] != "list":
                        raise ConditionError(f"{ctx.where}: Option {opt!r} ist keine Liste")
                    values = ctx.options[opt][1]
                if not isinstance(values, list) or not values:
                    raise ConditionError(f"{ctx.where}: '{word}' braucht eine nicht leere Liste")
                consts = [_literal(ctx, spec, field, v) for v in values]
                if word == "in":
                    parts.append(Or(tuple(Cmp("eq", field, c) for c in consts)))
                else:
                    parts.append(And(tuple(Cmp("ne", field, c) for c in consts)))
        elif word in ("exists", "missing"):
            for name in _fields_arg(ctx, arg, word):
                parts.append(Exists(name) if word == "exists" else Missing(name))
        elif word == "matches":
            if not isinstance(arg, dict) or not arg:
                raise ConditionError(f"{ctx.where}: 'matches' braucht {{feld: muster}}")
            for field, pattern in arg.items():
                spec = _field(ctx, field)
                if spec.kind is not Kind.TEXT or not isinstance(pattern, str):
                    raise ConditionError(f"{ctx.where}: 'matches' nur für Textfelder mit Textmuster")
                pattern_to_python(pattern)
                parts.append(Match(field, pattern))
        else:
            raise ConditionError(
                f"{ctx.where}: unbekanntes Schlüsselwort {word!r} (erlaubt: {', '.join(_KEYWORDS)})"
            )
    return parts[0] if len(parts) == 1 else And(tuple(parts))


# --- analysis ----------------------------------------------------------------------------------


def simplify(node: Node) -> Node:
    """Flatten nested and/or of the same kind and drop one-item wrappers."""
    if isinstance(node, And | Or):
        kind = type(node)
        items: list[Node] = []
        for item in (simplify(i) for i in node.items):
            if isinstance(item, kind):
                items.extend(item.items)
            else:
                items.append(item)
        if len(items) == 1:
            return items[0]
        return kind(tuple(items))
    return node


MAX_LOGIC_NODES = 14
"""durable-rules allows at most 32 entries in a pattern's expression sequence; each
and/or takes two, and the type test adds one more ``$and``: so at most 14 and/or
nodes in a condition part (measured: 15 nodes in a pattern register, 16 fail
with error 113)."""


def logic_nodes(node: Node) -> int:
    """How many and/or nodes the simplified condition has."""
    node = simplify(node)
    if isinstance(node, And | Or):
        return 1 + sum(logic_nodes(i) for i in node.items)
    return 0


def walk(node: Node):  # type: ignore[no-untyped-def]
    yield node
    if isinstance(node, And | Or):
        for item in node.items:
            yield from walk(item)


def expr_fields(expr: Expr) -> set[str]:
    if isinstance(expr, FieldRef):
        return {expr.name}
    if isinstance(expr, Arith):
        return expr_fields(expr.left) | expr_fields(expr.right)
    return set()


def required_fields(*nodes: Node | None) -> tuple[set[str], set[str]]:
    """(required, optional) fields: a field tested with exists/missing is optional."""
    compared: set[str] = set()
    referenced: set[str] = set()
    optional: set[str] = set()
    for root in nodes:
        if root is None:
            continue
        for node in walk(root):
            if isinstance(node, Cmp):
                compared.add(node.field)
                referenced |= expr_fields(node.value)
            elif isinstance(node, Match):
                compared.add(node.field)
            elif isinstance(node, Exists | Missing):
                optional.add(node.field)
    return (compared - optional) | referenced, optional


def negate(node: Node, optional: set[str], where: str) -> Node:
    """Logical negation, pushed down to the leaves (De Morgan).

    A comparison on an optional field is false when the field is missing, so
    its negation also holds when the field is missing.
    """
    if isinstance(node, And):
        return Or(tuple(negate(i, optional, where) for i in node.items))
    if isinstance(node, Or):
        return And(tuple(negate(i, optional, where) for i in node.items))
    if isinstance(node, Exists):
        return Missing(node.field)
    if isinstance(node, Missing):
        return Exists(node.field)
    if isinstance(node, Cmp):
        inverse = Cmp(INVERSE[node.op], node.field, node.value)
        return Or((inverse, Missing(node.field))) if node.field in optional else inverse
    raise ConditionError(f"{where}: 'matches' kann nicht verneint werden "
                         "(nicht in 'none' oder 'applies_when' verwenden)")
