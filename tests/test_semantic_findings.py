"""Contradictions inside a plan are located findings of coded rules, not "Plan nicht lesbar"."""

from __future__ import annotations

import copy

import pytest
from click.testing import CliRunner

from mepcheck.checker import check_plan
from mepcheck.cli import cli
from mepcheck.findings import Status
from mepcheck.loading import load_plan, load_plan_text
from tests.conftest import ROOT, plan_text

SEMANTIC = ROOT / "fixtures" / "semantic" / "zuschuss-zu-hoch.yaml"
LINDENAU = ROOT / "fixtures" / "examples" / "gemeinde-lindenau.yaml"

_MEASURE = {"id": "m1", "titel": "Tablets", "schule": "s1", "handlungsfeld": "endgeraete",
            "foerderkategorie": "mobiles_endgeraet", "geraetetyp": "tablet", "zuordnung": "klassensatz",
            "anzahl": 10, "einzelpreis": 400, "kostenart": "investition", "foerderprogramm": "dp2019",
            "zuschuss": 3600, "beginn": "2026-04-01", "ende": "2026-08-31"}


def _grant_over_cost(plan: dict) -> tuple:
    plan["massnahmen"] = [{**_MEASURE, "zuschuss": 5000}]
    return "MEP-ZUSCHUSS-UEBER-KOSTEN", ("massnahmen", 0)


def _period_reversed(plan: dict) -> tuple:
    plan["plan"]["zeitraum"] = {"von": 2030, "bis": 2026}
    plan["massnahmen"] = [dict(_MEASURE)]
    return "MEP-ZEITRAUM-UMGEKEHRT", ()


def _end_before_start(plan: dict) -> tuple:
    plan["massnahmen"] = [{**_MEASURE, "beginn": "2026-08-31", "ende": "2026-04-01"}]
    return "MEP-MASSNAHME-ENDE-VOR-BEGINN", ("massnahmen", 0)


def _classes_over_pupils(plan: dict) -> tuple:
    plan["schulen"][0]["klassen"] = plan["schulen"][0]["schueler"] + 1
    plan["massnahmen"] = [dict(_MEASURE)]
    return "MEP-SCHULE-KLASSEN-UEBER-SCHUELER", ("schulen", 0)


@pytest.mark.parametrize("contradict", [_grant_over_cost, _period_reversed, _end_before_start,
                                        _classes_over_pupils], ids=lambda f: f.__name__.strip("_"))
@pytest.mark.parametrize("engine", ["durable", "reference"])
def test_contradiction_is_a_located_finding_and_the_rest_is_checked(minimal_plan: dict, contradict,
                                                                    engine: str) -> None:
    clean = copy.deepcopy(minimal_plan)
    clean["massnahmen"] = [dict(_MEASURE)]
    code, path = contradict(minimal_plan)
    loaded = load_plan_text(plan_text(minimal_plan), "plan.yaml")  # no PlanLoadError
    result = check_plan(loaded, engine=engine)
    hit = [f for f in result.findings if f.code == code and f.status is Status.FAILED]
    assert [f.path for f in hit] == [path]
    assert hit[0].severity.value == "warning" and hit[0].element
    # located: a line in the file, except for the plan as a whole (its message names the field)
    assert hit[0].line is not None or (path == () and "von 2030 bis 2026" in hit[0].message)
    baseline = check_plan(load_plan_text(plan_text(clean), "plan.yaml"), engine=engine)
    assert not [f for f in baseline.findings if f.code == code and f.status is Status.FAILED]
    # everything else about the plan is still reported: nearly the same rules ran (a reversed
    # period has no projection years, so the per-device-category rules have nothing to judge)
    assert len({f.code for f in result.findings}) >= 0.8 * len({f.code for f in baseline.findings})


def test_former_unreadable_plan_is_checked(tmp_path) -> None:
    result = check_plan(load_plan(SEMANTIC))
    hit = next(f for f in result.findings if f.code == "MEP-ZUSCHUSS-UEBER-KOSTEN"
               and f.status is Status.FAILED)
    assert hit.path == ("massnahmen", 0) and hit.line == 49
    assert "1.500,00 €" in hit.message and "1.000,00 €" in hit.message
    out = CliRunner().invoke(cli, ["check", str(SEMANTIC), str(LINDENAU)])
    assert "Plan nicht lesbar" not in out.stderr and "0 nicht lesbar" in out.stderr
    assert "MEP-ZUSCHUSS-UEBER-KOSTEN" in out.stdout and "Gemeinde Lindenau" in out.stdout
    assert out.exit_code == 1


def test_structure_errors_still_make_a_plan_unreadable(minimal_plan: dict) -> None:
    from mepcheck.loading import PlanLoadError

    minimal_plan["massnahmen"] = [{**_MEASURE, "pauschal": 1000}]  # price and lump sum at once
    with pytest.raises(PlanLoadError, match="entweder 'einzelpreis'"):
        load_plan_text(plan_text(minimal_plan))
