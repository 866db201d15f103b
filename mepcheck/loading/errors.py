"""Located problems found while reading a plan."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class CellRef:
    """A place in a workbook: a sheet and a cell (``D7``) or a whole row (column ``None``).

    ``order`` is the position of the sheet in the workbook, so that places sort the way a
    reader goes through the workbook."""

    order: int
    row: int
    column: str | None
    sheet: str

    @property
    def sort_key(self) -> tuple[int, int, int, str]:
        """Sheet order, row, then column (``B`` before ``AA``); a whole row first."""
        column = self.column or ""
        return (self.order, self.row, len(column), column)

    def __str__(self) -> str:
        if self.column is None:
            return f"Blatt „{self.sheet}“, Zeile {self.row}"
        return f"Blatt „{self.sheet}“, Zelle {self.column}{self.row}"


def field_name(loc: Loc) -> str:
    """The field of ``loc`` below its nearest list item: ``schueler``, ``bandbreite.glasfaser``."""
    tail: list[str] = []
    for part in reversed(loc):
        if isinstance(part, int):
            if tail:
                break
            continue
        tail.append(part)
    return ".".join(reversed(tail))


@dataclass(frozen=True, order=True)
class PlanIssue:
    """One problem in a plan file, with file, line, column (or workbook cell) and field path."""

    file: str
    line: int | None
    column: int | None
    path: Loc
    message: str
    cell: CellRef | None = field(default=None, compare=False)

    def __str__(self) -> str:
        if self.cell is not None:
            name = field_name(self.path)
            return f"{self.file}: {self.cell}" + (f" ({name})" if name else "") + f": {self.message}"
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        return f"{where} {format_path(self.path)}: {self.message}"


class PlanLoadError(Exception):
    """Raised when a plan cannot be read; carries every issue found at once."""

    def __init__(self, issues: Sequence[PlanIssue]):
        self.issues = sorted(issues, key=lambda i: (i.line or 0, i.column or 0,
                                                    i.cell.sort_key if i.cell else (), str(i.path)))
        super().__init__("\n".join(str(i) for i in self.issues))

    def __reduce__(self):  # type: ignore[no-untyped-def]  # picklable across worker processes
        return (PlanLoadError, (self.issues,))
