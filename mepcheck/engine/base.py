"""What every engine returns: the set of matched rule parts per fact."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from mepcheck.engine.compiled import CompiledRuleset

Match = tuple[str, str, str]
"""(rule code, part kind u/n/a/p, engine id of the fact)."""


class EngineError(Exception):
    """The engine failed; no verdict of this evaluation may be trusted."""


@dataclass(frozen=True)
class EngineResult:
    matches: frozenset[Match]
    error: str | None = None


class Engine(Protocol):
    name: str

    def evaluate(self, ruleset: CompiledRuleset, facts: list[dict[str, Any]]) -> EngineResult:
        """Evaluate encoded facts (each with ``t``, ``id`` and ``pfad``)."""
        ...
