"""Read a plan workbook into the plan model, with every error at its sheet and cell.

The file is checked first (:mod:`mepcheck.workbook.safety`), then read with openpyxl in
read-only, values-only mode. A cell holding a formula is read a second time with the value the
spreadsheet program saved for it (``data_only``); a formula without a saved value is an error
("bitte in Excel speichern"). Columns are recognised by their keys in the hidden second row (a
heading may be renamed); a sheet without that row is matched by its headings. The plain data
then goes through the same validation as a YAML plan, and each problem is reported with sheet,
cell and field.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mepcheck.loading.errors import CellRef, PlanIssue, PlanLoadError
from mepcheck.loading.files import read_input_bytes
from mepcheck.loading.load import LoadedPlan, plan_from_data
from mepcheck.loading.yamlsafe import MAX_BYTES
from mepcheck.workbook.layout import RESERVED_TITLES, ROW_NUMBER, Column, Layout, Sheet, plan_layout
from mepcheck.workbook.positions import CellPositions, SheetInfo
from mepcheck.workbook.safety import (
    MAX_COLUMNS,
    MAX_ROWS,
    ArchiveReport,
    UnsafeWorkbook,
    check_archive,
    check_suffix,
)
from mepcheck.workbook.values import CellValueError, from_cell, is_empty

_ERRORS = {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#GETTING_DATA",
           "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#UNKNOWN!"}


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


@dataclass
class _RawSheet:
    """The cells of one sheet as read: row number and values, empty rows dropped."""

    title: str
    order: int
    spec: Sheet
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    columns: dict[int, Column] = field(default_factory=dict)
    first_row: int = 3
    key_index: int = 3
    value_index: int = 1


class _Reader:
    def __init__(self, source: str, layout: Layout):
        self.source = source
        self.layout = layout
        self.issues: list[PlanIssue] = []
        self.positions = CellPositions()
        self.formulas: dict[str, list[tuple[int, int]]] = {}

    def issue(self, sheet: _RawSheet | None, row: int | None, index: int | None, message: str,
              loc: tuple[Any, ...] = ()) -> None:
        cell = None
        if sheet is not None and row is not None:
            cell = CellRef(sheet.order, row, _letter(index) if index is not None else None,
                           sheet.title)
        self.issues.append(PlanIssue(self.source, None, None, loc, message, cell=cell))

    # -- sheets -------------------------------------------------------------------------------

    def header(self, raw: _RawSheet, head: list[Any], keys: list[Any]) -> list[tuple[int, list[Any]]]:
        """Find the columns; returns rows that turned out to be data (no key row)."""
        spec = raw.spec
        if spec.form:
            for index, text in enumerate(head):
                if isinstance(text, str) and text.strip() == "Schlüssel":
                    raw.key_index = index
                if isinstance(text, str) and text.strip() == "Wert":
                    raw.value_index = index
            raw.first_row = 2
            return [(2, keys)] if any(not is_empty(v) for v in keys) else []
        by_key = {c.key: c for c in spec.columns}
        key_hits = [i for i, v in enumerate(keys) if isinstance(v, str) and v.strip() in by_key]
        if key_hits:
            for index, value in enumerate(keys):
                if is_empty(value):
                    continue
                column = by_key.get(str(value).strip())
                if column is None:
                    self.issue(raw, 2, index, f"unbekannter Spaltenschlüssel '{value}' in der "
                                              "ausgeblendeten Zeile 2")
                else:
                    raw.columns[index] = column
            raw.first_row = 3
            return []
        by_heading = {}
        for column in spec.columns:
            by_heading[column.heading.casefold()] = column
            by_heading[column.key.casefold()] = column
        for index, value in enumerate(head):
            if is_empty(value):
                continue
            text = str(value).strip().removesuffix("*").strip().casefold()
            column = by_heading.get(text)
            if column is None:
                self.issue(raw, 1, index, f"Spalte „{value}“ ist unbekannt (ohne die "
                                          "ausgeblendete Schlüsselzeile 2 werden Spalten an "
                                          "ihrer Überschrift erkannt)")
            else:
                raw.columns[index] = column
        raw.first_row = 2
        return [(2, keys)] if any(not is_empty(v) for v in keys) else []

    def read_sheet(self, ws: Any, raw: _RawSheet) -> None:
        ws.reset_dimensions()  # never trust the stated used range: read every row there is
        rows: Iterator[tuple[Any, ...]] = ws.iter_rows(values_only=True)
        head = list(next(rows, ()))
        keys = list(next(rows, ()))
        extra = self.header(raw, head, keys)
        raw.rows.extend(extra)
        number = 2
        for values in rows:
            number += 1
            if number > MAX_ROWS:
                self.issue(raw, number, None, f"mehr als {MAX_ROWS:,} Zeilen; mepcheck liest "
                                              f"höchstens {MAX_ROWS:,} Zeilen je Blatt".replace(",", "."))
                break
            if any(not is_empty(v) for v in values):
                raw.rows.append((number, list(values)))
        for row_no, values in raw.rows:
            for index, value in enumerate(values):
                if isinstance(value, str) and value.startswith("="):
                    self.formulas.setdefault(raw.title, []).append((row_no, index))

    def resolve_formulas(self, raw_bytes: bytes, sheets: dict[str, _RawSheet]) -> None:
        """Replace formulas by the values saved with them (a second, ``data_only`` pass)."""
        if not self.formulas:
            return
        book = _open(raw_bytes, data_only=True)
        try:
            for title, cells in self.formulas.items():
                raw = sheets[title]
                wanted = {row for row, _ in cells}
                cached: dict[int, tuple[Any, ...]] = {}
                book[title].reset_dimensions()
                for number, values in enumerate(book[title].iter_rows(values_only=True), 1):
                    if number in wanted:
                        cached[number] = values
                    if number >= max(wanted):
                        break
                by_row = dict(raw.rows)
                for row_no, index in cells:
                    values = cached.get(row_no, ())
                    value = values[index] if index < len(values) else None
                    if value is None:
                        by_row[row_no][index] = _NO_VALUE  # reported where the value is used
                    elif isinstance(value, str) and value.startswith("="):
                        by_row[row_no][index] = value  # text that merely begins with '='
                    else:
                        by_row[row_no][index] = value
        finally:
            book.close()

    # -- values -------------------------------------------------------------------------------

    def convert(self, raw: _RawSheet, row_no: int, index: int, column: Column, value: Any,
                loc: tuple[Any, ...] = ()) -> Any:
        """The plan value of a cell, or ``_SKIP`` after reporting why it cannot be one.
        ``loc`` is where the value goes in the plan (it may be completed later)."""
        if value is _NO_VALUE:
            self.issue(raw, row_no, index, "Formel ohne gespeicherten Wert – bitte die Mappe "
                                           "in Excel oder LibreOffice öffnen, neu berechnen und "
                                           "speichern", loc)
            return _SKIP
        if isinstance(value, str) and value.strip() in _ERRORS:
            self.issue(raw, row_no, index, f"die Formel ergibt den Fehler {value.strip()}", loc)
            return _SKIP
        try:
            return from_cell(column, value)
        except CellValueError as exc:
            self.issue(raw, row_no, index, str(exc), loc)
            return _SKIP

    def table(self, raw: _RawSheet, data: dict[str, Any],
              parents: dict[str, dict[Any, tuple[dict[str, Any], tuple[Any, ...]]]]) -> None:
        spec = raw.spec
        info = self.positions.sheets[spec.key]
        info.first_row = raw.first_row
        for index, column in raw.columns.items():
            info.letters[column.key] = _letter(index)
        known = dict(parents.get(spec.parent.key, {})) if spec.parent else {}
        own: dict[Any, tuple[dict[str, Any], tuple[Any, ...]]] = {}
        parents[spec.key] = own
        if spec.parent is None:
            self.positions.lists[spec.path] = spec.key
        unkeyed_reported: set[int] = set()
        parent_index = next((i for i, c in raw.columns.items() if c.parent), None)
        for row_no, values in raw.rows:
            item: dict[str, Any] = {}
            ident_value: Any = None
            parent_value: Any = None
            before = len(self.issues)
            for index, value in enumerate(values):
                if is_empty(value):
                    continue
                column = raw.columns.get(index)
                if column is None:
                    if index not in unkeyed_reported:
                        unkeyed_reported.add(index)
                        self.issue(raw, row_no, index, "Wert in einer Spalte ohne Schlüssel "
                                                       "(Zeile 2) und ohne bekannte Überschrift")
                    continue
                converted = self.convert(raw, row_no, index, column, value)
                if converted is _SKIP:
                    continue
                if column.parent:
                    parent_value = converted
                    continue
                if column.key == ROW_NUMBER:
                    ident_value = converted
                    continue
                _put(item, column.path, converted)
            if spec.identity and spec.identity != ROW_NUMBER:
                ident_value = _get(item, spec.identity.split("."))
            if spec.parent is None:
                target = _list_at(data, spec.path)
                loc = (*spec.path, len(target))
            else:
                if parent_value is None:
                    self.issue(raw, row_no, parent_index if parent_index is not None else 0,
                               f"es fehlt, zu welchem Eintrag auf dem Blatt „{spec.parent.title}“ "
                               "diese Zeile gehört (erste Spalte)")
                    continue
                hit = known.get(_ident_key(parent_value))
                if hit is None:
                    self.issue(raw, row_no, parent_index if parent_index is not None else 0,
                               f"'{parent_value}' gibt es auf dem Blatt „{spec.parent.title}“ "
                               "nicht")
                    continue
                parent_item, parent_loc = hit
                target = _list_at(parent_item, spec.parent_path)
                loc = (*parent_loc, *spec.parent_path, len(target))
            target.append(item)
            # a value that could not be read is reported once, at its place in the plan
            for n in range(before, len(self.issues)):
                issue = self.issues[n]
                column = raw.columns.get(_column_index(issue.cell))
                if column is not None and not column.parent:
                    self.issues[n] = replace(issue, path=(*loc, *column.path))
            self.positions.items[loc] = (spec.key, row_no)
            for child in spec.children:
                self.positions.lists[(*loc, *child.parent_path)] = child.key
            if ident_value is not None:
                own.setdefault(_ident_key(ident_value), (item, loc))

    def form(self, raw: _RawSheet, data: dict[str, Any]) -> None:
        spec = raw.spec
        info = self.positions.sheets[spec.key]
        info.value_letter = _letter(raw.value_index)
        by_key = {c.key: c for c in spec.columns}
        for row_no, values in raw.rows:
            key = values[raw.key_index] if raw.key_index < len(values) else None
            value = values[raw.value_index] if raw.value_index < len(values) else None
            if is_empty(key):
                if not is_empty(value):
                    self.issue(raw, row_no, raw.value_index, "Wert in einer Zeile ohne "
                                                             "Schlüssel (ausgeblendete Spalte)")
                continue
            column = by_key.get(str(key).strip())
            if column is None:
                self.issue(raw, row_no, raw.key_index, f"unbekannter Schlüssel '{key}'")
                continue
            self.positions.forms[column.key] = (spec.key, row_no)
            if is_empty(value):
                continue
            converted = self.convert(raw, row_no, raw.value_index, column, value, column.path)
            if converted is not _SKIP:
                _put(data, column.path, converted)


_SKIP = object()
_NO_VALUE = type("_NoValue", (), {"__repr__": lambda self: "<Formel ohne Wert>"})()


def _column_index(cell: CellRef | None) -> int:
    from openpyxl.utils import column_index_from_string

    return column_index_from_string(cell.column) - 1 if cell and cell.column else -1


def _ident_key(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _get(data: Any, path: list[str] | tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _put(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data.setdefault(key, {})
    data[path[-1]] = value


def _list_at(data: dict[str, Any], path: tuple[str, ...]) -> list[Any]:
    for key in path[:-1]:
        data = data.setdefault(key, {})
    return data.setdefault(path[-1], [])  # type: ignore[no-any-return]


def _open(raw: bytes, *, data_only: bool) -> Any:
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Data Validation extension is not supported" etc.
        return load_workbook(io.BytesIO(raw), read_only=True, data_only=data_only,
                             keep_links=False, keep_vba=False)


def _match_sheet(title: str, keys: list[Any], layout: Layout) -> Sheet | None:
    sheet = layout.by_title().get(title)
    if sheet is not None:
        return sheet
    wanted = {str(k).strip() for k in keys if isinstance(k, str)}
    if not wanted:
        return None
    best, hits = None, 0
    for candidate in layout.sheets:
        score = len(wanted & {c.key for c in candidate.columns})
        if score > hits:
            best, hits = candidate, score
    return best if best is not None and hits >= max(2, len(wanted) // 2) else None


def read_workbook_data(raw_bytes: bytes, source: str, layout: Layout | None = None
                       ) -> tuple[dict[str, Any], CellPositions, list[PlanIssue]]:
    """Plain plan data, positions and the problems found while reading (not yet validated)."""
    layout = layout or plan_layout()
    try:
        report = check_archive(raw_bytes)
    except UnsafeWorkbook as exc:
        raise PlanLoadError([PlanIssue(source, None, None, (), str(exc))]) from None
    try:
        book = _open(raw_bytes, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise PlanLoadError([PlanIssue(source, None, None, (), _damaged(exc))]) from None
    reader = _Reader(source, layout)
    sheets: dict[str, _RawSheet] = {}
    seen: dict[str, str] = {}
    try:
        for order, ws in enumerate(book.worksheets):
            _check_sheet(reader, ws, order, report)
            if ws.title in RESERVED_TITLES:
                continue
            rows = ws.iter_rows(values_only=True, max_row=2)
            head = list(next(rows, ()))
            keys = list(next(rows, ()))
            spec = _match_sheet(ws.title, keys if any(keys) else head, layout)
            if spec is None:
                continue  # a sheet of the clerk's own (notes, calculations)
            if spec.key in seen:
                reader.issue(None, None, None, f"Blatt „{ws.title}“ enthält dieselben Spalten "
                                               f"wie „{seen[spec.key]}“; bitte zusammenführen")
                continue
            seen[spec.key] = ws.title
            raw = _RawSheet(ws.title, order, spec)
            sheets[ws.title] = raw
            reader.positions.sheets[spec.key] = SheetInfo(ws.title, order)
            reader.read_sheet(ws, raw)
        reader.resolve_formulas(raw_bytes, sheets)
    except UnsafeWorkbook as exc:
        raise PlanLoadError([PlanIssue(source, None, None, (), str(exc))]) from None
    except (OSError, ValueError, KeyError) as exc:
        raise PlanLoadError([PlanIssue(source, None, None, (), _damaged(exc))]) from None
    finally:
        book.close()
    data: dict[str, Any] = {}
    parents: dict[str, dict[Any, tuple[dict[str, Any], tuple[Any, ...]]]] = {}
    by_key = {raw.spec.key: raw for raw in sheets.values()}
    for spec in layout.sheets:  # parents before their children
        raw = by_key.get(spec.key)
        if raw is None:
            reader.positions.missing[spec.key] = spec.title
            if not spec.form and spec.parent is None:
                reader.positions.lists.setdefault(spec.path, spec.key)
            continue
        if spec.parent is not None and spec.parent.key not in by_key:
            # one note for the sheet, not one per row that names a missing parent
            reader.issue(raw, raw.first_row, 0, f"das Blatt „{spec.parent.title}“ fehlt in der "
                                                "Arbeitsmappe, daher gehören die Zeilen dieses "
                                                "Blatts zu keinem Eintrag; nicht gelesen")
            continue
        if spec.form:
            reader.form(raw, data)
        else:
            reader.table(raw, data, parents)
    return data, reader.positions, reader.issues


def _damaged(exc: BaseException) -> str:
    text = str(exc)
    if "EntitiesForbidden" in type(exc).__name__ or "DTDForbidden" in type(exc).__name__:
        return "enthält XML-Entitäten; aus Sicherheitsgründen nicht gelesen"
    return f"ist beschädigt oder keine gültige Excel-Arbeitsmappe ({type(exc).__name__}: {text[:120]})"


def _check_sheet(reader: _Reader, ws: Any, order: int, report: ArchiveReport) -> None:
    part = getattr(ws, "_worksheet_path", "").lstrip("/")
    rows = report.rows.get(part, 0)
    if report.columns.get(part, 0) > MAX_COLUMNS or rows > MAX_ROWS:  # checked before
        raise UnsafeWorkbook(f"Blatt „{ws.title}“ ist zu groß")
    if ws.sheet_state != "visible":
        ws.reset_dimensions()
        # a plan sheet's heading and key rows are not data; any other cell is
        header = 2 if ws.title in plan_layout().by_title() else 0
        for number, values in enumerate(ws.iter_rows(values_only=True), 1):
            if number > header and any(not is_empty(v) for v in values):
                raise UnsafeWorkbook(
                    f"Blatt „{ws.title}“ ist ausgeblendet und enthält Daten; ausgeblendete "
                    "Daten werden nicht gelesen. Bitte das Blatt einblenden (Rechtsklick auf "
                    "einen Blattreiter › Einblenden) oder löschen")
    for ref in report.merged.get(part, []):
        first = ref.split(":")[0]
        row = int("".join(ch for ch in first if ch.isdigit()))
        if row >= 2 and ws.title not in RESERVED_TITLES:
            letters = "".join(ch for ch in first if ch.isalpha())
            raw_cell = CellRef(order, row, letters, ws.title)
            reader.issues.append(PlanIssue(
                reader.source, None, None, (), f"verbundene Zellen {ref} im Datenbereich; bitte "
                "die Verbindung aufheben und den Wert in jede Zeile schreiben", cell=raw_cell))


def read_workbook_plan(path: str | Path) -> LoadedPlan:
    """Read and validate a plan workbook; raise :class:`PlanLoadError` with every problem."""
    path = Path(path)
    name = str(path)
    try:
        check_suffix(path.suffix.lower())
    except UnsafeWorkbook as exc:
        raise PlanLoadError([PlanIssue(name, None, None, (), str(exc))]) from None
    # regular files only, the size limit enforced while reading (no device or FIFO)
    return load_workbook_bytes(read_input_bytes(path, MAX_BYTES), name)


def load_workbook_bytes(raw: bytes, source: str) -> LoadedPlan:
    """Validate a plan workbook given as bytes (``source`` names it in messages)."""
    data, positions, issues = read_workbook_data(raw, source)
    digest = hashlib.sha256(raw).hexdigest()
    try:
        return plan_from_data(data, source, digest, positions, issues)  # type: ignore[arg-type]
    except PlanLoadError as exc:
        # a cell that could not be read is left out of the data; the model would call it
        # missing as well: keep only the reader's more precise message for that place
        mine = {id(i) for i in issues}
        read_fail = {i.path for i in issues if i.path}
        kept = [_name_missing_sheet(i, positions) for i in exc.issues
                if id(i) in mine or i.path not in read_fail]
        raise PlanLoadError(kept) from None


def _name_missing_sheet(issue: PlanIssue, positions: CellPositions) -> PlanIssue:
    """A problem in a list whose sheet is missing says so (there is no cell to name)."""
    if issue.cell is not None or not issue.path:
        return issue
    title = positions.missing_sheet(tuple(issue.path))
    if title is None:
        return issue
    return replace(issue, message=f"das Blatt „{title}“ fehlt in der Arbeitsmappe ({issue.message})")
