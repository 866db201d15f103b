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
    by_type: dict[str, list[int]] = {}
    for index, fact in enumerate(facts):
        by_type.setdefault(fact["t"], []).append(index)
    matched = result.matches
    for rule in ruleset.rules:
        for index in by_type.get(rule.scope, ()):
            fact = facts[index]
            if result.error:
                yield Verdict(rule, index, Status.UNDETERMINED,
                              f"Regelmaschine fehlgeschlagen: {result.error}")
                continue
            fid = fact["id"]
            u, n, a, p, f = ((rule.code, k, fid) in matched for k in ("u", "n", "a", "p", "f"))
            if "f" in rule.parts:
                status = {(True, False, False, False): Status.UNDETERMINED,
                          (False, True, False, False): Status.NOT_APPLICABLE,
                          (False, False, True, False): Status.PASSED,
                          (False, False, False, True): Status.FAILED}.get((u, n, p, f))
                if status is Status.UNDETERMINED:
                    missing = [x for x in rule.required if x not in fact]
                    yield Verdict(rule, index, status, "Angaben fehlen: " + ", ".join(missing))
                elif status is not None and not a:
                    yield Verdict(rule, index, status)
                else:
                    yield Verdict(rule, index, Status.UNDETERMINED,
                                  "Regelmaschine lieferte kein eindeutiges Ergebnis")
            elif u and not (n or a or p):
                missing = [f for f in rule.required if f not in fact]
                yield Verdict(rule, index, Status.UNDETERMINED,
                              "Angaben fehlen: " + ", ".join(missing))
            elif n and not (u or a or p):
                yield Verdict(rule, index, Status.NOT_APPLICABLE)
            elif a and not (u or n):
                yield Verdict(rule, index, Status.PASSED if p else Status.FAILED)
            else:
                yield Verdict(rule, index, Status.UNDETERMINED,
                              "Regelmaschine lieferte kein eindeutiges Ergebnis")
