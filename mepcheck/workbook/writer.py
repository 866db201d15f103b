"""Write a plan (or an empty template) as a German workbook for a clerk.

openpyxl in write-only mode: rows are streamed, so a plan of 400 schools stays small in memory.
Every sheet gets a frozen heading row, a hidden row of column keys, widths from its content,
number formats (€ with two decimals, %, dates), drop-down lists for every enumeration and for
ja/nein, and input help from the field descriptions. An "Anleitung" sheet comes first, the
"Auswahllisten" (the values of the drop-down lists) last.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet.datavalidation import DataValidation

from mepcheck.model import Plan
from mepcheck.workbook.guide import guide_rows
from mepcheck.workbook.layout import (
    CHOICES_TITLE,
    GUIDE_TITLE,
    ROW_NUMBER,
    Column,
    Layout,
    Sheet,
    plan_layout,
)
from mepcheck.workbook.positions import CellPositions, SheetInfo
from mepcheck.workbook.values import NO, YES, choice_labels, to_cell

KEY_ROW = 2
FIRST_ROW = 3
LAST_ROW = 1_048_576
FORMATS = {
    "money": '#,##0.00 "€"',
    "percent": "0.0%",
    "date": "DD.MM.YYYY",
    "int": "0",
    "text": "@",
}
HEAD_FONT = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DDE4EE")
REQUIRED_FILL = PatternFill("solid", fgColor="F6E3C6")
SECTION_FONT = Font(bold=True, size=12)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")


class WorkbookWriteError(Exception):
    """The plan cannot be written as a workbook (German message)."""


@dataclass
class _Rows:
    """The cell values of every table sheet, and where each item went."""

    values: dict[str, list[list[Any]]]
    positions: CellPositions


def _get(data: Any, path: Sequence[str]) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def plan_data(plan: Plan) -> dict[str, Any]:
    """Plain plan data with German keys, typed values (enums, Decimal, dates) and defaults."""
    return plan.model_dump(by_alias=True, exclude_none=True, mode="python")


def _row(sheet: Sheet, item: dict[str, Any], parent_value: Any, number: int) -> list[Any]:
    row: list[Any] = []
    for column in sheet.columns:
        if column.parent:
            row.append(to_cell(column, parent_value))
        elif column.key == ROW_NUMBER:
            row.append(number)
        else:
            row.append(to_cell(column, _get(item, column.path)))
    return row


def table_rows(data: dict[str, Any], layout: Layout) -> _Rows:
    """Rows of every table sheet for ``data``; nested items follow their parent's order."""
    values: dict[str, list[list[Any]]] = {s.key: [] for s in layout.sheets if not s.form}
    positions = CellPositions()

    def emit(sheet: Sheet, items: Any, loc: tuple[Any, ...], parent_value: Any) -> None:
        if not isinstance(items, list):
            return
        rows = values[sheet.key]
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            rows.append(_row(sheet, item, parent_value, len(rows) + 1))
            item_loc = (*loc, index)
            positions.items[item_loc] = (sheet.key, FIRST_ROW + len(rows) - 1)
            ident = len(rows) if sheet.identity == ROW_NUMBER else item.get(sheet.identity or "")
            for child in sheet.children:
                positions.lists.setdefault((*item_loc, *child.parent_path), child.key)
                emit(child, _get(item, child.parent_path), (*item_loc, *child.parent_path), ident)

    for sheet in layout.sheets:
        if sheet.form or sheet.parent is not None:
            continue
        positions.lists[sheet.path] = sheet.key
        emit(sheet, _get(data, sheet.path), sheet.path, None)
    return _Rows(values, positions)


def _width(column: Column, rows: Iterable[list[Any]], index: int) -> float:
    longest_word = max((len(w) for w in column.heading.split()), default=8)
    longest = 0
    for n, row in enumerate(rows):
        if n >= 300:
            break
        value = row[index]
        if value is not None:
            text = str(value)
            longest = max(longest, max(len(line) for line in text.split("\n")) if text else 0)
    if column.kind == "money":
        longest += 4
    return float(min(max(longest + 2, longest_word + 3, 10), 48))


def _dimension(ws: Any, columns: int, rows: int) -> None:
    """Announce the used range at the top of the sheet XML (write-only mode does not), so that
    readers need not parse a whole sheet to learn its size."""
    ref = f"A1:{get_column_letter(max(columns, 1))}{max(rows, 1)}"
    ws.calculate_dimension = lambda: ref


