"""The view model: plain data in exactly the declared shape, gaps and markers where they belong."""

from __future__ import annotations

import datetime as dt
import typing
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from mepcheck.assemble import schema
from mepcheck.assemble.chapters import CHAPTER_SPECS, RECOMMENDED, REQUIRED
from mepcheck.assemble.shape import describe, validate
from mepcheck.assemble.viewmodel import anchors, build_view_model, count_marker, row_marker
from tests.test_assemble_support import EXAMPLES, assembled, check, load_variant

IDS = [p.stem for p in EXAMPLES]
_PLAIN = (dict, list, str, int, bool, Decimal, dt.date, type(None))


@pytest.mark.parametrize("path", EXAMPLES, ids=IDS)
def test_view_model_matches_the_declared_schema(path: Path) -> None:
    _, _, document = assembled(path)
    problems = validate(document.view_model)
    assert problems == []


@pytest.mark.parametrize("path", EXAMPLES, ids=IDS)
def test_view_model_is_plain_data(path: Path) -> None:
    _, _, document = assembled(path)
    bad: list[str] = []

    def walk(value: Any, where: str) -> None:
        if type(value) not in _PLAIN or isinstance(value, dt.datetime):
            bad.append(f"{where}: {type(value).__module__}.{type(value).__name__}")
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{where}.{key}")
        elif isinstance(value, list):
            for i, item in enumerate(value[:50]):
                walk(item, f"{where}[{i}]")

    walk(document.view_model, "")
    assert bad == []


def test_schema_field_names_do_not_shadow_dict_methods() -> None:
    """``{{ x.items }}`` on a dict returns the method, not the key: never name a field so."""
    methods = set(dir(dict))
    clashes = []
    for name in dir(schema):
        tp = getattr(schema, name)
        if isinstance(tp, type) and typing.is_typeddict(tp):
            clashes += [f"{name}.{field}" for field in typing.get_type_hints(tp) if field in methods]
    assert clashes == []


def test_every_variable_path_is_listed() -> None:
    paths = dict(describe())
    assert paths["schools[].name"] == "Text"
    assert paths["charts.budget.image"] == "Bild"
    assert paths["finance.years[].investment"] == "Dezimalzahl"
    assert set(schema.Chapters.__annotations__) == {c.key for c in CHAPTER_SPECS}


def test_gap_wording_distinguishes_obligation_and_recommendation() -> None:
    def strip(plan: dict) -> None:
        for key in ("betrieb", "monitoring", "nachhaltigkeit", "dienste", "rahmenbedingungen"):
            plan.pop(key, None)
        for licence in plan.get("lizenzen", []):
            licence.pop("dienst", None)
        plan["ausnahmen"] = [w for w in plan.get("ausnahmen", []) if "dienst" not in w]

    vm = build_view_model(check(load_variant(strip)))
    chapters = vm["chapters"]
    for key in ("operations", "data_protection"):
        assert chapters[key]["kind"] == REQUIRED
        assert chapters[key]["gap"]["label"].startswith("Abschnitt fehlt – erforderlich nach ")
    for key in ("monitoring", "sustainability", "framework"):
        assert chapters[key]["kind"] == RECOMMENDED
        assert chapters[key]["gap"]["label"].startswith("Abschnitt fehlt – empfohlen nach ")
    for key in ("introduction", "annexes", "inventory", "measures", "finance"):
        assert chapters[key]["gap"] is None
    gap = chapters["operations"]["gap"]
    assert gap["findings"] or gap["note"]


def test_school_without_bandwidth_gets_a_gap_on_its_data_sheet() -> None:
    vm = build_view_model(check(load_variant(lambda p: p["schulen"][0].pop("bandbreite"))))
    gaps = vm["schools"][0]["gaps"]
    assert len(gaps) == 1
    assert "aktuelle und verfügbare Bandbreite" in gaps[0]["missing"]
    assert "('bandbreite')" not in gaps[0]["missing"]  # no plan key in the document
    assert "MEP-KAPITEL-SCHULDATEN" in gaps[0]["missing"]  # the finding that reports it
    assert gaps[0]["label"].startswith("Angabe fehlt – erforderlich nach Länderrichtlinien zum DigitalPakt")
    assert "Buchst. b" in gaps[0]["label"]


def test_findings_are_anchored_at_their_rows() -> None:
    assert anchors(("schulen", 1, "bestand", 2)) == [("schulen", 1), ("bestand", 1, 2)]
    assert anchors(("massnahmen", 4)) == [("massnahmen", 4)]
    assert anchors(("projektion", 2031)) == [("projektion", 2031)]
    assert anchors(("nachhaltigkeit", "beschaffungen", 0)) == [("beschaffungen", 0)]
    assert anchors(()) == []
    assert anchors(("lehrkraftgeraete",)) == []


def test_markers_are_short() -> None:
    err = {"status": "failed", "severity": "error", "marker": "Fehler A-B"}
    warn = {"status": "failed", "severity": "warning", "marker": "Warnung C-D"}
    waived = {"status": "waived", "severity": "info", "marker": "Ausnahme E-F"}
    assert row_marker([]) == ""
    assert row_marker([err]) == "Fehler A-B"
    assert row_marker([err, warn]) == "Fehler A-B; Warnung C-D"
    # a number and its word never part at a line end (no-break space)
    assert row_marker([err, warn, warn, waived]) == \
        "1\u00a0Fehler, 2\u00a0Warnungen, 1\u00a0Ausnahme (Anlage B)"
    assert count_marker([warn]) == "1\u00a0Warnung"


def test_school_markers_follow_the_chapter() -> None:
    _, result, document = assembled(EXAMPLES[0])
    for i, school in enumerate(document.view_model["schools"]):
        for f in school["findings"]:
            spec = next(c for c in CHAPTER_SPECS if c.number == f["chapter"])
            assert f["code"] in school["markers"][spec.key] or \
                "Anlage B" in school["markers"][spec.key], (i, f["code"])
            others = [c.key for c in CHAPTER_SPECS if c.number != f["chapter"]]
            assert all(f["code"] not in school["markers"][k] for k in others)
    assert result.findings
