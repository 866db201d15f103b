"""German numbers are never silently misread, and every number is finite and bounded."""

from __future__ import annotations

import json

import pytest

from mepcheck.checker import build_facts, compute_figures, encode_facts
from mepcheck.engine.compiled import compile_ruleset
from mepcheck.engine.durable import DurableEngine, unrepresentable
from mepcheck.loading import PlanLoadError, load_plan_text
from mepcheck.rulebase import load_rulebase
from mepcheck.rules.profiles import resolve_profile
from tests.conftest import plan_text


def _measure(**money: object) -> dict:
    return {"id": "m1", "titel": "Tablets", "handlungsfeld": "endgeraete",
            "foerderkategorie": "mobiles_endgeraet", "kostenart": "investition",
            "foerderprogramm": "eigenmittel", **money}


def _issues(text: str, source: str = "p.yaml") -> list[str]:
    with pytest.raises(PlanLoadError) as info:
        load_plan_text(text, source)
    return [str(i) for i in info.value.issues]


def _yaml_with(minimal_plan: dict, line: str, value: str) -> str:
    """The plan as YAML with ``line`` (a key) set to the raw text ``value``."""
    text = plan_text(minimal_plan)
    marker = f"{line}: 777777"
    assert marker in text
    return text.replace(marker, f"{line}: {value}")


@pytest.mark.parametrize("raw", ["4.900", "'4.900'", "\"4.900 €\"", "\"4,900\""])
def test_ambiguous_unit_price_is_refused_with_both_readings(minimal_plan: dict, raw: str) -> None:
    minimal_plan["massnahmen"] = [_measure(anzahl=2, einzelpreis=777777)]
    issues = _issues(_yaml_with(minimal_plan, "einzelpreis", raw))
    assert len(issues) == 1
    message = issues[0]
    assert "massnahmen[0].einzelpreis" in message and "p.yaml:" in message
    assert "mehrdeutig" in message
    assert "4900 oder \"4.900,00 €\" für 4900" in message
    assert "\"4,90\"" in message


def test_ambiguous_count_is_refused_in_yaml_and_json(minimal_plan: dict) -> None:
    minimal_plan["schulen"][0]["schueler"] = 777777
    (issue,) = _issues(_yaml_with(minimal_plan, "schueler", "1.200"))
    assert "schulen[0].schueler" in issue and "mehrdeutig" in issue and "1200" in issue
    text = json.dumps(minimal_plan, default=str).replace("777777", "1.200")
    (issue,) = _issues(text, "p.json")
    assert "schulen[0].schueler" in issue and "mehrdeutig" in issue


def test_one_thousand_is_not_read_as_one(minimal_plan: dict) -> None:
    """``1.000`` would be the float 1.0 and pass as the integer 1 without the check."""
    minimal_plan["schulen"][0]["schueler"] = 777777
    (issue,) = _issues(_yaml_with(minimal_plan, "schueler", "1.000"))
    assert "mehrdeutig" in issue


@pytest.mark.parametrize(("raw", "expected"), [
    ("4900", "4900.00"), ("4900.5", "4900.50"), ("4900.50", "4900.50"), ("\"4.900,00 €\"", "4900.00"),
    ("\"4900,50\"", "4900.50"), ("\"1.234.567\"", "1234567.00"), ("\"4 900 EUR\"", "4900.00"),
    ("0.250", "0.25"), ("\"350.000,00 €\"", "350000.00"), ("4.9", "4.90"), ("\"4,90\"", "4.90"),
])
def test_accepted_money_forms(minimal_plan: dict, raw: str, expected: str) -> None:
    minimal_plan["massnahmen"] = [_measure(anzahl=1, einzelpreis=777777)]
    loaded = load_plan_text(_yaml_with(minimal_plan, "einzelpreis", raw))
    assert str(loaded.plan.measures[0].unit_cost) == expected


def test_text_fields_keep_numbers_as_written(minimal_plan: dict) -> None:
    minimal_plan["plan"]["version"] = 777777
    loaded = load_plan_text(_yaml_with(minimal_plan, "version", "1.10"))
    assert loaded.plan.meta.version == "1.10"


