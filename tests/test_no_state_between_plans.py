"""No plan data survives from one check to the next in the same process.

Two different plans are checked alternately in one process, also right after a
check that failed half-way (an induced error in the follow-up-cost projection),
and every result must equal the result of a fresh process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mepcheck.checker import check_plan
from mepcheck.facts.families import follow_up_costs
from mepcheck.loading import load_plan
from mepcheck.report.json_report import result_dict

ROOT = Path(__file__).resolve().parents[1]
PLANS = [ROOT / "fixtures" / "examples" / "gemeinde-lindenau.yaml",
         ROOT / "fixtures" / "examples" / "freier-traeger-rosenstein.yaml"]


def _fresh(path: Path) -> dict:
    """The JSON result of a new process (nothing cached from anything)."""
    done = subprocess.run([sys.executable, "-m", "mepcheck", "check", str(path), "-f", "json"],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode in (0, 1, 2), done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def fresh() -> dict[Path, dict]:
    return {p: _fresh(p) for p in PLANS}


def test_alternating_plans_match_fresh_processes(fresh: dict[Path, dict]) -> None:
    first, second = (load_plan(p) for p in PLANS)
    assert fresh[PLANS[0]]["findings"] != fresh[PLANS[1]]["findings"]  # really different plans
    for loaded, path in [(first, PLANS[0]), (second, PLANS[1]), (first, PLANS[0]),
                         (second, PLANS[1])]:
        assert result_dict(check_plan(loaded)) == fresh[path]


def test_a_failed_check_leaves_nothing_behind(fresh: dict[Path, dict],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = (load_plan(p) for p in PLANS)
    assert result_dict(check_plan(first)) == fresh[PLANS[0]]

    real = follow_up_costs.compute_projection

    def broken(*args: object) -> object:
        raise RuntimeError("induced failure")

    monkeypatch.setattr(follow_up_costs, "compute_projection", broken)
    with pytest.raises(RuntimeError):
        check_plan(second)  # fails while its projection is computed
    monkeypatch.setattr(follow_up_costs, "compute_projection", real)
    # the same plan object again, then the other: neither sees a foreign projection
    assert result_dict(check_plan(second)) == fresh[PLANS[1]]
    assert result_dict(check_plan(first)) == fresh[PLANS[0]]
    assert result_dict(check_plan(second)) == fresh[PLANS[1]]


def test_no_module_level_plan_cache() -> None:
    """The facts modules keep no module-level dict or cache of plan data."""
    import importlib
    import pkgutil

    import mepcheck.facts.families as families

    for info in pkgutil.iter_modules(families.__path__):
        module = importlib.import_module(f"{families.__name__}.{info.name}")
        for name, value in vars(module).items():
            if name.isupper() or name.startswith("__"):
                continue
            assert not isinstance(value, dict | list | set), f"{info.name}.{name} is module state"
