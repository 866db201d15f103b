"""The cost-of-ownership projection, against hand-computed figures on a tiny plan."""

from __future__ import annotations

from decimal import Decimal

import pytest

from mepcheck.derived import ASSUMPTIONS, compute_projection
from mepcheck.loading.load import load_plan_text
from tests.conftest import plan_text

D = Decimal


def _plan(data: dict):
    return load_plan_text(plan_text(data)).plan


@pytest.fixture
def tiny(minimal_plan: dict) -> dict:
    """minimal.yaml (40 displays from 2022, support 80,000 €/year, budget row 2026) plus
    10 notebooks bought in 2026 from DigitalPakt 2.0, two cost categories and one licence."""
    data = minimal_plan
    data["massnahmen"] = [{
        "id": "m-nb", "titel": "Notebooks", "schule": "s1", "handlungsfeld": "endgeraete",
        "foerderkategorie": "mobiles_endgeraet", "geraetetyp": "notebook", "anzahl": 10,
        "einzelpreis": 600, "kostenart": "investition", "foerderprogramm": "dp20",
        "zuschuss": 5400, "jahr": 2026,
    }]
    data["folgekosten"] = [
        {"geraetetyp": "notebook", "ersatzzyklus_jahre": 5, "laufende_kosten_je_einheit": 50,
         "jahresverbrauch_kwh": 20},
        {"geraetetyp": "interaktives_display", "ersatzzyklus_jahre": 8, "einzelpreis": 4000,
         "laufende_kosten_je_einheit": 100},
    ]
    data["lizenzen"] = [{"produkt": "MDM", "einheit": "geraet", "einzelpreis": 10, "anzahl": 10,
                         "ab_jahr": 2026, "bis_jahr": 2030}]
    data["betrieb"]["strompreis_kwh"] = 0.25
    return data


def test_years_cover_plan_and_five_years_after_funding(tiny: dict) -> None:
    proj = compute_projection(_plan(tiny))
    assert proj.funding_end_year == 2030  # DigitalPakt 2.0
    assert [y.year for y in proj.years] == list(range(2026, 2036))
    assert [y.after_funding for y in proj.years] == [False] * 5 + [True] * 5
    assert proj.programmes == ("dp20",)


def test_first_year_hand_computed(tiny: dict) -> None:
    y = compute_projection(_plan(tiny)).year(2026)
    assert y is not None
    assert y.investment == D("6000.00")
    # displays bought 2022: 40 × 4000 ÷ 8; the notebooks bought this year start next year
    assert y.replacement == D("20000.00")
    assert y.running == D("4500.00")  # 40 × 100 + 10 × 50
    assert y.energy == D("50.00")  # 10 × 20 kWh × 0.25 €
    assert y.support == D("80000.00")  # betrieb.jahreskosten
    assert y.licences == D("100.00")
    assert y.total == D("110650.00")
    assert y.budgeted == D("90000.00")  # laufende_kosten 10,000 + support 80,000
    assert y.own_funds == D("90000.00")
    assert y.grants == {}
    assert y.gap == D("20650.00")
    assert y.budgeted_replacement == D("0.00")
    assert y.replacement_gap == D("20000.00")
    assert y.units == {"interaktives_display": 40, "notebook": 10}


def test_later_years_without_budget_are_unfunded(tiny: dict) -> None:
    proj = compute_projection(_plan(tiny))
    y2027 = proj.year(2027)
    assert y2027 is not None
    assert y2027.replacement == D("21200.00")  # 20,000 + 10 × 600 ÷ 5
    assert y2027.replacement_by_type == {"interaktives_display": D("20000.00"), "notebook": D("1200.00")}
    assert y2027.total == D("105850.00")
    assert y2027.budgeted == D("0.00") and y2027.gap == D("105850.00")
    # the licence runs until the plan end and is assumed to continue afterwards
    y2035 = proj.year(2035)
    assert y2035 is not None and y2035.licences == D("100.00") and y2035.after_funding
    assert proj.total_gap == D("20650.00") + 9 * D("105850.00")


def test_budget_row_covers_costs(tiny: dict) -> None:
    tiny["haushalt"] = [{"jahr": 2027, "ersatzbeschaffung": 21200, "laufende_kosten": 4550,
                         "support": 80000, "lizenzen": 100, "eigenmittel": 100000,
                         "zuschuesse": [{"programm": "land", "betrag": 5850}]}]
    y = compute_projection(_plan(tiny)).year(2027)
    assert y is not None
    assert y.budgeted == D("105850.00") and y.gap == D("0.00")
    assert y.grants == {"land": D("5850.00")}
    assert y.funded == D("105850.00")
    assert y.budgeted_recurring == D("84650.00") and y.recurring == D("84650.00")


