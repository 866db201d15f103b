"""Checks on a workbook file before openpyxl reads it: bounded, and nothing is ever run.

An .xlsx file is a zip archive of XML parts. Before anything is parsed we look at the archive
directory only: the number of parts, their *declared* uncompressed sizes and ratios (Python's
``zipfile`` never inflates a part beyond its declared size, so these bound memory), macros
(``vbaProject.bin``: refused), links to other files (``externalLinks``: refused). Then every
XML part is inflated once, in chunks, and scanned for document type declarations (entity tricks
such as "billion laughs": refused; ``defusedxml``, which openpyxl uses when installed, would
refuse them too), and the worksheets for their number of rows and for merged cells.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field

MAX_PARTS = 2_000
MAX_PART_BYTES = 128 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200
"""Uncompressed/compressed ratio above which a part larger than 1 MB counts as a zip bomb
(worksheet XML compresses about 10 to 30 times)."""
MAX_ROWS = 100_000
"""Rows per sheet. A plan of 400 schools has about 4,000 rows on its largest sheet."""
MAX_COLUMNS = 300
CHUNK = 1 << 20

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?ref=\"([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)\"")
_CELL = re.compile(rb"<(?:\w+:)?c\s+r=\"([A-Z]{1,3})[0-9]")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_OVERLAP = 256


class UnsafeWorkbook(Exception):
    """The file is refused before it is parsed (German message, no location)."""


@dataclass
class ArchiveReport:
    """What the scan found in the worksheet parts (keyed by part name)."""

    rows: dict[str, int] = field(default_factory=dict)
    columns: dict[str, int] = field(default_factory=dict)
    """Number of the rightmost column that holds a cell."""
    merged: dict[str, list[str]] = field(default_factory=dict)


def _kind_of(raw: bytes) -> str:
    if raw.startswith(_OLE2):
        return "ole2"
    if raw.startswith(b"PK"):
        return "zip"
    return "other"


def check_suffix(suffix: str) -> None:
    """Refuse formats other than .xlsx with a German explanation."""
    if suffix in (".xls", ".xlsb"):
        raise UnsafeWorkbook(
            f"Excel-Format {suffix} wird nicht gelesen; bitte in Excel oder LibreOffice "
            "„Speichern unter …“ als „Excel-Arbeitsmappe (.xlsx)“ wählen")
    if suffix in (".xlsm", ".xltm"):
        raise UnsafeWorkbook(
            "Arbeitsmappen mit Makros (.xlsm) werden nicht gelesen – Makros würden nie "
            "ausgeführt, aber ihre Ergebnisse wären nicht nachvollziehbar; bitte als .xlsx "
            "ohne Makros speichern")
    if suffix == ".ods":
        raise UnsafeWorkbook("OpenDocument-Tabellen (.ods) werden nicht gelesen; bitte in "
                             "LibreOffice als „Excel 2007-365 (.xlsx)“ speichern")


def sheet_titles(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part name → sheet title, from ``xl/workbook.xml`` and its relationships
    (parsed with defusedxml; both are small)."""
    from defusedxml.ElementTree import fromstring

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    try:
        book = fromstring(archive.read("xl/workbook.xml"))
        rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, SyntaxError, ValueError):
        return {}
    except Exception as exc:  # defusedxml's refusals (DTD, entities)
        raise UnsafeWorkbook("enthält XML-Entitäten oder eine Dokumenttypdeklaration; aus "
                             "Sicherheitsgründen nicht gelesen") from exc
    targets = {}
    for rel in rels:
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        targets[rel.get("Id")] = target
    titles = {}
    for sheet in book.iter(f"{main}sheet"):
        part = targets.get(sheet.get(f"{rel_ns}id"))
        if part:
            titles[part] = sheet.get("name", part)
    return titles


