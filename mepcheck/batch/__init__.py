"""Checking many plans: inputs, persistent crash-isolated workers, streamed reports,
progress and tally, the overview for the desk (see ``docs/stapelpruefung.md``)."""

from mepcheck.batch.run import PlanOutcome, check_many, check_one

__all__ = ["PlanOutcome", "check_many", "check_one"]
