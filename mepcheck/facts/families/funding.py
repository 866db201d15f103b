"""Fact fields used by the funding rules (DigitalPakt 2019, Zusatzvereinbarungen, DP 2.0, Länder)."""

from __future__ import annotations

from typing import Any

from mepcheck.facts.base import F, Fact, FactContext, add_fields, enricher

add_fields(
    "plan",
    invest_allg_dp2019=F("money", "DP-2019-Investitionen an allgemeinbildenden Schulen und Förderschulen (G)"),
    mobil_allg_dp2019=F("money", "DP-2019-Kosten mobiler Endgeräte an allgemeinbildenden Schulen (D)"),
    mobil_max_schule_dp2019=F("money", "höchste DP-2019-Endgerätekosten einer allgemeinbildenden Schule"),
    mobil_anteil_dp2019=F("percent", "Anteil D an G"),
)


@enricher("plan")
def _cap_figures(ctx: FactContext, fact: Fact, values: dict[str, Any]) -> None:
    fig = ctx.figures
    values["invest_allg_dp2019"] = fig.general_investment_dp2019
    values["mobil_allg_dp2019"] = fig.general_mobile_dp2019
    values["mobil_max_schule_dp2019"] = fig.general_max_school_mobile_dp2019
    values["mobil_anteil_dp2019"] = fig.mobile_share_general_dp2019
