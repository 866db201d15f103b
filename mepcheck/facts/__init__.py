"""Facts derived from a plan for the rule engines.

Importing this package registers the core fact types and every family's
additions (each family module enriches the core facts with its own fields).
"""

from mepcheck.facts import (
    core,  # noqa: F401  (registers the core facts)
    families,  # noqa: F401  (registers family additions)
)
from mepcheck.facts.base import REGISTRY, Fact, FactContext, Kind, encode, run_builders
from mepcheck.facts.build import build_facts

__all__ = ["REGISTRY", "Fact", "FactContext", "Kind", "build_facts", "encode", "run_builders"]
