"""Bad workbooks: each gets a clear German error, exit code 2, no traceback, bounded memory,
and nothing in them is ever run."""

from __future__ import annotations

import shutil
import subprocess
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from mepcheck.cli import cli
from mepcheck.loading import PlanLoadError, load_plan
from mepcheck.workbook.safety import MAX_ROWS
from tests.conftest import ROOT
from tests.workbook_support import letter, save, workbook_of

LINDENAU = ROOT / "fixtures" / "examples" / "gemeinde-lindenau.yaml"


def _refused(path: Path, *expected: str) -> str:
    """Validate ``path`` through the CLI: exit 2, German message naming the file, no traceback."""
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    for text in expected:
        assert text in result.output, result.output
    assert str(path) in result.output
    return result.output


def _good_workbook(tmp_path: Path, minimal_plan: dict) -> Path:
    return save(workbook_of(minimal_plan), tmp_path / "plan.xlsx")


def _rewrite(src: Path, dst: Path, change: dict[str, bytes | None] | None = None,
             add: dict[str, bytes] | None = None) -> Path:
    """Copy a workbook archive, replacing (or with ``None`` dropping) parts and adding some."""
    with zipfile.ZipFile(src) as old, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if change and info.filename in change:
                if change[info.filename] is None:
                    continue
                data = change[info.filename]  # type: ignore[assignment]
            new.writestr(info.filename, data)
        for name, data in (add or {}).items():
            new.writestr(name, data)
    return dst


def _sheet_part(path: Path, title: str) -> str:
    book = openpyxl.load_workbook(path, read_only=True)
    part = book[title]._worksheet_path
    book.close()
    return part.lstrip("/")


def test_text_file_named_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_text("Schule;Schüler\nGS Am Bach;212\n", encoding="utf-8")
    _refused(path, "keine Excel-Arbeitsmappe (.xlsx)")


def test_other_zip_named_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "kein Excel")
    _refused(path, "keine Excel-Arbeitsmappe", "keine Tabellenblätter")


def test_old_binary_xls(tmp_path: Path) -> None:
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    (tmp_path / "plan.xls").write_bytes(ole2)
    _refused(tmp_path / "plan.xls", "Excel-Format .xls wird nicht gelesen", ".xlsx")
    # the same content under the new suffix (or a password-protected workbook)
    (tmp_path / "plan.xlsx").write_bytes(ole2)
    _refused(tmp_path / "plan.xlsx", "alte Excel-Datei (.xls", "verschlüsselte")


def test_macros_are_refused_never_run(tmp_path: Path, minimal_plan: dict) -> None:
    good = _good_workbook(tmp_path, minimal_plan)
    with_vba = _rewrite(good, tmp_path / "makro.xlsx", add={"xl/vbaProject.bin": b"\x00" * 64})
    _refused(with_vba, "enthält Makros (VBA)", "nie ausgeführt")
    shutil.copy(with_vba, tmp_path / "makro.xlsm")
    _refused(tmp_path / "makro.xlsm", "Makros (.xlsm) werden nicht gelesen")


def test_zip_bomb_is_refused_before_inflating(tmp_path: Path, minimal_plan: dict) -> None:
    good = _good_workbook(tmp_path, minimal_plan)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(good) as old, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED,
                                                       compresslevel=1) as new:
        for info in old.infolist():
            new.writestr(info.filename, old.read(info))
        with new.open("xl/media/padding.xml", "w", force_zip64=True) as part:
            block = b"\0" * (1 << 20)
            for _ in range(300):  # 300 MB of zeros, about 300 KB compressed
                part.write(block)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(PlanLoadError) as info:
            load_plan(bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "entpackt zu" in str(info.value) and "ohne zu entpacken" in str(info.value)
    assert peak < 32 * 1024 * 1024
    _refused(bomb, "abgelehnt")


def test_xml_entities_are_refused(tmp_path: Path, minimal_plan: dict) -> None:
    good = _good_workbook(tmp_path, minimal_plan)
    part = _sheet_part(good, "Schulen")
    with zipfile.ZipFile(good) as archive:
        xml = archive.read(part)
    laughs = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
              b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n')
    body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
    bad = _rewrite(good, tmp_path / "entities.xlsx", change={part: laughs + body})
    _refused(bad, "Dokumenttypdeklaration", "Sicherheitsgründen")


def test_external_links_are_refused(tmp_path: Path, minimal_plan: dict) -> None:
    good = _good_workbook(tmp_path, minimal_plan)
    link = (b'<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns="http://schemas.'
            b'openxmlformats.org/spreadsheetml/2006/main"><externalBook/></externalLink>')
    bad = _rewrite(good, tmp_path / "links.xlsx", add={"xl/externalLinks/externalLink1.xml": link})
    _refused(bad, "Verknüpfung(en) zu anderen Dateien", "Verknüpfung aufheben")


def test_hidden_sheet_with_data_is_refused(tmp_path: Path, minimal_plan: dict) -> None:
    book = workbook_of(minimal_plan)
    book["Beteiligung"].sheet_state = "hidden"
    book["Supportebenen"].sheet_state = "hidden"  # has data
    path = save(book, tmp_path / "hidden.xlsx")
    _refused(path, "Blatt „Supportebenen“ ist ausgeblendet und enthält Daten", "einblenden")
    # a hidden sheet without data is harmless
    book = workbook_of(minimal_plan)
    book["Beteiligung"].sheet_state = "hidden"
    assert load_plan(save(book, tmp_path / "hidden-empty.xlsx")).plan.carrier.name == "Musterstadt"


def test_merged_cells_in_data_area_are_located(tmp_path: Path, minimal_plan: dict) -> None:
    minimal_plan["schulen"].append({**minimal_plan["schulen"][0], "id": "s2", "bestand": []})
    book = workbook_of(minimal_plan)
    col = letter("schulen", "schulform")
    book["Schulen"].merge_cells(f"{col}3:{col}4")
    path = save(book, tmp_path / "merged.xlsx")
    output = _refused(path, f"Blatt „Schulen“, Zelle {col}3: verbundene Zellen {col}3:{col}4 "
                            "im Datenbereich")
    assert "Verbindung aufheben" in output


def test_a_million_rows_is_refused_quickly(tmp_path: Path, minimal_plan: dict) -> None:
    good = _good_workbook(tmp_path, minimal_plan)
    part = _sheet_part(good, "Beteiligung")
    rows = 1_000_000
    head = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
            b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
    body = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>Eltern %d</t></is></c></row>'
                    % (n, n, n * 7919 % 100_003) for n in range(1, rows + 1))
    big = _rewrite(good, tmp_path / "million.xlsx",
                   change={part: head + body + b"</sheetData></worksheet>"})
    del body
    tracemalloc.start()
    try:
        with pytest.raises(PlanLoadError) as info:
            load_plan(big)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert f"höchstens {MAX_ROWS:,} Zeilen je Blatt".replace(",", ".") in str(info.value)
    assert "Blatt „Beteiligung“" in str(info.value)
    assert peak < 64 * 1024 * 1024


