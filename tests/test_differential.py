"""Differential test: generated plans give identical findings from durable-rules and
from the reference evaluator (the oracle)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mepcheck.checker import check_plan
from mepcheck.loading import load_plan_text
from mepcheck.model.enums import (
    Assignment,
    DeviceType,
    DocStatus,
    DsfaStatus,
    FieldOfAction,
    FundingCategory,
    Programme,
    SchoolForm,
    ServiceKind,
)
from tests.conftest import plan_text

DOC = [s.value for s in DocStatus]


def _school(i: int):
    return st.fixed_dictionaries({
        "id": st.just(f"s{i}"),
        "name": st.just(f"Schule {i}"),
        "schulform": st.sampled_from([f.value for f in SchoolForm]),
        "schueler": st.integers(50, 2500),
        "lehrkraefte": st.integers(5, 150),
        "klassen": st.integers(2, 40),
        "unterrichtsraeume": st.integers(2, 80),
        "medienkonzept": st.fixed_dictionaries({"status": st.sampled_from(DOC)}),
        "einsatzkonzept": st.fixed_dictionaries({"status": st.sampled_from(DOC)}),
        "fortbildungsplanung": st.fixed_dictionaries({"status": st.sampled_from(DOC)}),
    }, optional={
        "bandbreite": st.fixed_dictionaries({
            "aktuell_mbit": st.integers(0, 10000),
            "glasfaser": st.sampled_from(["vorhanden", "geplant", "nicht_geplant"]),
        }),
        "abdeckung": st.fixed_dictionaries({"lan": st.floats(0, 1), "wlan": st.floats(0, 1)}),
        "nutzungsordnung": st.fixed_dictionaries({"status": st.sampled_from(DOC)}),
    })


def _measure(i: int, schools: int):
    return st.fixed_dictionaries({
        "id": st.just(f"m{i}"),
        "titel": st.just(f"Maßnahme {i}"),
        "schule": st.sampled_from([f"s{k}" for k in range(schools)]),
        "handlungsfeld": st.sampled_from([f.value for f in FieldOfAction]),
        "foerderkategorie": st.sampled_from([f.value for f in FundingCategory]),
        "geraetetyp": st.sampled_from([d.value for d in DeviceType]),
        "zuordnung": st.sampled_from([a.value for a in Assignment]),
        "anzahl": st.integers(1, 300),
        "einzelpreis": st.integers(50, 6000),
        "kostenart": st.sampled_from(["investition", "betrieb", "lizenz", "support"]),
        "foerderprogramm": st.sampled_from([p.value for p in Programme]),
        "zuschuss": st.just(0),
    }, optional={
        "beginn": st.dates().filter(lambda d: 2018 <= d.year <= 2030).map(str),
        "abnahme": st.dates().filter(lambda d: 2018 <= d.year <= 2031).map(str),
        "vertrag": st.dates().filter(lambda d: 2018 <= d.year <= 2030).map(str),
    })


def _service(i: int):
    return st.fixed_dictionaries({
        "id": st.just(f"d{i}"),
        "name": st.just(f"Dienst {i}"),
        "art": st.sampled_from([k.value for k in ServiceKind]),
        "betroffene": st.lists(st.sampled_from(["schueler", "lehrkraefte", "eltern"]), unique=True),
    }, optional={
        "dsfa": st.fixed_dictionaries({"status": st.sampled_from([s.value for s in DsfaStatus])}),
        "vvt": st.sampled_from(DOC),
        "toms": st.sampled_from(DOC),
    })


@st.composite
def plans(draw, base):
    n_schools = draw(st.integers(1, 4))
    n_measures = draw(st.integers(0, 8))
    n_services = draw(st.integers(0, 4))
    data = dict(base)
    data["schulen"] = [draw(_school(i)) for i in range(n_schools)]
    data["massnahmen"] = [draw(_measure(i, n_schools)) for i in range(n_measures)]
    data["dienste"] = [draw(_service(i)) for i in range(n_services)]
    data["traeger"] = {**base["traeger"], "land": draw(st.sampled_from(
        ["BW", "BY", "HE", "NI", "NW", "RP", "SH", "SN", "BE"]))}
    return data


def _findings(result):
    return [(f.code, f.path, f.status, f.message, f.params) for f in result.findings]


def test_engines_agree_on_generated_plans(minimal_plan: dict) -> None:
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck),
              derandomize=True)
    @given(plans(minimal_plan))
    def check(data):
        for index, school in enumerate(data["schulen"]):
            school["klassen"] = min(school["klassen"], school["schueler"])
            data["schulen"][index] = school
        loaded = load_plan_text(plan_text(data))
        durable = check_plan(loaded, engine="durable")
        reference = check_plan(loaded, engine="reference")
        assert _findings(durable) == _findings(reference)

    check()
