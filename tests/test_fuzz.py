"""Seeded fuzzing: mutated example plans and workbooks end in a verdict or a located error,
never a crash.

A few hundred plans and some dozen workbooks run in the suite; more with
``MEPCHECK_FUZZ_PLANS=10000`` / ``MEPCHECK_FUZZ_WORKBOOKS=1000`` (and another seed with
``MEPCHECK_FUZZ_SEED``), or with ``python -m tests.fuzzing --plans 10000 --workbooks 1000``.
"""

from __future__ import annotations

import os

from tests.fuzzing import run

PLANS = int(os.environ.get("MEPCHECK_FUZZ_PLANS", "200"))
WORKBOOKS = int(os.environ.get("MEPCHECK_FUZZ_WORKBOOKS", "60"))
SEED = int(os.environ.get("MEPCHECK_FUZZ_SEED", "1"))


def _assert_clean(figures) -> None:
    assert not figures.internal_errors, figures.internal_errors[:5]
    assert not figures.disagreements, figures.disagreements[:5]
    assert not figures.bad_exit_codes, figures.bad_exit_codes[:5]


def test_fuzzed_plans_never_crash_and_engines_agree() -> None:
    figures = run(PLANS, SEED, cli_step=20)
    assert figures.plans == PLANS
    assert figures.loaded > PLANS // 10, "the mutator should leave many plans loadable"
    assert figures.refused > PLANS // 10, "the mutator should break many plans"
    _assert_clean(figures)


def test_fuzzed_workbooks_never_crash_and_engines_agree() -> None:
    figures = run(0, SEED, cli_step=10, workbooks=WORKBOOKS)
    assert figures.workbooks == WORKBOOKS
    assert figures.loaded > WORKBOOKS // 10, "the mutator should leave many workbooks loadable"
    assert figures.refused > WORKBOOKS // 10, "the mutator should break many workbooks"
    _assert_clean(figures)