def _scan(archive: zipfile.ZipFile, info: zipfile.ZipInfo, report: ArchiveReport,
          is_sheet: bool, title: str = "") -> None:
    rows = 0
    widest = ""
    merged: list[str] = []
    tail = b""
    with archive.open(info) as handle:
        while True:
            chunk = handle.read(CHUNK)
            if not chunk:
                break
            data = tail + chunk
            start = len(tail)
            if _DTD.search(data):
                raise UnsafeWorkbook(
                    f"enthält eine XML-Dokumenttypdeklaration ({info.filename}); solche Dateien "
                    "(z. B. mit Entitäten-Tricks) werden aus Sicherheitsgründen nicht gelesen")
            if is_sheet:
                rows += sum(1 for m in _ROW.finditer(data) if m.end() > start)
                merged.extend(m.group(1).decode() for m in _MERGE.finditer(data)
                              if m.end() > start)
                for m in _CELL.finditer(data):
                    letters = m.group(1).decode()
                    if (len(letters), letters) > (len(widest), widest):
                        widest = letters
                if rows > MAX_ROWS:
                    raise UnsafeWorkbook(
                        f"Blatt „{title or info.filename}“ hat mehr als {MAX_ROWS:,} Zeilen; "
                        f"mepcheck liest höchstens {MAX_ROWS:,} Zeilen je Blatt (ein Plan mit "
                        "400 Schulen braucht etwa 4.000)".replace(",", "."))
            tail = data[-_OVERLAP:]
    if is_sheet:
        report.rows[info.filename] = rows
        report.merged[info.filename] = merged
        report.columns[info.filename] = _column_number(widest)
        if report.columns[info.filename] > MAX_COLUMNS:
            raise UnsafeWorkbook(
                f"Blatt „{title or info.filename}“ hat Werte rechts von Spalte {MAX_COLUMNS}; "
                f"mepcheck liest höchstens {MAX_COLUMNS} Spalten je Blatt")


def _column_number(letters: str) -> int:
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number


def check_archive(raw: bytes) -> ArchiveReport:
    """Check a workbook's bytes before parsing; raise :class:`UnsafeWorkbook`."""
    kind = _kind_of(raw)
    if kind == "ole2":
        raise UnsafeWorkbook(
            "ist eine alte Excel-Datei (.xls, Format vor 2007) oder eine verschlüsselte "
            "Arbeitsmappe; bitte ohne Kennwort als „Excel-Arbeitsmappe (.xlsx)“ speichern")
    if kind != "zip":
        raise UnsafeWorkbook("ist keine Excel-Arbeitsmappe (.xlsx): der Inhalt ist kein "
                             "Office-Open-XML-Archiv (vielleicht CSV, HTML oder eine "
                             "umbenannte Datei?)")
    import io

    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise UnsafeWorkbook(f"ist beschädigt oder keine Excel-Arbeitsmappe ({exc})") from None
    with archive:
        names = {i.filename for i in infos}
        if len(infos) > MAX_PARTS:
            raise UnsafeWorkbook(f"enthält zu viele Teile ({len(infos)}, höchstens {MAX_PARTS})")
        if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
            if "mimetype" in names or "content.xml" in names:
                raise UnsafeWorkbook("ist eine OpenDocument-Tabelle (.ods), keine .xlsx-Datei; "
                                     "bitte in LibreOffice als „Excel 2007-365 (.xlsx)“ speichern")
            raise UnsafeWorkbook("ist keine Excel-Arbeitsmappe (.xlsx): das Archiv enthält "
                                 "keine Tabellenblätter")
        if any(n.lower().endswith("vbaproject.bin") for n in names):
            raise UnsafeWorkbook(
                "enthält Makros (VBA); Arbeitsmappen mit Makros werden nicht gelesen (Makros "
                "würden nie ausgeführt). Bitte als „Excel-Arbeitsmappe (.xlsx)“ ohne Makros "
                "speichern")
        links = sorted(n for n in names if n.startswith("xl/externalLinks/") and n.endswith(".xml"))
        if links:
            raise UnsafeWorkbook(
                f"enthält {len(links)} Verknüpfung(en) zu anderen Dateien; deren Werte wären nicht "
                "nachprüfbar. Bitte die Verknüpfungen lösen (Excel: Daten › Verknüpfungen "
                "bearbeiten › Verknüpfung aufheben; LibreOffice: Bearbeiten › Verknüpfungen) "
                "und erneut speichern")
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise UnsafeWorkbook("ist verschlüsselt; bitte ohne Kennwort speichern")
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if (info.file_size > MAX_PART_BYTES or total > MAX_TOTAL_BYTES
                    or (info.file_size > CHUNK and ratio > MAX_RATIO)):
                raise UnsafeWorkbook(
                    f"entpackt zu {total // (1024 * 1024) or 1} MB oder mehr (Teil "
                    f"{info.filename}: {info.file_size:,} Bytes aus {info.compress_size:,}); "
                    f"höchstens {MAX_TOTAL_BYTES // (1024 * 1024)} MB – abgelehnt, ohne zu "
                    "entpacken".replace(",", "."))
        report = ArchiveReport()
        titles: dict[str, str] = {}
        for info in infos:
            name = info.filename
            if not name.endswith((".xml", ".rels", ".vml")):
                continue
            try:
                if name.startswith("xl/worksheets/") and not titles:
                    titles = sheet_titles(archive) or {"": ""}
                _scan(archive, info, report, name.startswith("xl/worksheets/"),
                      titles.get(name, ""))
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
                raise UnsafeWorkbook(f"ist beschädigt ({name}: {exc})") from None
    return report
