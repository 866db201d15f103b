"""Waivers (Ausnahmen) for rules, with a mandatory justification."""

from __future__ import annotations

import datetime as dt

from pydantic import model_validator

from mepcheck.model.base import PlanModel, de
from mepcheck.types import Identifier, RuleCode


class Waiver(PlanModel):
    """Waives one rule for the whole plan, one school, one measure or one service."""

    rule: RuleCode = de("regel")
    school: Identifier | None = de("schule", None)
    measure: Identifier | None = de("massnahme", None)
    service: Identifier | None = de("dienst", None)
    justification: str = de("begruendung", min_length=10)
    approved_by: str = de("genehmigt_von", min_length=2)
    until: dt.date = de("gueltig_bis")

    @model_validator(mode="after")
    def _one_target(self) -> Waiver:
        targets = [t for t in (self.school, self.measure, self.service) if t is not None]
        if len(targets) > 1:
            raise ValueError("eine Ausnahme gilt für den ganzen Plan oder für genau ein Objekt")
        return self

    @property
    def target(self) -> tuple[str, str] | None:
        """``("schulen", id)`` etc., or ``None`` for the whole plan."""
        if self.school:
            return ("schulen", self.school)
        if self.measure:
            return ("massnahmen", self.measure)
        if self.service:
            return ("dienste", self.service)
        return None
