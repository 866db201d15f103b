"""Where each value of a workbook plan stands: the workbook counterpart of YAML line marks.

A table item is known by its sheet and row, a column by its key; a form field by its row. Any
location tuple of the plan (``("schulen", 3, "bandbreite", "glasfaser")``) is resolved to the
cell of its nearest known ancestor, the way YAML positions resolve to the nearest line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mepcheck.loading.errors import CellRef


@dataclass
class SheetInfo:
    """Title, place in the workbook and column letters of one sheet."""

    title: str
    order: int
    letters: dict[str, str] = field(default_factory=dict)
    first_row: int = 3
    value_letter: str = "B"
    """Form sheets: the column holding the values."""


@dataclass
class CellPositions:
    """Maps plan locations to workbook cells. ``marks`` is empty: there are no lines."""

    sheets: dict[str, SheetInfo] = field(default_factory=dict)
    items: dict[tuple[Any, ...], tuple[str, int]] = field(default_factory=dict)
    """Location of a list item → (sheet key, row)."""
    forms: dict[str, tuple[str, int]] = field(default_factory=dict)
    """Dotted key of a form field (``traeger.name``) → (sheet key, row)."""
    lists: dict[tuple[Any, ...], str] = field(default_factory=dict)
    """Location of a list → the sheet holding its items."""
    marks: dict[tuple[Any, ...], tuple[int, int]] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    """Sheets of the layout that the workbook lacks: sheet key → title."""

    def find(self, loc: tuple[Any, ...]) -> tuple[None, None]:
        """No line and column in a workbook (the YAML interface)."""
        return (None, None)

    def _ref(self, sheet_key: str, row: int, letter: str | None) -> CellRef:
        info = self.sheets[sheet_key]
        return CellRef(info.order, row, letter, info.title)

    def _in_row(self, sheet_key: str, row: int, rest: tuple[Any, ...]) -> CellRef:
        letters = self.sheets[sheet_key].letters
        names = [p for p in rest if isinstance(p, str)]
        # the longest run of keys that is a column: ("bandbreite", "glasfaser") before
        # ("bandbreite",); a list index (plattformen[2]) points at the list's cell
        for end in range(len(names), 0, -1):
            key = ".".join(names[:end])
            if key in letters:
                return self._ref(sheet_key, row, letters[key])
            prefix = key + "."
            for column_key, letter in letters.items():
                if column_key.startswith(prefix):  # a nested object: its first column
                    return self._ref(sheet_key, row, letter)
        return self._ref(sheet_key, row, None)

    def _in_forms(self, loc: tuple[Any, ...]) -> CellRef | None:
        names = [p for p in loc if isinstance(p, str)]
        if len(names) != len(loc):
            return None
        for end in range(len(names), 0, -1):
            key = ".".join(names[:end])
            hit = self.forms.get(key)
            if hit:
                return self._ref(hit[0], hit[1], self.sheets[hit[0]].value_letter)
            prefix = key + "."
            for form_key, (sheet_key, row) in self.forms.items():
                if form_key.startswith(prefix):
                    return self._ref(sheet_key, row, self.sheets[sheet_key].value_letter)
        return None

    def missing_sheet(self, loc: tuple[Any, ...]) -> str | None:
        """The title of the missing sheet that would hold ``loc``, if any."""
        for end in range(len(loc), 0, -1):
            sheet_key = self.lists.get(tuple(loc[:end]))
            if sheet_key:
                return self.missing.get(sheet_key)
        return None

    def find_cell(self, loc: tuple[Any, ...]) -> CellRef | None:
        """The cell (or row, or sheet) of ``loc`` or of its nearest ancestor."""
        loc = tuple(loc)
        for end in range(len(loc), 0, -1):
            hit = self.items.get(loc[:end])
            if hit:
                return self._in_row(hit[0], hit[1], loc[end:])
        form = self._in_forms(loc)
        if form is not None:
            return form
        for end in range(len(loc), 0, -1):
            sheet_key = self.lists.get(loc[:end])
            if sheet_key and sheet_key in self.sheets:
                info = self.sheets[sheet_key]
                return self._ref(sheet_key, info.first_row, None)
            if sheet_key:  # the workbook lacks the sheet: no cell to point at
                return None
        return None
