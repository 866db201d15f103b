"""Reporters: text (German), JSON (documented contract), SARIF 2.1.0 and JUnit XML."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from mepcheck.checker import CheckResult
from mepcheck.findings import Status
from mepcheck.loading.errors import PlanIssue

FORMATS = ("text", "json", "jsonl", "sarif", "junit")


@dataclass(frozen=True)
class PlanFailure:
    """A plan of a batch that could not be checked: unreadable, or the check crashed."""

    source: str
    issues: tuple[PlanIssue, ...] = ()
    crash: str | None = None

    def messages(self) -> list[str]:
        return [str(i) for i in self.issues] or [self.crash or "unbekannter Fehler"]


Item = CheckResult | PlanFailure


def render(items: Sequence[Item], fmt: str, *, verbose: bool = False,
           statuses: Collection[Status] | None = None) -> str:
    """Render results (and, for machine-readable formats, failed plans) in input order.

    The text report shows checked plans only; failures are printed to stderr by the CLI.
    ``statuses`` chooses the findings listed (default: :func:`stream.default_statuses`);
    the summaries always count all. Built from the same per-plan chunks as a streamed batch.
    """
    from mepcheck.report.stream import Stream, default_statuses, plan_chunk

    chosen = frozenset(statuses) if statuses is not None else default_statuses(fmt, verbose)
    stream = Stream(fmt, len(items))
    parts = [stream.head()]
    parts += [stream.add(plan_chunk(i, fmt, statuses=chosen, single=stream.single)) for i in items]
    parts.append(stream.tail())
    return "".join(parts)
