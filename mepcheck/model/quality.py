"""Participation, goals, retrospective, training, monitoring and milestones."""

from __future__ import annotations

import datetime as dt

from mepcheck.model.base import PlanModel, de
from mepcheck.model.enums import GoalStatus, ParticipantGroup, SchoolForm
from mepcheck.types import Count, Identifier, IndicatorValue, Months, Name, Year


class Participation(PlanModel):
    group: ParticipantGroup = de("gruppe")
    form: str = de("form", description="workshop, umfrage, interview, gremium …")
    date: dt.date | None = de("datum", None)
    participants: Count | None = de("anzahl", None)


class EquipmentStandard(PlanModel):
    school_form: SchoolForm = de("schulform")
    description: str = de("beschreibung")


class Goals(PlanModel):
    """Bedarfserhebung und Ziele (chapter 6)."""

    summary: str | None = de("zusammenfassung", None)
    standards: list[EquipmentStandard] = de("ausstattungsstandards", default_factory=list)
    priorities: list[str] = de("prioritaeten", default_factory=list)


class PreviousGoal(PlanModel):
    goal: str = de("ziel")
    status: GoalStatus = de("status")
    comment: str | None = de("kommentar", None)


class Retrospective(PlanModel):
    """Rückblick of a Fortschreibung (chapter 3)."""

    previous_period: str = de("vorheriger_zeitraum")
    goals: list[PreviousGoal] = de("ziele", default_factory=list)
    hurdles: list[str] = de("huerden", default_factory=list)
    summary: str | None = de("zusammenfassung", None)


class CarrierTraining(PlanModel):
    topic: str = de("thema")
    audience: str = de("zielgruppe", description="lehrkraefte, it_personal, medienbeauftragte …")
    period: str | None = de("zeitraum", None)
    provider: str | None = de("anbieter", None)


class Indicator(PlanModel):
    name: Name = de("name")
    unit: str | None = de("einheit", None)
    baseline: IndicatorValue = de("ausgangswert")
    target: IndicatorValue = de("zielwert")
    year: Year = de("zieljahr")
    source: str | None = de("quelle", None)


class Monitoring(PlanModel):
    indicators: list[Indicator] = de("indikatoren", default_factory=list)
    review_months: Months | None = de("pruefzyklus_monate", None)
    next_update: Year | None = de("naechste_fortschreibung", None)
    owner: str | None = de("verantwortlich", None)


class Milestone(PlanModel):
    title: Name = de("bezeichnung")
    date: dt.date = de("datum")
    owner: str | None = de("verantwortlich", None)
    measures: list[Identifier] = de("massnahmen", default_factory=list)
