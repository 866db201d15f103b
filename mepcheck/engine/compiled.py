"""Compile rule specs (with a resolved profile) into engine-neutral rule parts.

Each rule becomes up to four single-fact patterns over its scope fact type:

* ``u`` undetermined: a field the rule needs is missing;
* ``n`` not applicable: the data is there but ``applies_when`` does not hold;
* ``a`` applicable: the data is there and ``applies_when`` holds;
* ``p`` passed: applicable and the condition holds (for rules with ``related``,
  additionally a related fact must reference the scope fact);
* ``f`` failed: applicable and the condition does not hold (the negation pushed
  down to the leaves).

For rules whose condition cannot be negated in durable-rules (``matches``, or a
required related fact), ``f`` is replaced by ``a`` (applicable), and *failed* is
read off "applicable but not passed". The verdict of a fact is read off which
of these patterns the engine matched.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Any

from mepcheck.facts import REGISTRY
from mepcheck.rules.conditions import (
    MAX_LOGIC_NODES,
    And,
    Cmp,
    ConditionError,
    Exists,
    Match,
    Missing,
    Node,
    Or,
    ParseContext,
    expr_fields,
    logic_nodes,
    negate,
    parse_condition,
    required_fields,
    scan_optional,
    simplify,
    walk,
)
from mepcheck.rules.loader import LoadedRule, option_context
from mepcheck.rules.profiles import ResolvedProfile
from mepcheck.rules.spec import Related, RuleSpec
from mepcheck.types import Severity

TRUE = And(())
KINDS = ("u", "n", "a", "p", "f")


@dataclass(frozen=True)
class CompiledRule:
    code: str
    spec: RuleSpec
    severity: Severity
    options: dict[str, Any]
    scope: str
    required: tuple[str, ...]
    parts: dict[str, Node]
    related: Related | None
    severity_note: str | None = None
    """Why the severity was lowered for the plan's Land (see mepcheck.rules.severity)."""
    land: str | None = None
    """The Land the rule was compiled for (its Land-specific sources are shown only there)."""


@dataclass(frozen=True)
class CompiledRuleset:
    name: str
    rules: tuple[CompiledRule, ...]
    profile: ResolvedProfile

    def by_code(self) -> dict[str, CompiledRule]:
        return {r.code: r for r in self.rules}

    def fields_by_type(self) -> dict[str, frozenset[str]]:
        """Fact fields any rule of this ruleset reads, per fact type (plus related keys
        under ``"*"``): what an engine needs to see of each fact."""
        used: dict[str, set[str]] = {"*": set()}
        for rule in self.rules:
            names = used.setdefault(rule.scope, set())
            for node in rule.parts.values():
                for leaf in walk(node):
                    if isinstance(leaf, Cmp):
                        names.add(leaf.field)
                        names |= expr_fields(leaf.value)
                    elif isinstance(leaf, Exists | Missing | Match):
                        names.add(leaf.field)
            if rule.related is not None:
                used["*"].add(rule.related.key)
        return {k: frozenset(v) for k, v in used.items()}


def _and(*items: Node) -> Node:
    flat: list[Node] = []
    for item in items:
        if isinstance(item, And):
            flat.extend(item.items)
        else:
            flat.append(item)
    return flat[0] if len(flat) == 1 else And(tuple(flat))


def compile_rule(rule: LoadedRule, options: dict[str, Any], severity: Severity,
                 severity_note: str | None = None, land: str | None = None) -> CompiledRule:
    spec = rule.spec
    fact = REGISTRY[spec.scope]
    ctx = ParseContext(fact, option_context(spec, options), f"{rule.path} {spec.code}",
                       scan_optional(spec.applies_when, spec.condition))
    condition = parse_condition(spec.condition, ctx)
    applies = parse_condition(spec.applies_when, ctx) if spec.applies_when is not None else None
    required, optional = required_fields(applies, condition)
    # Fields that decide applicability are needed for every fact; the condition's own
    # fields only where the rule applies (a rule for tablets needs no price of cabling).
    required_a = required_fields(applies)[0] - optional if applies is not None else set()
    required_c = required - required_a
    present_a = tuple(Exists(f) for f in sorted(required_a))
    present = tuple(Exists(f) for f in sorted(required))
    parts: dict[str, Node] = {}
    undetermined: list[Node] = [Missing(f) for f in sorted(required_a)]
    if required_c:
        undetermined.append(_and(*present_a, *((applies,) if applies is not None else ()),
                                 Or(tuple(Missing(f) for f in sorted(required_c)))))
    if undetermined:
        parts["u"] = Or(tuple(undetermined)) if len(undetermined) > 1 else undetermined[0]
    applicable = _and(*present, applies) if applies is not None else (
        _and(*present) if present else TRUE)
    if applies is not None:
        parts["n"] = _and(*present_a, negate(applies, optional, ctx.where)) if present_a else \
            negate(applies, optional, ctx.where)
    parts["p"] = _and(applicable, condition)
    try:
        # an explicit "failed" pattern, so that every verdict rests on exactly one match
        if spec.related is not None:
            raise ConditionError("a missing related fact cannot be matched")
        parts["f"] = _and(applicable, negate(condition, optional, ctx.where))
        if logic_nodes(parts["f"]) > MAX_LOGIC_NODES:
            del parts["f"]
            raise ConditionError("negated condition too complex")
    except ConditionError:
        # `matches` cannot be negated in durable-rules, nor "no related fact": failed is
        # then read off "applicable but not passed"
        parts["a"] = applicable
    parts = {kind: simplify(node) for kind, node in parts.items()}
    for node in parts.values():
        if logic_nodes(node) > MAX_LOGIC_NODES:
            raise ConditionError(
                f"{ctx.where}: Bedingung zu verschachtelt ({logic_nodes(node)} und/oder-Ebenen, "
                f"höchstens {MAX_LOGIC_NODES}); bitte in zwei Regeln teilen")
    return CompiledRule(
        code=spec.code, spec=spec, severity=severity, options=dict(option_context(spec, options)),
        scope=spec.scope, required=tuple(sorted(required)), parts=parts, related=spec.related,
        severity_note=severity_note, land=land,
    )


def compile_ruleset(rules: dict[str, LoadedRule], profile: ResolvedProfile) -> CompiledRuleset:
    """Compile the profile's rules; the name is a hash of the compiled content."""
    compiled = tuple(
        compile_rule(
            rules[code],
            profile.options.get(code, {}),
            profile.severity.get(code, rules[code].spec.severity),
            profile.severity_notes.get(code),
            profile.land,
        )
        for code in profile.codes
    )
    digest = hashlib.sha1(
        json.dumps(
            [(r.code, r.scope, {k: _plain(v) for k, v in r.parts.items()},
              r.related.model_dump() if r.related else None) for r in compiled],
            sort_keys=True, default=str,
        ).encode()
    ).hexdigest()[:16]
    return CompiledRuleset(name=f"mep_{digest}", rules=compiled, profile=profile)


def _plain(node: Any) -> Any:
    return {"_": type(node).__name__, **asdict(node)}
