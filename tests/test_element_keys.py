"""Stable element keys: findings are named by ids, so reordering a plan changes nothing."""

from __future__ import annotations

import json

import pytest
import yaml
from click.testing import CliRunner

from mepcheck.checker import check_plan
from mepcheck.cli import cli as main
from mepcheck.keys import ElementKeys, list_keys
from mepcheck.loading import load_plan, load_plan_text
from tests.conftest import EXAMPLES, ROOT, plan_text

LINDENAU = ROOT / "fixtures" / "examples" / "gemeinde-lindenau.yaml"


def _verdicts(text: str) -> set[tuple[str, str, str, str]]:
    result = check_plan(load_plan_text(text, "plan.yaml"))
    return {(f.code, f.element, f.status.value, f.message) for f in result.findings}


def _reordered(data: dict) -> dict:
    data = json.loads(json.dumps(data, default=str))
    for key in ("schulen", "massnahmen", "dienste", "haushalt", "folgekosten", "lizenzen"):
        if isinstance(data.get(key), list):
            data[key].reverse()
    for school in data["schulen"]:
        school.get("bestand", []).reverse()
    return data


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_reordering_keeps_every_finding_and_its_key(path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    before = _verdicts(plan_text(data))
    after = _verdicts(plan_text(_reordered(data)))
    assert after == before
    # and the positional paths really did change, so the test can fail
    first = check_plan(load_plan_text(plan_text(data)))
    moved = check_plan(load_plan_text(plan_text(_reordered(data))))
    assert {(f.code, f.path) for f in first.findings} != {(f.code, f.path) for f in moved.findings}


def test_every_finding_has_a_unique_key_per_rule() -> None:
    for path in EXAMPLES:
        findings = check_plan(load_plan(path)).findings
        keys = [(f.code, f.element) for f in findings]
        assert len(keys) == len(set(keys)), path.name
        assert all(f.element for f in findings)
        # no list position leaks into a key of an item that has an id or a natural key
        assert not [f.element for f in findings if "[0]" in f.element or "[1]" in f.element]


def test_keys_name_ids_and_natural_keys() -> None:
    loaded = load_plan(LINDENAU)
    keys = ElementKeys(loaded.plan)
    assert keys.key(()) == "plan"
    assert keys.key(("schulen", 0)) == f"schulen[{loaded.plan.schools[0].id}]"
    item = loaded.plan.schools[0].inventory[0]
    when = item.commissioned.isoformat() if item.commissioned else str(item.purchase_year)
    assert keys.key(("schulen", 0, "bestand", 0)) == (
        f"schulen[{loaded.plan.schools[0].id}].bestand[{item.category.value}/{item.device_type.value}"
        f"@{when}/{item.programme.value}]")
    assert keys.key(("massnahmen", 1)) == f"massnahmen[{loaded.plan.measures[1].id}]"
    assert keys.key(("haushalt", 0)) == f"haushalt[{loaded.plan.budget[0].year}]"
    assert keys.key(("dienste", 0, "dsfa")) == f"dienste[{loaded.plan.services[0].id}].dsfa"
    assert keys.key(("projektion", 2034)) == "projektion[2034]"
    assert keys.for_fact("projektionsjahr", ("projektion", 2034), {"jahr": 2034}) == "haushalt[2034]"


def test_equal_natural_keys_are_told_apart_by_date_then_by_order() -> None:
    items = [
        {"kategorie": "mobiles_endgeraet", "geraetetyp": "tablet", "inbetriebnahme": "2021-10-01"},
        {"kategorie": "mobiles_endgeraet", "geraetetyp": "tablet", "anschaffungsjahr": 2023},
        {"kategorie": "wlan", "geraetetyp": "access_point"},
        {"kategorie": "wlan", "geraetetyp": "access_point"},
    ]
    assert list_keys("bestand", items) == [
        "mobiles_endgeraet/tablet@2021-10-01", "mobiles_endgeraet/tablet@2023",
        "wlan/access_point", "wlan/access_point~2"]


def test_a_new_inventory_batch_does_not_rename_the_old_one() -> None:
    old = [{"kategorie": "wlan", "geraetetyp": "access_point", "inbetriebnahme": "2021-08-01"}]
    new = [*old, {"kategorie": "wlan", "geraetetyp": "access_point", "anschaffungsjahr": 2025}]
    assert list_keys("bestand", new)[0] == list_keys("bestand", old)[0] == "wlan/access_point@2021-08-01"


def test_items_without_a_natural_key_get_a_content_hash() -> None:
    a, b = {"name": "Eltern", "art": "umfrage"}, {"name": "Schüler"}
    keys = list_keys("beteiligung", [a, b])
    assert keys == list(reversed(list_keys("beteiligung", [b, a])))
    assert all(len(k) == 8 for k in keys) and keys[0] != keys[1]


def test_waiver_keys_name_rule_and_target() -> None:
    assert list_keys("ausnahmen", [{"regel": "DSGVO-LANDESANGEBOT", "dienst": "mdm"},
                                   {"regel": "DP19-TPEK"}]) == [
        "DSGVO-LANDESANGEBOT/dienst:mdm", "DP19-TPEK"]


def test_json_sarif_and_junit_carry_the_key(tmp_path) -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["check", str(LINDENAU), "--format", "json"])
    data = json.loads(out.stdout)
    assert data["schema_version"] == 2
    elements = {f["element"] for f in data["findings"]}
    assert "plan" in elements and any(e.startswith("schulen[gs-am-bach]") for e in elements)
    sarif = json.loads(runner.invoke(main, ["check", str(LINDENAU), "--format", "sarif"]).stdout)
    result = sarif["runs"][0]["results"][0]
    name = result["logicalLocations"] if "logicalLocations" in result else \
        result["locations"][0]["logicalLocations"]
    assert name[0]["fullyQualifiedName"] in elements
    assert result["partialFingerprints"]["mepcheckElement/v1"].startswith(result["ruleId"] + ":")
    junit = runner.invoke(main, ["check", str(LINDENAU), "--format", "junit"]).stdout
    assert "massnahmen[m-" in junit or "schulen[gs-" in junit
