"""Text a document can hold; plan size limits; German syntax messages; "Meinten Sie …?"."""

from __future__ import annotations

import json
import time

import pytest

from mepcheck.loading import PlanLoadError, load_plan_text
from mepcheck.model.plan import MAX_SCHOOLS
from mepcheck.types import MAX_NAME, MAX_TEXT
from tests.conftest import plan_text


def _issues(text: str, source: str = "p.yaml") -> list[str]:
    with pytest.raises(PlanLoadError) as info:
        load_plan_text(text, source)
    return [str(i) for i in info.value.issues]


def test_json_surrogate_pair_escape_is_an_emoji(minimal_plan: dict) -> None:
    minimal_plan["schulen"][0]["name"] = "Schule \U0001F3EB"
    text = json.dumps(minimal_plan, default=str, ensure_ascii=True)
    assert "\\ud83c\\udfeb" in text
    assert load_plan_text(text, "p.json").plan.schools[0].name == "Schule \U0001F3EB"
    # an escaped backslash before 'u' is text, not an escape
    minimal_plan["schulen"][0]["name"] = "C:\\ud83c\\udfeb"
    text = json.dumps(minimal_plan, default=str)
    assert load_plan_text(text, "p.json").plan.schools[0].name == "C:\\ud83c\\udfeb"


def test_lone_surrogate_escape_is_a_located_german_error(minimal_plan: dict) -> None:
    minimal_plan["schulen"][0]["name"] = "XX"
    text = json.dumps(minimal_plan, default=str).replace('"XX"', '"\\ud83c"')
    (issue,) = _issues(text, "p.json")
    assert "p.json:" in issue and ("Surrogat" in issue or "Steuerzeichen" in issue)


@pytest.mark.parametrize("char", ["\x0b", "\x00", "\x1f", "\ufffe"])
@pytest.mark.parametrize("source", ["p.yaml", "p.json"])
def test_control_characters_are_refused_with_location(minimal_plan: dict, char: str,
                                                      source: str) -> None:
    minimal_plan["schulen"][0]["name"] = f"Grund{char}schule"
    text = (json.dumps(minimal_plan, default=str) if source == "p.json"
            else plan_text(minimal_plan))
    (issue,) = _issues(text, source)
    assert "schulen[0].name" in issue and f"U+{ord(char):04X}" in issue


def test_tabs_and_newlines_in_texts_are_fine(minimal_plan: dict) -> None:
    minimal_plan["plan"]["vorgehen"] = "Zeile 1\n\tZeile 2\r\n"
    assert load_plan_text(plan_text(minimal_plan)).plan.meta.approach


def test_names_and_texts_have_length_limits(minimal_plan: dict) -> None:
    minimal_plan["schulen"][0]["name"] = "S" * (MAX_NAME + 1)
    minimal_plan["plan"]["vorgehen"] = "v" * (MAX_TEXT + 1)
    issues = _issues(plan_text(minimal_plan))
    assert any("schulen[0].name" in i and f"höchstens {MAX_NAME}" in i for i in issues)
    assert any("plan.vorgehen" in i and f"höchstens {MAX_TEXT}" in i for i in issues)


def test_too_many_schools_are_refused_quickly(minimal_plan: dict) -> None:
    school = minimal_plan["schulen"][0]
    minimal_plan["schulen"] = [{**school, "id": f"s{i}"} for i in range(MAX_SCHOOLS + 1)]
    start = time.perf_counter()
    issues = _issues(json.dumps(minimal_plan, default=str), "p.json")
    assert any("schulen" in i and f"höchstens {MAX_SCHOOLS}" in i for i in issues), issues[:3]
    assert time.perf_counter() - start < 60  # generous: only guards against a hang


@pytest.mark.parametrize(("text", "expected", "line"), [
    ("traeger:\n\tname: x\n", "Tabulatorzeichen", 2),
    ("traeger:\n  name: \"Lindenau\n  land: HE\n", "Anführungszeichen", 2),
    ("traeger:\n  name: Stadt: Lindenau\n", "Doppelpunkt", 2),
    ("traeger:\n  name: x\n   land: HE\n", "Doppelpunkt", 3),
    ("schulen: [a, b\n", "Liste", 2),
    ("traeger:\n  name: @home\n", "'@'", 2),
])
def test_yaml_syntax_errors_are_german_and_located(text: str, expected: str, line: int) -> None:
    (issue,) = _issues(text)
    assert issue.startswith(f"p.yaml:{line}:") and "YAML-Syntaxfehler" in issue
    assert expected in issue


def test_json_syntax_errors_are_german() -> None:
    (issue,) = _issues('{"traeger": {"name": "x",}}', "p.json")
    assert "p.json:1:" in issue and "Schlüssel in doppelten Anführungszeichen" in issue


@pytest.mark.parametrize(("where", "value", "guess"), [
    (("traeger", "land"), "Hessen", "HE"),
    (("traeger", "land"), "nordrhein-westfalen", "NW"),
    (("schulen", 0, "schulform"), "Grundschule", "grundschule"),
    (("schulen", 0, "schulform"), "Förderschule", "foerderschule"),
    (("schulen", 0, "schulform"), "Gymnasuim", "gymnasium"),
])
def test_did_you_mean_for_values(minimal_plan: dict, where: tuple, value: str, guess: str) -> None:
    target = minimal_plan
    for part in where[:-1]:
        target = target[part]
    target[where[-1]] = value
    (issue,) = _issues(plan_text(minimal_plan))
    assert f"meinten Sie '{guess}'?" in issue


def test_did_you_mean_for_german_labels(minimal_plan: dict) -> None:
    minimal_plan["massnahmen"] = [{
        "id": "m1", "titel": "Tablets", "handlungsfeld": "Endgeräte",
        "foerderkategorie": "mobiles_endgeraet", "anzahl": 1, "einzelpreis": 100,
        "kostenart": "investition", "foerderprogramm": "DigitalPakt 2019"}]
    issues = _issues(plan_text(minimal_plan))
    assert any("meinten Sie 'endgeraete'?" in i for i in issues)
    assert any("meinten Sie 'dp2019'?" in i for i in issues)


@pytest.mark.parametrize(("key", "guess"), [("schüler", "schueler"), ("Name", "name"),
                                             ("unterichtsraeume", "unterrichtsraeume")])
def test_did_you_mean_for_keys(minimal_plan: dict, key: str, guess: str) -> None:
    school = minimal_plan["schulen"][0]
    school[key] = school.pop(guess)
    issues = _issues(plan_text(minimal_plan))
    assert any(f"schulen[0].{key}" in i and f"meinten Sie '{guess}'?" in i for i in issues), issues
