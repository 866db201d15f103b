"""Loading plans: every fixture validates; every broken input gets a located German error."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from mepcheck.loading import PlanLoadError, load_plan, load_plan_text
from tests.conftest import BROKEN, EXAMPLES, ROOT, plan_text


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_validates(path: Path) -> None:
    loaded = load_plan(path)
    assert loaded.plan.schools
    assert len(loaded.sha256) == 64


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.name)
def test_broken_input_gets_located_german_error(path: Path, snapshot) -> None:
    with pytest.raises(PlanLoadError) as info:
        load_plan(path)
    issues = info.value.issues
    assert issues, "a broken plan must report at least one issue"
    for issue in issues:
        assert issue.file == str(path)
        assert issue.line is not None and issue.line >= 1
    text = "\n".join(str(i).replace(str(ROOT) + "/", "") for i in issues)
    assert text == snapshot


def test_all_problems_reported_at_once(minimal_plan: dict) -> None:
    minimal_plan["schulen"][0]["schueler"] = "viele"
    minimal_plan["traeger"]["land"] = "XY"
    minimal_plan["massnahmen"] = [{
        "id": "m1", "titel": "Tablets", "schule": "gibtsnicht", "handlungsfeld": "endgeraete",
        "foerderkategorie": "mobiles_endgeraet", "anzahl": 2, "einzelpreis": 100,
        "kostenart": "investition", "foerderprogramm": "eigenmittel",
    }]
    with pytest.raises(PlanLoadError) as info:
        load_plan_text(plan_text(minimal_plan), "p.yaml")
    paths = {i.path for i in info.value.issues}
    assert ("schulen", 0, "schueler") in paths
    assert ("traeger", "land") in paths
    assert ("massnahmen", 0, "schule") in paths


def test_derived_totals_are_computed_not_typed(minimal_plan: dict) -> None:
    minimal_plan["massnahmen"] = [{
        "id": "m1", "titel": "Tablets", "handlungsfeld": "endgeraete",
        "foerderkategorie": "mobiles_endgeraet", "anzahl": 3, "einzelpreis": "333.33",
        "kostenart": "investition", "foerderprogramm": "dp20", "zuschuss": 900,
    }]
    plan = load_plan_text(plan_text(minimal_plan)).plan
    assert str(plan.measures[0].total_cost) == "999.99"
    assert str(plan.measures[0].own_share) == "99.99"
    minimal_plan["massnahmen"][0]["gesamtkosten"] = 999.99
    with pytest.raises(PlanLoadError, match="unbekanntes Feld"):
        load_plan_text(plan_text(minimal_plan))


def test_german_money_and_percent_notation(minimal_plan: dict) -> None:
    minimal_plan["betrieb"]["jahreskosten"] = "1.234.567,89 €"
    minimal_plan["schulen"][0]["abdeckung"] = {"lan": "85 %", "wlan": 0.5}
    plan = load_plan_text(plan_text(minimal_plan)).plan
    assert str(plan.operations.annual_cost) == "1234567.89"
    assert str(plan.schools[0].coverage.lan) == "0.85"


def test_alias_bomb_refused_fast() -> None:
    start = time.perf_counter()
    with pytest.raises(PlanLoadError, match="Billion Laughs"):
        load_plan(ROOT / "fixtures" / "broken" / "alias-bombe.yaml")
    assert time.perf_counter() - start < 5  # generous; the refusal itself takes ~0.1 s


def test_aliases_within_limits_are_allowed(minimal_plan: dict) -> None:
    text = plan_text(minimal_plan).replace(
        "  datenschutzbeauftragter:", "  datenschutzbeauftragter: &dsb", 1)
    assert "&dsb" in text
    assert load_plan_text(text).plan.carrier.dpo is not None


def test_json_and_yaml_give_the_same_plan(minimal_plan: dict, tmp_path: Path) -> None:
    import json

    (tmp_path / "p.json").write_text(json.dumps(minimal_plan, default=str), encoding="utf-8")
    (tmp_path / "p.yaml").write_text(plan_text(minimal_plan), encoding="utf-8")
    assert load_plan(tmp_path / "p.json").plan == load_plan(tmp_path / "p.yaml").plan


def test_oversized_file_refused(tmp_path: Path, monkeypatch) -> None:
    import mepcheck.loading.load as load_module

    monkeypatch.setattr(load_module, "MAX_BYTES", 100)
    path = tmp_path / "big.yaml"
    path.write_text(yaml.safe_dump({"x": "y" * 200}), encoding="utf-8")
    with pytest.raises(PlanLoadError, match="zu groß"):
        load_plan(path)


def test_unknown_suffix_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("a: 1", encoding="utf-8")
    with pytest.raises(PlanLoadError, match="unbekanntes Format"):
        load_plan(path)


def test_a_number_as_reference_is_checked_like_text(minimal_plan: dict) -> None:
    """The model reads ``schule: 7`` as the id "7"; the reference check must do the same
    (found by the fuzz test: a dangling numeric reference crashed the figures)."""
    minimal_plan["massnahmen"] = [{
        "id": "m1", "titel": "Tablets", "schule": 7, "handlungsfeld": "endgeraete",
        "foerderkategorie": "mobiles_endgeraet", "anzahl": 2, "einzelpreis": 100,
        "kostenart": "investition", "foerderprogramm": "eigenmittel"}]
    with pytest.raises(PlanLoadError) as info:
        load_plan_text(plan_text(minimal_plan), "p.yaml")
    (issue,) = info.value.issues
    assert issue.path == ("massnahmen", 0, "schule") and "'7' gibt es im Plan nicht" in issue.message
    minimal_plan["schulen"][0]["id"] = 7
    minimal_plan["massnahmen"][0]["schule"] = 7
    assert load_plan_text(plan_text(minimal_plan)).plan.measures[0].school == "7"