@pytest.mark.parametrize(("key", "raw"), [
    ("schueler", "99999999999999999999"), ("schueler", "-1"), ("schueler", ".inf"),
    ("schueler", ".nan"), ("schueler", "1.0e+29"), ("schueler", "\"1e29\""),
    ("einzelpreis", "1.0e+29"), ("einzelpreis", ".inf"), ("einzelpreis", "\"NaN\""),
    ("einzelpreis", "2000000000"), ("anzahl", "10000001"),
])
def test_out_of_range_numbers_are_located_errors(minimal_plan: dict, key: str, raw: str) -> None:
    minimal_plan["massnahmen"] = [_measure(anzahl=1, einzelpreis=100)]
    target = minimal_plan["schulen"][0] if key == "schueler" else minimal_plan["massnahmen"][0]
    target[key] = 777777
    issues = _issues(_yaml_with(minimal_plan, key, raw))
    assert any(f".{key}:" in i or f".{key} " in i for i in issues), issues
    assert all("Traceback" not in i for i in issues)


def test_total_cost_of_a_measure_is_bounded(minimal_plan: dict) -> None:
    minimal_plan["massnahmen"] = [_measure(anzahl=1_000_000, einzelpreis=999_999_999)]
    (issue,) = _issues(plan_text(minimal_plan))
    assert "massnahmen[0]" in issue and "unplausibel hoch" in issue


def test_schema_states_the_ranges() -> None:
    from mepcheck.model.schema import plan_json_schema

    school = plan_json_schema()["$defs"]["School"]["properties"]["schueler"]
    number = next(alt for alt in school["anyOf"] if alt["type"] == "integer")
    assert number["minimum"] == 0 and number["maximum"] == 20_000


def test_durable_refuses_a_value_it_cannot_compare_exactly(minimal_plan: dict) -> None:
    """The silent pass of issue 16: an int64 overflow made a failed rule pass in durable.
    A value the model would refuse is pushed past the model here to prove the adapter's guard."""
    assert unrepresentable([{"t": "schule", "x": 99999999999999999999}])
    assert unrepresentable([{"t": "schule", "x": float("inf")}])
    assert unrepresentable([{"t": "schule", "x": float("nan")}])
    assert unrepresentable([{"t": "schule", "x": 2**53}])
    assert unrepresentable([{"t": "schule", "x": 2**53 - 1, "y": 0.5, "z": True}]) is None
    base = load_rulebase()
    profile = resolve_profile("mep-basis", base.profiles, base.rules, base.land_table, "NW")
    ruleset = compile_ruleset(base.rules, profile)
    facts = encode_facts(build_facts(*_plan_and_figures(minimal_plan)))
    read = ruleset.fields_by_type()
    fact, key = next((f, k) for f in facts for k, v in f.items()
                     if k in read.get(f["t"], ()) and isinstance(v, int) and not isinstance(v, bool))
    fact[key] = 99999999999999999999
    result = DurableEngine().evaluate(ruleset, facts)
    assert result.error and "nicht exakt darstellbar" in result.error
    assert not result.matches


def _plan_and_figures(minimal_plan: dict):
    plan = load_plan_text(plan_text(minimal_plan)).plan
    return plan, compute_figures(plan)


def test_ambiguous_number_in_a_workbook_cell_is_refused(minimal_plan: dict, tmp_path) -> None:
    """Workbook cells go through the same plan types: a text cell '4.900' is refused too."""
    from mepcheck.loading import load_plan
    from tests.workbook_support import letter, save, workbook_of

    minimal_plan["massnahmen"] = [_measure(anzahl=2, einzelpreis=100, schule="s1")]
    book = workbook_of(minimal_plan)
    column = letter("massnahmen", "einzelpreis")
    book["Maßnahmen"][f"{column}3"] = "4.900"
    with pytest.raises(PlanLoadError) as info:
        load_plan(save(book, tmp_path / "plan.xlsx"))
    (issue,) = [str(i) for i in info.value.issues]
    assert f"Blatt „Maßnahmen“, Zelle {column}3 (einzelpreis)" in issue and "mehrdeutig" in issue
