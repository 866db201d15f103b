"""The whole Medienentwicklungsplan, covering every chapter of the chapter model."""

from __future__ import annotations

from functools import cached_property

from mepcheck.model.base import PlanModel, de
from mepcheck.model.carrier import Carrier, Framework, PlanMeta
from mepcheck.model.finance import BudgetYear, CostCategory, Licence
from mepcheck.model.grants import GrantReport
from mepcheck.model.measure import Measure
from mepcheck.model.operations import Byod, Network, Operations, TeacherDevices
from mepcheck.model.quality import (
    CarrierTraining,
    Goals,
    Milestone,
    Monitoring,
    Participation,
    Retrospective,
)
from mepcheck.model.school import School
from mepcheck.model.service import Service
from mepcheck.model.sustainability import Sustainability
from mepcheck.model.waivers import Waiver

MAX_SCHOOLS = 2_000
"""More schools than any Schulträger has (Berlin: about 800); the largest plan accepted must
still be assembled into a Word document within a few GB of memory (a 400-school plan needs
well under 1 GB)."""
MAX_MEASURES = 20_000
MAX_ITEMS = 5_000
"""Limit of the other plan-level lists (services, budget years, licences …)."""


class Plan(PlanModel):
    """A Medienentwicklungsplan. Keys in plan files are German (see ``mepcheck schema``)."""

    carrier: Carrier = de("traeger", description="Kap. 1: Schulträger")
    meta: PlanMeta = de("plan", description="Kap. 1: Auftrag, Zeitraum, Beschluss")
    framework: Framework | None = de("rahmenbedingungen", None, description="Kap. 2")
    retrospective: Retrospective | None = de("rueckblick", None, description="Kap. 3")
    schools: list[School] = de("schulen", min_length=1, max_length=MAX_SCHOOLS, description="Kap. 4 und 5")
    participation: list[Participation] = de("beteiligung", default_factory=list, max_length=MAX_ITEMS,
                                             description="Kap. 6")
    goals: Goals | None = de("ziele", None, description="Kap. 6")
    measures: list[Measure] = de("massnahmen", default_factory=list, max_length=MAX_MEASURES, description="Kap. 7")
    operations: Operations | None = de("betrieb", None, description="Kap. 8")
    network: Network | None = de("netz", None, description="Kap. 8/10")
    teacher_devices: TeacherDevices | None = de("lehrkraftgeraete", None)
    byod: Byod | None = de("byod", None)
    training: list[CarrierTraining] = de("qualifizierung", default_factory=list, max_length=MAX_ITEMS,
                                         description="Kap. 9")
    services: list[Service] = de("dienste", default_factory=list, max_length=MAX_ITEMS, description="Kap. 10")
    sustainability: Sustainability | None = de("nachhaltigkeit", None, description="Kap. 11")
    budget: list[BudgetYear] = de("haushalt", default_factory=list, max_length=MAX_ITEMS, description="Kap. 12")
    cost_categories: list[CostCategory] = de("folgekosten", default_factory=list, max_length=MAX_ITEMS,
                                             description="Kap. 12")
    licences: list[Licence] = de("lizenzen", default_factory=list, max_length=MAX_ITEMS, description="Kap. 12")
    milestones: list[Milestone] = de("meilensteine", default_factory=list, max_length=MAX_ITEMS, description="Kap. 13")
    monitoring: Monitoring | None = de("monitoring", None, description="Kap. 14")
    grant_reports: list[GrantReport] = de("verwendungsnachweise", default_factory=list)
    waivers: list[Waiver] = de("ausnahmen", default_factory=list, max_length=MAX_ITEMS)

    @cached_property
    def _schools_by_id(self) -> dict[str, School]:
        return {s.id: s for s in self.schools}

    @cached_property
    def _measures_by_id(self) -> dict[str, Measure]:
        return {m.id: m for m in self.measures}

    def school_by_id(self, school_id: str) -> School | None:
        return self._schools_by_id.get(school_id)

    def measure_by_id(self, measure_id: str) -> Measure | None:
        return self._measures_by_id.get(measure_id)
