"""Helpers for the workbook tests: write a plan as a workbook, edit cells, save."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl

from mepcheck.loading import load_plan_text
from mepcheck.workbook.layout import plan_layout
from mepcheck.workbook.writer import workbook_bytes
from tests.conftest import plan_text


def workbook_of(data: dict[str, Any]) -> openpyxl.Workbook:
    """The workbook mepcheck writes for plan ``data``, opened for editing."""
    loaded = load_plan_text(plan_text(data), "plan.yaml")
    return openpyxl.load_workbook(io.BytesIO(workbook_bytes(loaded.plan)[0]))


def letter(sheet_key: str, column_key: str) -> str:
    """Column letter of a column in a sheet as mepcheck writes it."""
    from openpyxl.utils import get_column_letter

    sheet = plan_layout().by_key()[sheet_key]
    keys = [c.key for c in sheet.columns]
    return get_column_letter(keys.index(column_key) + 1)


def form_row(book: openpyxl.Workbook, title: str, key: str) -> int:
    """Row of a field on a form sheet (found by its key in column D)."""
    for row in book[title].iter_rows(min_row=1):
        if row[3].value == key:
            return row[0].row
    raise KeyError(key)


def save(book: openpyxl.Workbook, path: Path) -> Path:
    book.save(path)
    return path
