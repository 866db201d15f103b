"""The overview of a batch for the desk: one row per plan, as CSV or XLSX.

Rows are written as the plans finish (nothing is collected in memory): the CSV
goes straight into its temporary file; the XLSX uses openpyxl's write-only mode,
which streams every sheet's rows to disk. The XLSX has a second sheet with every
failed finding of every plan (plan, rule, severity, element, message), so that an
agency can filter by rule across all applications. Both files appear only when
complete (temporary file, then rename).

CSV: UTF-8 with byte-order mark, separator ``;``, decimal comma – what a German
spreadsheet opens without an import dialogue.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

from mepcheck.io import AtomicOutput, OutputError, check_target

COLUMNS: tuple[tuple[str, str, int, str | None], ...] = (
    # key, heading, column width, number format
    ("file", "Datei", 38, None),
    ("carrier", "Schulträger", 30, None),
    ("land", "Land", 6, None),
    ("profile", "Profil", 14, None),
    ("period", "Zeitraum", 11, None),
    ("schools", "Schulen", 9, "0"),
    ("total_cost", "Gesamtkosten (€)", 16, "#,##0.00"),
    ("total_grant", "Beantragte Zuschüsse (€)", 16, "#,##0.00"),
    ("own_share", "Eigenanteil (€)", 16, "#,##0.00"),
    ("sev_error", "Fehler", 8, "0"),
    ("sev_warning", "Warnungen", 11, "0"),
    ("sev_info", "Hinweise", 9, "0"),
    ("st_failed", "nicht erfüllt", 10, "0"),
    ("st_undetermined", "nicht entscheidbar", 12, "0"),
    ("st_waived", "Ausnahmen", 11, "0"),
    ("st_accepted", "akzeptiert", 11, "0"),
    ("st_passed", "erfüllt", 9, "0"),
    ("st_not_applicable", "nicht anwendbar", 12, "0"),
    ("result", "Ergebnis", 26, None),
    ("sha256", "SHA-256", 20, None),
)
FINDING_COLUMNS: tuple[tuple[str, int, str | None], ...] = (
    ("Datei", 38, None), ("Schulträger", 30, None), ("Regel", 24, None), ("Titel", 40, None),
    ("Schwere", 10, None), ("Element", 30, None), ("Zeile", 7, "0"), ("Meldung", 90, None),
)
FORMATS = (".csv", ".xlsx")


def check_overview_target(path: Path, *, force: bool, inputs: list[Any]) -> None:
    """Before any work: a known format, and a target that may be written."""
    if path.suffix.lower() not in FORMATS:
        raise OutputError(f"{path}: die Übersicht ist eine .csv- oder .xlsx-Datei")
    check_target(path, force=force, inputs=inputs)


def _csv_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    return "" if value is None else value


class CsvOverview:
    def __init__(self, path: Path, *, force: bool, inputs: list[Any]) -> None:
        self.out = AtomicOutput(path, force=force, inputs=inputs)
        self.out.write("\ufeff")
        self.writer = csv.writer(self.out, delimiter=";", lineterminator="\r\n")
        self.writer.writerow([c[1] for c in COLUMNS])

    def add(self, row: dict[str, Any], failed: tuple[tuple[Any, ...], ...]) -> None:
        self.writer.writerow([_csv_value(row.get(key)) for key, *_ in COLUMNS])

    def finish(self) -> Path:
        return self.out.commit()

    def discard(self) -> None:
        self.out.discard()


class XlsxOverview:
    def __init__(self, path: Path, *, force: bool, inputs: list[Any]) -> None:
        from openpyxl import Workbook
        from openpyxl.utils import get_column_letter

        self.out = AtomicOutput(path, force=force, inputs=inputs, binary=True)
        self.book = Workbook(write_only=True)
        self.plans = self.book.create_sheet("Pläne")
        self.findings = self.book.create_sheet("Befunde")
        self.rows = {"plans": 1, "findings": 1}
        for sheet, columns in ((self.plans, [(c[1], c[2], c[3]) for c in COLUMNS]),
                               (self.findings, list(FINDING_COLUMNS))):
            for index, (_, width, _) in enumerate(columns, 1):
                sheet.column_dimensions[get_column_letter(index)].width = width
            sheet.freeze_panes = "A2"
            sheet.append([self._head(sheet, title) for title, _, _ in columns])
        self.formats = [c[3] for c in COLUMNS]
        self.finding_formats = [c[2] for c in FINDING_COLUMNS]

    def _head(self, sheet: Any, title: str) -> Any:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font, PatternFill

        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE4EE")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        return cell

    def _row(self, sheet: Any, values: list[Any], formats: list[str | None]) -> list[Any]:
        from openpyxl.cell import WriteOnlyCell

        cells = []
        for value, fmt in zip(values, formats, strict=True):
            if isinstance(value, Decimal):
                value = float(value)
            cell = WriteOnlyCell(sheet, value=value)
            if fmt and value is not None:
                cell.number_format = fmt
            cells.append(cell)
        return cells

    def add(self, row: dict[str, Any], failed: tuple[tuple[Any, ...], ...]) -> None:
        self.plans.append(self._row(self.plans, [row.get(key) for key, *_ in COLUMNS],
                                    self.formats))
        self.rows["plans"] += 1
        for finding in failed:
            self.findings.append(self._row(self.findings, list(finding), self.finding_formats))
            self.rows["findings"] += 1

    def finish(self) -> Path:
        from openpyxl.utils import get_column_letter

        self.plans.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{self.rows['plans']}"
        self.findings.auto_filter.ref = \
            f"A1:{get_column_letter(len(FINDING_COLUMNS))}{self.rows['findings']}"
        try:
            self.book.save(self.out.handle)
        except OSError as exc:
            self.out.discard()
            raise OutputError(f"{self.out.target}: Schreiben fehlgeschlagen ({exc.strerror})") from None
        return self.out.commit()

    def discard(self) -> None:
        self.out.discard()


def open_overview(path: Path, *, force: bool, inputs: list[Any]) -> CsvOverview | XlsxOverview:
    cls = XlsxOverview if path.suffix.lower() == ".xlsx" else CsvOverview
    return cls(path, force=force, inputs=inputs)
