"""Located problems found while reading a plan."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Loc = tuple[str | int, ...]


def format_path(loc: Loc) -> str:
    """Render a location tuple the way a plan author reads it: ``schulen[3].schueler``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(Plan)"


@dataclass(frozen=True, order=True)
class PlanIssue:
    """One problem in a plan file, with file, line, column and field path."""

    file: str
    line: int | None
    column: int | None
    path: Loc
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        return f"{where} {format_path(self.path)}: {self.message}"


class PlanLoadError(Exception):
    """Raised when a plan cannot be read; carries every issue found at once."""

    def __init__(self, issues: Sequence[PlanIssue]):
        self.issues = sorted(issues, key=lambda i: (i.line or 0, i.column or 0, str(i.path)))
        super().__init__("\n".join(str(i) for i in self.issues))

    def __reduce__(self):  # type: ignore[no-untyped-def]  # picklable across worker processes
        return (PlanLoadError, (self.issues,))