def test_workbook_saved_by_libreoffice_reads_as_the_same_plan() -> None:
    """A committed workbook that LibreOffice Calc 7.4 saved from ``mepcheck example --xlsx``,
    beside the plan it was made from (``mepcheck convert`` of the example at that time).

    If the plan model changes so that this test fails, make both files again:
    ``mepcheck example --xlsx -o X.xlsx``, ``soffice --headless --convert-to
    "xlsx:Calc MS Excel 2007 XML" X.xlsx`` and ``mepcheck convert`` of the example to YAML."""
    folder = ROOT / "fixtures" / "workbooks"
    made_by_office = folder / "gemeinde-lindenau-libreoffice.xlsx"
    with zipfile.ZipFile(made_by_office) as archive:
        assert b"LibreOffice" in archive.read("docProps/app.xml")
    expected = load_plan(folder / "gemeinde-lindenau-libreoffice.yaml").plan.model_dump()
    assert load_plan(made_by_office).plan.model_dump() == expected


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) fehlt")
def test_libreoffice_round_trip_now(tmp_path: Path) -> None:
    """Write a workbook, let LibreOffice open and save it as .xlsx, read it back."""
    source = tmp_path / "in" / "plan.xlsx"
    source.parent.mkdir()
    assert CliRunner().invoke(cli, ["example", "--xlsx", "-o", str(source)]).exit_code == 0
    out = tmp_path / "out"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out),
                    str(source)], check=True, capture_output=True, timeout=180)
    saved = out / "plan.xlsx"
    if not saved.exists():
        pytest.skip("LibreOffice ohne Calc (libreoffice-calc-nogui) kann keine .xlsx speichern")
    with zipfile.ZipFile(saved) as archive:
        assert b"LibreOffice" in archive.read("docProps/app.xml")
    assert load_plan(saved).plan.model_dump() == load_plan(LINDENAU).plan.model_dump()


def test_plan_text_is_never_written_as_a_formula(minimal_plan: dict, tmp_path: Path) -> None:
    minimal_plan["traeger"]["ansprechpartner"] = '=HYPERLINK("http://example.invalid","x")'
    book = workbook_of(minimal_plan)
    path = save(book, tmp_path / "plan.xlsx")
    with zipfile.ZipFile(path) as archive:
        assert not any(b"<f>" in archive.read(n) for n in archive.namelist()
                       if n.startswith("xl/worksheets/"))
    plan = load_plan(path).plan
    assert plan.carrier.contact == '=HYPERLINK("http://example.invalid","x")'


def test_a_deleted_sheet_is_named_once(tmp_path: Path) -> None:
    """Without the Schulen sheet: the missing sheet is named, and its child sheets get one
    note each instead of one per row (found by the workbook fuzzer: a KeyError before)."""
    book = workbook_of(yaml.safe_load(LINDENAU.read_text(encoding="utf-8")))
    del book["Schulen"]
    output = _refused(save(book, tmp_path / "ohne-schulen.xlsx"),
                      "schulen: das Blatt „Schulen“ fehlt in der Arbeitsmappe (Pflichtfeld fehlt)",
                      "Blatt „Bestand“, Zelle A3: das Blatt „Schulen“ fehlt in der Arbeitsmappe")
    assert output.count("Blatt „Bestand“") == 1
    assert "gibt es auf dem Blatt „Schulen“ nicht" not in output
