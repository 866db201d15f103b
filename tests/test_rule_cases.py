"""Every rule's case file, discovered from the data: nothing is listed by hand.

Each case runs through durable-rules (the real engine) and through the
reference evaluator; both must give exactly the expected verdicts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mepcheck.rules.cases import case_files, run_case_file
from tests.conftest import ROOT

CASE_FILES = case_files(ROOT / "rules")


@pytest.mark.parametrize("engine", ["durable", "reference"])
@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.name.removesuffix(".cases.yaml"))
def test_rule_cases(path: Path, engine: str) -> None:
    outcomes = run_case_file(path, engine=engine)
    assert outcomes, f"{path} has no cases"
    problems = [
        f"{o.name}: {o.error or f'expected {sorted(o.expected)}, got {sorted(o.actual)}'}"
        for o in outcomes if not o.ok
    ]
    assert not problems, "\n".join(problems)
