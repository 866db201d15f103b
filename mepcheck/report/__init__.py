"""Reporters: text (German), JSON (documented contract), SARIF 2.1.0 and JUnit XML."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from mepcheck.checker import CheckResult

FORMATS = ("text", "json", "sarif", "junit")


def render(results: Sequence[CheckResult], fmt: str, *, verbose: bool = False) -> str:
    """Render one or more results in ``fmt``."""
    from mepcheck.report import json_report, junit_report, sarif_report, text_report

    renderers: dict[str, Callable[..., str]] = {
        "text": lambda r: text_report.render(r, verbose=verbose),
        "json": json_report.render,
        "sarif": sarif_report.render,
        "junit": junit_report.render,
    }
    return renderers[fmt](results)
