"""The sheet "Befunde": one row per finding of a check, with a link to its cell."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl.styles import Alignment
from openpyxl.utils import quote_sheetname
from openpyxl.worksheet.hyperlink import Hyperlink

from mepcheck.findings import Finding, Status
from mepcheck.workbook.layout import FINDINGS_TITLE
from mepcheck.workbook.positions import CellPositions

HEADINGS = ("Code", "Schwere", "Status", "Stelle", "Feld", "Meldung", "Abhilfe")
WIDTHS = (24, 10, 20, 30, 30, 90, 60)
_STATUS_ORDER = {Status.FAILED: 0, Status.UNDETERMINED: 1, Status.WAIVED: 2, Status.ACCEPTED: 2,
                 Status.PASSED: 3, Status.NOT_APPLICABLE: 4}


def ordered(findings: Sequence[Finding]) -> list[Finding]:
    """Open points first (failed, undetermined), then waived, passed, not applicable."""
    return sorted(findings, key=lambda f: (_STATUS_ORDER[f.status], f.severity.rank, f.key))


def write_findings(writer: Any, findings: Sequence[Finding], positions: CellPositions) -> None:
    """Add the sheet "Befunde" (second, after the guide) with an autofilter on every column."""
    from openpyxl.utils import get_column_letter

    from mepcheck.workbook.writer import HEAD_FILL, HEAD_FONT, _dimension, _lines, _page

    book = writer.book
    ws = book.create_sheet(FINDINGS_TITLE)
    rows = ordered(findings)
    _dimension(ws, len(HEADINGS), len(rows) + 1)
    ws.freeze_panes = "A2"
    _page(ws, fit_width=True)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(HEADINGS))}{len(rows) + 1}"
    for index, width in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.append([writer.cell(ws, h, None, font=HEAD_FONT, fill=HEAD_FILL) for h in HEADINGS])
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, finding in enumerate(rows, 2):
        remedy = finding.remedy if finding.status is Status.FAILED else ""
        lines = max(_lines(finding.message, WIDTHS[5]), _lines(remedy, WIDTHS[6]))
        if lines > 1:  # wrapped text needs its height (LibreOffice does not grow the row)
            ws.row_dimensions[number].height = 15 * lines + 2
        ref = positions.find_cell(finding.path)
        place = str(ref) if ref else "–"
        place_cell = writer.cell(ws, place, None, alignment=wrap)
        if ref is not None:
            target = f"{ref.column or 'A'}{ref.row}"
            place_cell.hyperlink = Hyperlink(ref="A1", location=f"{quote_sheetname(ref.sheet)}!{target}")
        ws.append([
            writer.cell(ws, finding.code, None, alignment=wrap),
            writer.cell(ws, finding.severity.label, None, alignment=wrap),
            writer.cell(ws, finding.status.label, None, alignment=wrap),
            place_cell,
            writer.cell(ws, finding.path_text, None, alignment=wrap),
            writer.cell(ws, finding.message, None, alignment=wrap),
            writer.cell(ws, remedy, None, alignment=wrap),
        ])
    # the findings follow the guide, before the plan's sheets
    book._sheets.insert(1, book._sheets.pop(book._sheets.index(ws)))
