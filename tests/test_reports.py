"""Snapshots of what a user sees: the text and JSON report of every example plan,
with exact (rule, path, status) assertions beside them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mepcheck.checker import check_plan
from mepcheck.findings import Status
from mepcheck.loading import load_plan
from mepcheck.report import render
from tests.conftest import EXAMPLES, ROOT


@pytest.fixture
def in_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def _result(path: Path):
    return check_plan(load_plan(path.relative_to(ROOT)))


@pytest.mark.usefixtures("in_root")
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_text_report(path: Path, snapshot) -> None:
    assert render([_result(path)], "text") == snapshot


@pytest.mark.usefixtures("in_root")
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_json_report(path: Path, snapshot) -> None:
    """The JSON contract; passed and not-applicable findings are counted in the summary
    and checked by the plain asserts below, so the snapshot keeps what needs action."""
    data = json.loads(render([_result(path)], "json"))
    data["findings"] = [f for f in data["findings"]
                        if f["status"] not in ("passed", "not_applicable")]
    assert data == snapshot


@pytest.mark.usefixtures("in_root")
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_json_report_counts_match_findings(path: Path) -> None:
    data = json.loads(render([_result(path)], "json"))
    counted = data["summary"]["by_status"]
    for status, count in counted.items():
        assert count == sum(f["status"] == status for f in data["findings"])
    assert data["summary"]["total"] == len(data["findings"])


@pytest.mark.usefixtures("in_root")
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_report_is_deterministic(path: Path) -> None:
    assert render([_result(path)], "json") == render([_result(path)], "json")


@pytest.mark.usefixtures("in_root")
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_are_fully_decidable(path: Path) -> None:
    """The shipped examples have the data every rule needs: nothing is undetermined."""
    undetermined = [f"{f.code} {f.path_text}: {f.message}" for f in _result(path).findings
                    if f.status is Status.UNDETERMINED]
    assert not undetermined


@pytest.mark.usefixtures("in_root")
def test_lindenau_key_verdicts() -> None:
    result = _result(ROOT / "fixtures" / "examples" / "gemeinde-lindenau.yaml")
    verdicts = {(f.code, f.path_text): f.status for f in result.findings}
    assert verdicts[("DSGVO-DSFA-SCHWELLWERT", "dienste[0]")] is Status.PASSED
    assert verdicts[("DSGVO-DSFA-SCHWELLWERT", "dienste[1]")] is Status.FAILED
    assert verdicts[("DSGVO-DSFA-SCHWELLWERT", "dienste[2]")] is Status.FAILED
