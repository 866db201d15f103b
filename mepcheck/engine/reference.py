"""The reference evaluator: the same compiled conditions in plain Python.

It mirrors durable-rules' semantics (a comparison on a missing field is false)
and is the oracle of the differential test. It is never a silent fallback.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from typing import Any

from mepcheck.engine.base import EngineResult, Match
from mepcheck.engine.compiled import CompiledRuleset
from mepcheck.rules.conditions import (
    And,
    Cmp,
    Const,
    Exists,
    Expr,
    FieldRef,
    Missing,
    Node,
    Or,
    pattern_to_python,
)
from mepcheck.rules.conditions import (
    Match as MatchNode,
)

_MISSING = object()


@lru_cache(maxsize=512)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern_to_python(pattern))


def _value(expr: Expr, fact: dict[str, Any]) -> Any:
    if isinstance(expr, Const):
        return expr.value
    if isinstance(expr, FieldRef):
        return fact.get(expr.name, _MISSING)
    left, right = _value(expr.left, fact), _value(expr.right, fact)
    if left is _MISSING or right is _MISSING:
        return _MISSING
    if expr.op == "add":
        return left + right
    if expr.op == "sub":
        return left - right
    if expr.op == "mul":
        return left * right
    return left / right if right else _MISSING


def holds(node: Node, fact: dict[str, Any]) -> bool:
    """Whether ``node`` holds for the encoded ``fact``."""
    if isinstance(node, And):
        return all(holds(i, fact) for i in node.items)
    if isinstance(node, Or):
        return any(holds(i, fact) for i in node.items)
    if isinstance(node, Exists):
        return node.field in fact
    if isinstance(node, Missing):
        return node.field not in fact
    if isinstance(node, MatchNode):
        value = fact.get(node.field)
        return isinstance(value, str) and _regex(node.pattern).fullmatch(value) is not None
    assert isinstance(node, Cmp)
    left = fact.get(node.field, _MISSING)
    right = _value(node.value, fact)
    if left is _MISSING or right is _MISSING:
        return False
    op = node.op
    if op == "eq":
        return left == right
    if op == "ne":
        return left != right
    if op == "lt":
        return left < right
    if op == "le":
        return left <= right
    if op == "gt":
        return left > right
    return left >= right


class ReferenceEngine:
    """Plain-Python evaluation of compiled rules, facts bucketed by type."""

    name = "reference"

    def evaluate(self, ruleset: CompiledRuleset, facts: list[dict[str, Any]]) -> EngineResult:
        by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for fact in facts:
            by_type[fact["t"]].append(fact)
        matches: set[Match] = set()
        for rule in ruleset.rules:
            related_refs: set[Any] | None = None
            if rule.related is not None:
                key = rule.related.key
                related_refs = {f[key] for f in facts if key in f}
            for fact in by_type.get(rule.scope, ()):
                for kind, node in rule.parts.items():
                    if not holds(node, fact):
                        continue
                    if kind == "p" and related_refs is not None and fact["pfad"] not in related_refs:
                        continue
                    matches.add((rule.code, kind, fact["id"]))
        return EngineResult(frozenset(matches))
