"""Verwendungsnachweise of past grants (DigitalPakt 2019, Zusatzvereinbarungen)."""

from __future__ import annotations

import datetime as dt

from mepcheck.model.base import PlanModel, de
from mepcheck.model.enums import GrantReportStatus, Programme


class GrantReport(PlanModel):
    """The Verwendungsnachweis of one programme's grants."""

    programme: Programme = de("programm")
    status: GrantReportStatus = de("status")
    due: dt.date | None = de("faellig", None)
    submitted: dt.date | None = de("eingereicht_am", None)
