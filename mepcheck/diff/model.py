"""The diff of two submissions: findings and, where both sides are plans, the plan."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mepcheck.diff.changes import PlanChange, plan_changes
from mepcheck.diff.findings import FindingDiff, compare_findings
from mepcheck.diff.inputs import Side
from mepcheck.exitcodes import ExitCode


@dataclass(frozen=True)
class PlanDiff:
    """Everything ``mepcheck diff`` reports."""

    old: Side
    new: Side
    findings: FindingDiff
    changes: tuple[PlanChange, ...] | None
    """``None`` when a side is an earlier JSON result (it holds no plan data)."""

    @property
    def exit_code(self) -> ExitCode:
        """1 when the new submission has error findings the old one did not have."""
        return ExitCode.FINDINGS if self.findings.new_errors else ExitCode.OK

    @property
    def notes(self) -> tuple[str, ...]:
        out = []
        if self.changes is None:
            out.append("Planänderungen nur beim Vergleich zweier Plandateien (ein früheres "
                       "JSON-Ergebnis enthält die Plandaten nicht).")
        if self.old.ruleset_version and self.new.ruleset_version and \
                self.old.ruleset_version != self.new.ruleset_version:
            out.append(f"Verschiedene Regelwerke: {self.old.ruleset_version} (alt) und "
                       f"{self.new.ruleset_version} (neu); Befunde können sich auch deshalb ändern.")
        if self.old.profile and self.new.profile and self.old.profile != self.new.profile:
            out.append(f"Verschiedene Profile: {self.old.profile} (alt) und {self.new.profile} (neu).")
        if self.old.carrier and self.new.carrier and self.old.carrier != self.new.carrier:
            out.append(f"Verschiedene Schulträger: „{self.old.carrier}“ und „{self.new.carrier}“ – "
                       "ist das wirklich dieselbe Antragstellung?")
        return tuple(out)

    def summary(self) -> dict[str, Any]:
        counts = self.findings.counts()
        if self.changes is not None:
            counts["plan_changes"] = len(self.changes)
        return {**counts, "exit_code": int(self.exit_code)}


def compare(old: Side, new: Side) -> PlanDiff:
    """Compare two submissions of a plan."""
    changes = None
    if old.plan is not None and new.plan is not None:
        changes = tuple(plan_changes(old.plan, new.plan))
    return PlanDiff(old, new, compare_findings(old.findings, new.findings), changes)