def test_overrides_and_price_increase(tiny: dict) -> None:
    proj = compute_projection(_plan(tiny), price_increase=D("0.1"), energy_price=D("0.50"))
    y = proj.year(2027)
    assert y is not None
    assert y.running == D("4950.00")
    assert y.support == D("88000.00")
    assert y.licences == D("110.00")
    assert y.energy == D("110.00")  # 10 × 20 × 0.50 × 1.1
    assert y.replacement == D("23320.00")
    assert proj.assumptions["energy_price"]["value"] == D("0.50")
    assert proj.assumptions["energy_price"]["status"] == "plan"
    with pytest.raises(TypeError):
        compute_projection(_plan(tiny), nonsense=1)


def test_benchmarks_used_when_plan_has_no_price_or_cycle(tiny: dict) -> None:
    tiny["folgekosten"] = []
    proj = compute_projection(_plan(tiny))
    y = proj.year(2026)
    assert y is not None
    # default display price 5000 € and cycle 7 years
    assert y.replacement == (D(40) * D("5000.00") / 7).quantize(D("0.01"))
    assert proj.defaults_used["unit_prices"] == ("interaktives_display",)
    assert "interaktives_display" in proj.defaults_used["replacement_cycles"]
    assert y.running == D("0.00") and y.energy == D("0.00")


def test_funding_end_and_horizon(tiny: dict) -> None:
    tiny["massnahmen"][0]["foerderprogramm"] = "dp2019"
    proj = compute_projection(_plan(tiny))
    assert proj.funding_end_year == 2024
    # five years after 2024 end before the plan end: the plan end wins
    assert proj.years[-1].year == 2030 and all(y.after_funding for y in proj.years)
    tiny["massnahmen"][0]["foerderprogramm"] = "eigenmittel"
    tiny["massnahmen"][0]["zuschuss"] = 0
    proj = compute_projection(_plan(tiny))
    assert proj.funding_end_year == 2025 and proj.years[-1].year == 2030


def test_support_from_staff_when_no_annual_cost(tiny: dict) -> None:
    del tiny["betrieb"]["jahreskosten"]
    tiny["betrieb"]["vertraege"] = [{"dienstleister": "Systemhaus", "jahreskosten": 12000}]
    y = compute_projection(_plan(tiny)).year(2026)
    assert y is not None
    assert y.support == D("86000.00")  # 1.0 FTE × 74,000 € + contract 12,000 €


def test_assumptions_documented() -> None:
    for name, a in ASSUMPTIONS.items():
        assert a.source and a.status in {"verified", "secondary", "unverified"}, name


def test_retired_inventory_leaves_stock_only_when_a_measure_replaces_it(tiny: dict) -> None:
    tiny["schulen"][0]["bestand"].append(
        {"kategorie": "mobiles_endgeraet", "geraetetyp": "notebook", "anzahl": 30,
         "anschaffungsjahr": 2021, "geplante_aussonderung": "2027-07-31"})
    tiny["massnahmen"][0]["jahr"] = 2029
    proj = compute_projection(_plan(tiny))
    # no measure replaces the 30 old notebooks in 2026/2027: they are renewed from the
    # replacement budget and stay in the stock
    assert proj.year(2028).units["notebook"] == 30  # type: ignore[union-attr]
    assert proj.year(2029).units["notebook"] == 40  # type: ignore[union-attr]
    tiny["massnahmen"][0]["jahr"] = 2027
    proj = compute_projection(_plan(tiny))
    assert proj.year(2026).units["notebook"] == 30  # type: ignore[union-attr]
    assert proj.year(2027).units["notebook"] == 10  # type: ignore[union-attr]


def test_support_follows_stated_capacity(tiny: dict) -> None:
    tiny["betrieb"]["kapazitaet_je_jahr"] = [{"jahr": 2026, "vzae": 1.0}, {"jahr": 2028, "vzae": 1.5}]
    proj = compute_projection(_plan(tiny))
    assert proj.year(2027).support == D("80000.00")  # type: ignore[union-attr]
    assert proj.year(2028).support == D("120000.00")  # type: ignore[union-attr]
    assert proj.year(2035).support == D("120000.00")  # type: ignore[union-attr]
