"""Build and check the facts of a plan."""

from __future__ import annotations

from mepcheck.derived import Figures, compute_figures
from mepcheck.facts.base import REGISTRY, Fact, FactContext, run_builders
from mepcheck.model import Plan

MAX_FIELDS = 240
"""durable-rules crashes on facts with 255 or more properties; stay well below."""


def build_facts(plan: Plan, figures: Figures | None = None) -> list[Fact]:
    """Every fact of ``plan`` in a deterministic order; checks the declared schema."""
    ctx = FactContext(plan, figures or compute_figures(plan))
    facts = run_builders(ctx)
    for fact in facts:
        spec = REGISTRY[fact.type]
        unknown = set(fact.values) - set(spec.fields)
        if unknown:
            raise AssertionError(f"fact {fact.type} has undeclared fields {sorted(unknown)}")
        if len(fact.values) > MAX_FIELDS:
            raise AssertionError(f"fact {fact.type} has {len(fact.values)} fields (> {MAX_FIELDS})")
    return facts