def _page(ws: Any, *, fit_width: bool) -> None:
    """A4 landscape; forms and texts fit the page width, tables repeat their heading row."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    if fit_width:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    else:
        ws.print_title_rows = "1:1"


def _lines(text: Any, width: float) -> int:
    """How many lines a wrapped text needs in a column ``width`` characters wide."""
    if text is None:
        return 1
    per_line = max(int(width * 1.05), 1)
    return sum(max(1, -(-len(line) // per_line)) for line in str(text).split("\n"))


def _short_help(text: str, limit: int) -> str:
    """Input help within Excel's limit of 255 characters: without the list of rules that read
    the field (the form sheets and the field reference keep it), cut at a word if need be."""
    if len(text) > limit:
        text = re.sub(r"Geprüft von: [^.]*\.\s*", "", text)
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return text


class _Writer:
    def __init__(self, layout: Layout):
        self.layout = layout
        self.book = Workbook(write_only=True)
        self.choice_ranges: dict[tuple[str, ...], str] = {}
        self.choice_columns: list[tuple[str, tuple[str, ...]]] = []
        self.protos: dict[tuple[str, bool], Any] = {}

    # -- cells -------------------------------------------------------------------------------

    def cell(self, ws: Any, value: Any, kind: str | None = None, *, font: Font | None = None,
             fill: PatternFill | None = None, alignment: Alignment | None = None) -> Cell:
        cell = Cell(ws, row=1, column=1)
        try:
            cell.value = value
        except (IllegalCharacterError, ValueError) as exc:
            raise WorkbookWriteError(f"Wert {str(value)[:40]!r} kann nicht in eine Zelle "
                                     f"geschrieben werden (Steuerzeichen?)") from exc
        if cell.data_type == "f":  # plan text is never a formula
            cell.data_type = "s"
        fmt = FORMATS.get(kind or "")
        if fmt:
            cell.number_format = fmt
        if font:
            cell.font = font
        if fill:
            cell.fill = fill
        if alignment:
            cell.alignment = alignment
        return cell

    def fast_cell(self, ws: Any, value: Any, column: Column) -> Any:
        """A data cell; styled from a per-kind prototype (much cheaper than setting styles)."""
        if value is None:
            return None
        if isinstance(value, str):
            if value.startswith("=") or "\n" in value:
                return self.cell(ws, value, "text", alignment=WRAP_TOP if "\n" in value else None)
            if column.kind in ("text", "enum", "bool"):
                return value
        fmt = FORMATS.get(column.kind)
        if fmt is None or column.many:
            return value
        proto = self.protos.get((column.kind, False))
        if proto is None:
            proto = self.cell(ws, None, column.kind)
            self.protos[(column.kind, False)] = proto
        cell = Cell(ws, row=1, column=1, value=value)
        cell._style = proto._style.__copy__()
        return cell

    # -- validation and help --------------------------------------------------------------------

    def choices_ref(self, column: Column) -> str:
        if column.kind == "bool":
            return f'"{YES},{NO}"'
        ref = self.choice_ranges.get(column.choices)
        if ref is None:
            index = len(self.choice_columns) + 1
            letter = get_column_letter(index)
            self.choice_columns.append((column.heading, column.choices))
            ref = (f"{quote_sheetname(CHOICES_TITLE)}!${letter}$2:"
                   f"${letter}${len(column.choices) + 1}")
            self.choice_ranges[column.choices] = ref
        return ref

    def validation(self, column: Column, sqref: str) -> DataValidation:
        title = column.heading if len(column.heading) <= 32 else column.heading[:31] + "…"
        prompt = _short_help(column.help, 250)
        if column.kind in ("enum", "bool") and not column.many:
            dv = DataValidation(type="list", formula1=self.choices_ref(column), allow_blank=True,
                                showErrorMessage=True, errorStyle="stop",
                                errorTitle="Wert nicht in der Liste",
                                error="Bitte einen Wert aus der Auswahlliste wählen.")
        else:
            dv = DataValidation(allow_blank=True)
        dv.promptTitle = title
        dv.prompt = prompt
        dv.showInputMessage = True
        dv.sqref = sqref  # type: ignore[assignment]
        return dv

    # -- sheets -------------------------------------------------------------------------------

    def guide(self) -> None:
        ws = self.book.create_sheet(GUIDE_TITLE)
        ws.column_dimensions["A"].width = 110
        ws.sheet_properties.tabColor = "1F4E79"
        rows = guide_rows(self.layout)
        _dimension(ws, 1, len(rows))
        _page(ws, fit_width=True)
        for number, (text, style) in enumerate(rows, 1):
            font = SECTION_FONT if style == "title" else HEAD_FONT if style == "head" else None
            ws.row_dimensions[number].height = 15 * _lines(text, 110) + 3
            ws.append([self.cell(ws, text, None, font=font, alignment=WRAP_TOP)])

    def table(self, sheet: Sheet, rows: list[list[Any]], positions: CellPositions,
              order: int) -> None:
        ws = self.book.create_sheet(sheet.title)
        _dimension(ws, len(sheet.columns), len(rows) + KEY_ROW)
        info = SheetInfo(sheet.title, order, first_row=FIRST_ROW)
        positions.sheets[sheet.key] = info
        ws.freeze_panes = f"B{FIRST_ROW}"
        _page(ws, fit_width=False)
        ws.row_dimensions[KEY_ROW].hidden = True
        ws.row_dimensions[1].height = 48
        head_align = Alignment(wrap_text=True, vertical="top")
        heads, keys = [], []
        for index, column in enumerate(sheet.columns):
            letter = get_column_letter(index + 1)
            info.letters[column.key] = letter
            heading = column.heading + (" *" if column.required else "")
            heads.append(self.cell(ws, heading, None, font=HEAD_FONT, alignment=head_align,
                                   fill=REQUIRED_FILL if column.required else HEAD_FILL))
            keys.append(self.cell(ws, column.key, "text"))
            dims = ws.column_dimensions[letter]
            dims.width = _width(column, rows, index)
            fmt = FORMATS.get(column.kind)
            if fmt and not column.many:
                dims.number_format = fmt
            ws.data_validations.append(
                self.validation(column, f"{letter}{FIRST_ROW}:{letter}{LAST_ROW}"))
        ws.append(heads)
        ws.append(keys)
        columns = sheet.columns
        for row in rows:
            ws.append([self.fast_cell(ws, value, column) if value is not None else None
                       for value, column in zip(row, columns, strict=True)])

    def form(self, sheet: Sheet, data: dict[str, Any], positions: CellPositions,
             order: int) -> None:
        ws = self.book.create_sheet(sheet.title)
        sections = sum(1 for i, c in enumerate(sheet.columns)
                       if i == 0 or c.section != sheet.columns[i - 1].section)
        _dimension(ws, 4, 1 + len(sheet.columns) + sections)
        info = SheetInfo(sheet.title, order, letters={"value": "B"}, first_row=2)
        positions.sheets[sheet.key] = info
        ws.freeze_panes = "A2"
        _page(ws, fit_width=True)
        for letter, width in (("A", 36), ("B", 44), ("C", 70), ("D", 30)):
            ws.column_dimensions[letter].width = width
        ws.column_dimensions["D"].hidden = True
        ws.append([self.cell(ws, text, None, font=HEAD_FONT, fill=HEAD_FILL)
                   for text in ("Angabe", "Wert", "Hinweis", "Schlüssel")])
        row_no, section = 1, None
        for column in sheet.columns:
            if column.section != section:
                section = column.section
                ws.append([self.cell(ws, section, None, font=SECTION_FONT)])
                row_no += 1
            value = to_cell(column, _get(data, column.path))
            row_no += 1
            positions.forms[column.key] = (sheet.key, row_no)
            name = column.heading.split(": ")[-1] + (" *" if column.required else "")
            lines = max(_lines(column.help, 70), _lines(value, 44) if isinstance(value, str) else 1,
                        _lines(name, 36))
            if lines > 1:
                ws.row_dimensions[row_no].height = 15 * lines + 2
            ws.append([
                self.cell(ws, name, None, fill=REQUIRED_FILL if column.required else None,
                          alignment=WRAP_TOP),
                self.cell(ws, value, None if column.many else column.kind, alignment=WRAP_TOP),
                self.cell(ws, column.help, None, alignment=WRAP_TOP),
                self.cell(ws, column.key, "text"),
            ])
            ws.data_validations.append(self.validation(column, f"B{row_no}"))

    def choices(self) -> None:
        ws = self.book.create_sheet(CHOICES_TITLE)
        ws.freeze_panes = "A2"
        _page(ws, fit_width=False)
        longest = max((len(c) for _, c in self.choice_columns), default=0)
        labels = [choice_labels(c) for _, c in self.choice_columns]
        _dimension(ws, len(labels), longest + 1)
        for index, (heading, _) in enumerate(self.choice_columns):
            width = max([len(heading), *(len(x) for x in labels[index])]) + 2
            ws.column_dimensions[get_column_letter(index + 1)].width = min(width, 45)
        ws.append([self.cell(ws, h, None, font=HEAD_FONT, fill=HEAD_FILL)
                   for h, _ in self.choice_columns])
        for n in range(longest):
            ws.append([self.cell(ws, lab[n], "text") if n < len(lab) else None for lab in labels])

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.book.save(buffer)
        return buffer.getvalue()


def workbook_bytes(plan: Plan | None, *, findings: Sequence[Any] | None = None,
                   layout: Layout | None = None) -> tuple[bytes, CellPositions]:
    """The workbook of ``plan`` (``None``: an empty template) as bytes, with the positions of
    its items; ``findings`` adds the sheet "Befunde" (with links to the cells)."""
    layout = layout or plan_layout()
    data = plan_data(plan) if plan is not None else {}
    rows = table_rows(data, layout)
    writer = _Writer(layout)
    writer.guide()
    order = 1
    for sheet in layout.sheets:
        if sheet.form:
            writer.form(sheet, data, rows.positions, order)
        else:
            writer.table(sheet, rows.values[sheet.key], rows.positions, order)
        order += 1
    if findings is not None:
        from mepcheck.workbook.findings_sheet import write_findings

        write_findings(writer, findings, rows.positions)
    writer.choices()
    return writer.save(), rows.positions
