"""Shared test helpers."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "fixtures" / "examples").glob("*.yaml"))
BROKEN = sorted((ROOT / "fixtures" / "broken").glob("*.*"))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture
def minimal_plan() -> dict:
    """The base plan of the rule cases as plain data (a fresh copy per test)."""
    return yaml.safe_load((ROOT / "fixtures" / "cases" / "minimal.yaml").read_text(encoding="utf-8"))


def plan_text(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
