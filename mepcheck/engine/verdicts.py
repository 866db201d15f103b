"""Read verdicts off the matched rule parts, with an integrity check.

For every rule and every fact in its scope exactly one of *undetermined*,
*not applicable*, *passed* or *failed* must have matched (for rules without an
explicit failed pattern: exactly one of undetermined, not applicable or
applicable, and *passed* only when applicable). Anything else means the engine lost or invented a match: the
verdict is *undetermined*, never a pass.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from mepcheck.engine.base import EngineResult
from mepcheck.engine.compiled import CompiledRule, CompiledRuleset
from mepcheck.findings import Status


@dataclass(frozen=True)
class Verdict:
    rule: CompiledRule
    fact_index: int
    status: Status
    reason: str = ""


def verdicts(ruleset: CompiledRuleset, facts: list[dict[str, Any]],
             result: EngineResult) -> Iterator[Verdict]:
    """One verdict per (rule, fact of its scope)."""
    for rule, index, status, reason in verdict_tuples(ruleset, facts, result):
        yield Verdict(rule, index, status, reason)


_EMPTY: frozenset[str] = frozenset()
UNCLEAR = "Regelmaschine lieferte kein eindeutiges Ergebnis"


@dataclass(frozen=True)
class RuleOutcome:
    """The verdicts of one rule for all facts of its scope, as sets of fact ids.

    A fact in ``passed``, ``not_applicable`` or ``failed`` has that verdict; one in
    ``missing`` is undetermined for missing data; any other fact of the scope is
    undetermined with ``reason`` (the engine's matches were not exactly one of the
    expected parts, or the engine failed)."""

    rule: CompiledRule
    scope: tuple[tuple[int, str], ...]
    passed: frozenset[str] | set[str]
    not_applicable: frozenset[str] | set[str]
    failed: frozenset[str] | set[str]
    missing: frozenset[str] | set[str]
    reason: str = UNCLEAR

    def status_of(self, fid: str) -> Status:
        if fid in self.passed:
            return Status.PASSED
        if fid in self.not_applicable:
            return Status.NOT_APPLICABLE
        if fid in self.failed:
            return Status.FAILED
        return Status.UNDETERMINED

    def reason_of(self, fid: str, fact: dict[str, Any]) -> str:
        if fid in self.missing:
            return "Angaben fehlen: " + ", ".join(x for x in self.rule.required if x not in fact)
        return "" if self.status_of(fid) is not Status.UNDETERMINED else self.reason


def rule_outcomes(ruleset: CompiledRuleset, facts: list[dict[str, Any]],
                  result: EngineResult) -> list[RuleOutcome]:
    """One :class:`RuleOutcome` per rule that has facts in its scope.

    The matches are grouped per rule part once, and the integrity check of the module
    docstring becomes set algebra: a fact counts for a verdict only if exactly the
    expected parts matched."""
    by_type: dict[str, list[tuple[int, str]]] = {}
    for index, fact in enumerate(facts):
        by_type.setdefault(fact["t"], []).append((index, fact["id"]))
    scopes = {t: tuple(v) for t, v in by_type.items()}
    out = []
    if result.error:
        reason = f"Regelmaschine fehlgeschlagen: {result.error}"
        for rule in ruleset.rules:
            if rule.scope in scopes:
                out.append(RuleOutcome(rule, scopes[rule.scope], _EMPTY, _EMPTY, _EMPTY, _EMPTY,
                                       reason))
        return out
    parts: dict[tuple[str, str], set[str]] = {}
    for code, kind, fid in result.matches:
        parts.setdefault((code, kind), set()).add(fid)
    for rule in ruleset.rules:
        scope = scopes.get(rule.scope)
        if not scope:
            continue
        code = rule.code
        u, n, a, p, f = (parts.get((code, k), _EMPTY) for k in ("u", "n", "a", "p", "f"))
        if "f" in rule.parts:
            out.append(RuleOutcome(rule, scope, passed=p - u - n - f - a,
                                   not_applicable=n - u - p - f - a, failed=f - u - n - p - a,
                                   missing=u - n - p - f))
        else:
            out.append(RuleOutcome(rule, scope, passed=(a & p) - u - n,
                                   not_applicable=n - u - a - p, failed=a - p - u - n,
                                   missing=u - n - a - p))
    return out


def verdict_tuples(ruleset: CompiledRuleset, facts: list[dict[str, Any]],
                   result: EngineResult) -> Iterator[tuple[CompiledRule, int, Status, str]]:
    """:func:`verdicts` as plain tuples ``(rule, fact index, status, reason)``."""
    for outcome in rule_outcomes(ruleset, facts, result):
        for index, fid in outcome.scope:
            yield (outcome.rule, index, outcome.status_of(fid),
                   outcome.reason_of(fid, facts[index]))
