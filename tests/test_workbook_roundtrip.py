"""YAML → workbook → YAML keeps the plan, and a plan checked from its workbook gives the same
findings as from YAML (only the places differ: cells instead of lines)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.generate import plan_yaml as generated_plan_yaml
from mepcheck.checker import check_plan
from mepcheck.loading import load_plan, load_plan_text
from mepcheck.workbook.convert import plan_json, plan_yaml, write_plan
from mepcheck.workbook.reader import load_workbook_bytes
from mepcheck.workbook.writer import workbook_bytes
from tests.conftest import EXAMPLES


def _via_workbook(plan_file: Path):
    loaded = load_plan(plan_file)
    return loaded, load_workbook_bytes(workbook_bytes(loaded.plan)[0], f"{plan_file.stem}.xlsx")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_example_round_trips_through_workbook(example: Path, tmp_path: Path) -> None:
    loaded = load_plan(example)
    xlsx = write_plan(loaded.plan, tmp_path / "plan.xlsx")
    from_book = load_plan(xlsx)
    assert from_book.plan.model_dump() == loaded.plan.model_dump()
    # and back to YAML and JSON files, which read as the same plan again
    for name in ("plan.yaml", "plan.json"):
        again = load_plan(write_plan(from_book.plan, tmp_path / name, inputs=[xlsx]))
        assert again.plan.model_dump() == loaded.plan.model_dump()


def test_generated_400_school_plan_round_trips() -> None:
    loaded = load_plan_text(generated_plan_yaml(400), "bench-400.yaml")
    back = load_workbook_bytes(workbook_bytes(loaded.plan)[0], "bench-400.xlsx")
    assert len(back.plan.schools) == 400
    assert back.plan.model_dump() == loaded.plan.model_dump()


def test_yaml_and_json_writers_round_trip_alone() -> None:
    for example in EXAMPLES:
        loaded = load_plan(example)
        for text, name in ((plan_yaml(loaded.plan), "p.yaml"), (plan_json(loaded.plan), "p.json")):
            assert load_plan_text(text, name).plan.model_dump() == loaded.plan.model_dump()


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_same_findings_from_workbook_and_yaml(example: Path) -> None:
    loaded, from_book = _via_workbook(example)
    yaml_result = check_plan(loaded, engine="reference")
    book_result = check_plan(from_book, engine="reference")

    def essence(result):  # everything but the source location
        return sorted((f.code, f.path, f.status.value, f.severity.value, f.message, f.remedy)
                      for f in result.findings)

    assert essence(book_result) == essence(yaml_result)
    # where a YAML finding has a line, the workbook finding has a sheet (and mostly a cell)
    by_key = {f.key: f for f in book_result.findings}
    for finding in yaml_result.findings:
        twin = by_key[finding.key]
        assert twin.line is None
        if finding.line is not None and finding.path:
            assert twin.cell is not None, finding.path_text
