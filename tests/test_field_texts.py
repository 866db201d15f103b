"""Every plan field is documented in German; the field reference and the derived rule
table are current; the schema accepts what mepcheck accepts."""

from __future__ import annotations

import copy
import datetime as dt
import json

import jsonschema
import pytest
import yaml

from mepcheck.loading import load_plan_text
from mepcheck.model import MISSING_FIELD_TEXTS, Plan
from mepcheck.model.fieldtexts import RULES_PATH, field_text, plan_models
from mepcheck.model.schema import plan_json_schema
from tests.conftest import EXAMPLES, ROOT, plan_text


def test_every_field_has_a_german_title_and_description() -> None:
    """Adding a field means adding its entry to mepcheck/model/felder.yaml."""
    assert MISSING_FIELD_TEXTS == []
    problems = []
    for model in plan_models(Plan):
        for name, info in model.model_fields.items():
            where = f"{model.__name__}.{info.alias or name}"
            if not (info.title and len(info.title) >= 2):
                problems.append(f"{where}: kein Titel")
            if not (info.description and len(info.description) >= 15):
                problems.append(f"{where}: keine Beschreibung")
            if info.title and len(info.title) > 60:
                problems.append(f"{where}: Titel zu lang für eine Spaltenüberschrift")
    assert not problems, problems
    assert sum(len(m.model_fields) for m in plan_models(Plan)) >= 340


def test_no_stale_entries_in_the_text_table() -> None:
    """Every entry of felder.yaml belongs to a field that exists (renamed fields leave none)."""
    texts = yaml.safe_load((ROOT / "mepcheck" / "model" / "felder.yaml").read_text(encoding="utf-8"))
    known = {m.__name__: {i.alias or n for n, i in m.model_fields.items()} for m in plan_models(Plan)}
    stale = [f"{model}.{key}" for model, entries in texts.items() for key in entries
             if not key.startswith("_") and key not in known.get(model, set())]
    assert not stale, stale


def test_descriptions_name_chapter_range_and_rules() -> None:
    from mepcheck.model.school import School

    text = School.model_fields["pupils"].description
    assert "Kapitel 4" in text and "Wertebereich: 0 bis 20.000" in text
    assert "Geprüft von:" in text and "FOLGEK-KOSTEN-JE-SCHUELER" in text
    assert field_text("School", "schueler").title == "Schülerinnen und Schüler"


def test_field_reference_is_current() -> None:
    """docs/feldreferenz.md is `mepcheck schema --format markdown` (regenerate if not)."""
    from mepcheck.model.fielddocs import render_field_reference

    published = (ROOT / "docs" / "feldreferenz.md").read_text(encoding="utf-8")
    assert published == render_field_reference(), (
        "docs/feldreferenz.md ist veraltet: .venv/bin/mepcheck schema -f markdown "
        "-o docs/feldreferenz.md --force")


def test_rules_per_field_are_current() -> None:
    """felder_regeln.yaml is derived from the rules and facts (regenerate if not):
    .venv/bin/python -m mepcheck.model.fieldrules --write"""
    from mepcheck.model.fieldrules import render

    assert RULES_PATH.read_text(encoding="utf-8") == render()


def _plain(node):
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, dt.date):
        return node.isoformat()
    return node


GERMAN_VARIANTS = [
    (("massnahmen", 0, "einzelpreis"), "4.900,00 €"), (("massnahmen", 0, "einzelpreis"), "4900,5"),
    (("massnahmen", 0, "einzelpreis"), "1.234.567"), (("massnahmen", 0, "einzelpreis"), "4 900 EUR"),
    (("massnahmen", 0, "einzelpreis"), "350.000,00 €"), (("massnahmen", 0, "einzelpreis"), "1e3"),
    (("schulen", 0, "abdeckung", "lan"), "80 %"), (("schulen", 0, "abdeckung", "lan"), "0,8"),
    (("schulen", 0, "abdeckung", "lan"), "12,5%"), (("schulen", 0, "schueler"), "1 200"),
    (("schulen", 0, "schueler"), "1200"), (("betrieb", "personal", 0, "vzae"), "1,5"),
]


@pytest.mark.parametrize(("where", "value"), GERMAN_VARIANTS, ids=lambda v: str(v))
def test_schema_accepts_german_notation_that_mepcheck_accepts(minimal_plan: dict, where: tuple,
                                                             value: str) -> None:
    minimal_plan.setdefault("massnahmen", [])
    minimal_plan["massnahmen"] = [{
        "id": "m1", "titel": "Tablets", "handlungsfeld": "endgeraete",
        "foerderkategorie": "mobiles_endgeraet", "anzahl": 1, "einzelpreis": 100,
        "kostenart": "investition", "foerderprogramm": "eigenmittel"}]
    data = copy.deepcopy(minimal_plan)
    target = data
    for part in where[:-1]:
        target = target[part]
    target[where[-1]] = value
    load_plan_text(plan_text(data))  # mepcheck accepts it …
    errors = list(jsonschema.Draft202012Validator(plan_json_schema()).iter_errors(_plain(data)))
    assert not errors, [e.message for e in errors]  # … and so does the schema


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_as_json_are_valid_under_the_schema(path) -> None:
    data = _plain(yaml.safe_load(path.read_text(encoding="utf-8")))
    schema = json.loads(json.dumps(plan_json_schema()))
    assert not list(jsonschema.Draft202012Validator(schema).iter_errors(data))


@pytest.mark.parametrize("value", [True, "yes", "ON", 0, "1"])
def test_schema_accepts_the_yes_no_forms_mepcheck_accepts(minimal_plan: dict, value) -> None:
    minimal_plan["traeger"]["finanzschwach"] = value
    load_plan_text(plan_text(minimal_plan))
    schema = plan_json_schema()
    assert not list(jsonschema.Draft202012Validator(schema).iter_errors(_plain(minimal_plan)))
    minimal_plan["traeger"]["finanzschwach"] = "vielleicht"
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(_plain(minimal_plan)))
