"""The typed plan model of a Medienentwicklungsplan."""

from mepcheck.model.plan import Plan

__all__ = ["Plan"]
