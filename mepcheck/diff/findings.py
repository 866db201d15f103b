"""Findings of two submissions, matched by (rule code, element key)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

OPEN = ("failed", "undetermined")
"""Statuses that need action; everything else counts as settled."""

_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True)
class FindingRecord:
    """What a diff needs of a finding (from a check or from an earlier JSON result)."""

    code: str
    element: str
    severity: str
    status: str
    message: str
    title: str = ""
    path_text: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.code, self.element)

    @property
    def open(self) -> bool:
        return self.status in OPEN

    @property
    def blocking(self) -> bool:
        return self.status == "failed" and self.severity == "error"

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "element": self.element, "severity": self.severity,
                "status": self.status, "title": self.title, "path_text": self.path_text,
                "message": self.message}

    @classmethod
    def from_finding(cls, f: Any) -> FindingRecord:
        return cls(f.code, f.element or f.path_text, f.severity.value, f.status.value, f.message,
                   f.title, f.path_text)


@dataclass(frozen=True)
class Pair:
    """One (rule, element) in both submissions; ``old`` or ``new`` is ``None`` when absent."""

    old: FindingRecord | None
    new: FindingRecord | None

    @property
    def key(self) -> tuple[str, str]:
        return (self.old or self.new).key  # type: ignore[union-attr]

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.key[0], "element": self.key[1],
                "old": self.old.as_dict() if self.old else None,
                "new": self.new.as_dict() if self.new else None}


@dataclass(frozen=True)
class FindingDiff:
    """Open findings resolved, new, still open, and changed in severity."""

    resolved: tuple[Pair, ...]
    new: tuple[Pair, ...]
    still_open: tuple[Pair, ...]
    severity_changed: tuple[Pair, ...]

    @property
    def new_errors(self) -> tuple[Pair, ...]:
        """Findings that block the new submission and did not block the old one."""
        return tuple(p for p in (*self.new, *self.severity_changed)
                     if p.new and p.new.blocking and not (p.old and p.old.blocking))

    def counts(self) -> dict[str, int]:
        return {"resolved": len(self.resolved), "new": len(self.new),
                "still_open": len(self.still_open), "severity_changed": len(self.severity_changed),
                "new_errors": len(self.new_errors)}


def compare_findings(old: Iterable[FindingRecord], new: Iterable[FindingRecord]) -> FindingDiff:
    """Match by (code, element key); only open findings (failed, undetermined) count."""
    before = {f.key: f for f in old}
    after = {f.key: f for f in new}
    resolved, added, still, changed = [], [], [], []
    for key in sorted(set(before) | set(after)):
        a, b = before.get(key), after.get(key)
        was, now = bool(a and a.open), bool(b and b.open)
        if was and not now:
            resolved.append(Pair(a, b))
        elif now and not was:
            added.append(Pair(a, b))
        elif was and now:
            assert a is not None and b is not None
            if a.severity != b.severity or a.status != b.status:
                changed.append(Pair(a, b))
            else:
                still.append(Pair(a, b))
    return FindingDiff(tuple(resolved), tuple(added), tuple(still), tuple(changed))


def severity_direction(pair: Pair) -> str:
    """``höher`` or ``niedriger`` (or ``Status``) for a changed pair."""
    assert pair.old and pair.new
    if pair.old.severity == pair.new.severity:
        return "Status"
    return "höher" if _RANK[pair.new.severity] > _RANK[pair.old.severity] else "niedriger"
