"""Reporters: text (German), JSON (documented contract), SARIF 2.1.0 and JUnit XML."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from mepcheck.checker import CheckResult
from mepcheck.loading.errors import PlanIssue

FORMATS = ("text", "json", "sarif", "junit")


@dataclass(frozen=True)
class PlanFailure:
    """A plan of a batch that could not be checked: unreadable, or the check crashed."""

    source: str
    issues: tuple[PlanIssue, ...] = ()
    crash: str | None = None

    def messages(self) -> list[str]:
        return [str(i) for i in self.issues] or [self.crash or "unbekannter Fehler"]


Item = CheckResult | PlanFailure


def render(items: Sequence[Item], fmt: str, *, verbose: bool = False) -> str:
    """Render results (and, for machine-readable formats, failed plans) in input order.

    The text report shows checked plans only; failures are printed to stderr by the CLI.
    """
    from mepcheck.report import json_report, junit_report, sarif_report, text_report

    renderers: dict[str, Callable[..., str]] = {
        "text": lambda r: text_report.render([i for i in r if isinstance(i, CheckResult)],
                                             verbose=verbose),
        "json": json_report.render,
        "sarif": sarif_report.render,
        "junit": junit_report.render,
    }
    return renderers[fmt](items)
