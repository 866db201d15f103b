"""Reading a workbook a clerk filled: German values, formulas, located errors, CLI."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from mepcheck.cli import cli
from mepcheck.loading import PlanLoadError, load_plan
from mepcheck.workbook.layout import plan_layout
from tests.workbook_support import form_row, letter, save, workbook_of


def _load_error(path: Path) -> list[str]:
    with pytest.raises(PlanLoadError) as info:
        load_plan(path)
    return [str(i) for i in info.value.issues]


def test_error_names_sheet_cell_and_field(minimal_plan: dict, tmp_path: Path) -> None:
    book = workbook_of(minimal_plan)
    col = letter("schulen", "schueler")
    book["Schulen"][f"{col}3"] = "viele"
    path = save(book, tmp_path / "plan.xlsx")
    with pytest.raises(PlanLoadError) as info:
        load_plan(path)
    assert [str(i) for i in info.value.issues] == [
        f"{path}: Blatt „Schulen“, Zelle {col}3 (schueler): erwartet eine ganze Zahl, "
        "gefunden 'viele'"]


def test_all_errors_at_once_in_workbook_order(minimal_plan: dict, tmp_path: Path) -> None:
    book = workbook_of(minimal_plan)
    book["Schulen"][f"{letter('schulen', 'schulform')}3"] = "Waldorfschule"
    book["Schulen"][f"{letter('schulen', 'klassen')}3"] = None  # a required value
    book["Bestand"][f"{letter('schulen.bestand', 'anzahl')}3"] = "zwölf"
    book["Träger und Plan"][f"B{form_row(book, 'Träger und Plan', 'plan.stichtag')}"] = "31.02.2026"
    messages = _load_error(save(book, tmp_path / "plan.xlsx"))
    assert len(messages) == 4
    assert "Blatt „Träger und Plan“" in messages[0] and "'31.02.2026' ist kein gültiges Datum" in messages[0]
    assert "(schulform): 'Waldorfschule' ist nicht erlaubt; erlaubt: Grundschule" in messages[1]
    assert f"Zelle {letter('schulen', 'klassen')}3 (klassen): Pflichtfeld fehlt" in messages[2]
    assert "Blatt „Bestand“" in messages[3] and "(anzahl)" in messages[3]


def test_german_text_values_are_understood(minimal_plan: dict, tmp_path: Path) -> None:
    minimal_plan["massnahmen"] = [{
        "id": "m1", "titel": "Tablets", "schule": "s1", "handlungsfeld": "endgeraete",
        "foerderkategorie": "mobiles_endgeraet", "geraetetyp": "tablet", "anzahl": 10,
        "einzelpreis": 450, "kostenart": "investition", "foerderprogramm": "dp20"}]
    book = workbook_of(minimal_plan)
    ws = book["Maßnahmen"]
    ws[f"{letter('massnahmen', 'einzelpreis')}3"] = "1.234,56 €"
    ws[f"{letter('massnahmen', 'beginn')}3"] = "01.03.2026"
    ws[f"{letter('massnahmen', 'handlungsfeld')}3"] = "ENDGERAETE"  # the raw key, any case
    ws[f"{letter('massnahmen', 'selbstaendiger_abschnitt')}3"] = "Ja"
    schools = book["Schulen"]
    schools[f"{letter('schulen', 'abdeckung.wlan')}3"] = "20 %"
    schools[f"{letter('schulen', 'plattformen')}3"] = "iPadOS; Windows"
    schools[f"{letter('schulen', 'medienkonzept.datum')}3"] = dt.datetime(2025, 6, 1)
    plan = load_plan(save(book, tmp_path / "plan.xlsx")).plan
    measure = plan.measures[0]
    assert measure.unit_cost == Decimal("1234.56")
    assert measure.start == dt.date(2026, 3, 1)
    assert measure.field.value == "endgeraete"
    assert measure.separate_section is True
    assert plan.schools[0].coverage.wlan == Decimal("0.2")
    assert plan.schools[0].platforms == ["iPadOS", "Windows"]
    assert plan.schools[0].media_concept.date == dt.date(2025, 6, 1)


def test_formula_uses_saved_value_and_unsaved_formula_is_an_error(minimal_plan: dict,
                                                                   tmp_path: Path) -> None:
    book = workbook_of(minimal_plan)
    col = letter("schulen", "schueler")
    book["Schulen"][f"{col}3"] = "=400*2"
    path = save(book, tmp_path / "plan.xlsx")  # openpyxl saves no computed value
    messages = _load_error(path)
    assert messages == [f"{path}: Blatt „Schulen“, Zelle {col}3 (schueler): Formel ohne gespeicherten "
                        "Wert – bitte die Mappe in Excel oder LibreOffice öffnen, neu berechnen "
                        "und speichern"]
    # the same formula with the value a spreadsheet program saved beside it
    cached = _with_cached_value(path, f"{col}3", "800")
    assert load_plan(cached).plan.schools[0].pupils == 800


def _with_cached_value(path: Path, ref: str, value: str) -> Path:
    """Add ``<v>value</v>`` to the formula cell ``ref`` of the second sheet's XML ("Schulen"),
    as Excel and LibreOffice do when they save."""
    import re
    import zipfile

    out = path.with_name("cached.xlsx")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        book = openpyxl.load_workbook(path, read_only=True)
        index = book.sheetnames.index("Schulen") + 1
        book.close()
        for info in src.infolist():
            data = src.read(info)
            if info.filename == f"xl/worksheets/sheet{index}.xml":
                data = re.sub(rb'(<c r="' + ref.encode() + rb'"[^>]*>)<f>([^<]*)</f>(<v\s*/>|<v></v>)?',
                              lambda m: m.group(1) + b"<f>" + m.group(2) + b"</f><v>"
                              + value.encode() + b"</v>", data)
            dst.writestr(info, data)
    return out


def test_empty_rows_are_skipped_and_renamed_headings_do_not_matter(minimal_plan: dict,
                                                                    tmp_path: Path) -> None:
    book = workbook_of(minimal_plan)
    ws = book["Bestand"]
    ws.move_range("A3:Z3", rows=5)  # the item now in row 8, rows 3-7 empty
    for cell in ws[1]:
        if cell.value:
            cell.value = f"Umbenannt {cell.column}"
    plan = load_plan(save(book, tmp_path / "plan.xlsx")).plan
    assert plan.schools[0].inventory[0].quantity == 40


def test_unknown_parent_is_located(minimal_plan: dict, tmp_path: Path) -> None:
    book = workbook_of(minimal_plan)
    book["Bestand"]["A3"] = "s9"
    messages = _load_error(save(book, tmp_path / "plan.xlsx"))
    assert messages == [f"{tmp_path / 'plan.xlsx'}: Blatt „Bestand“, Zelle A3: 's9' gibt es auf "
                        "dem Blatt „Schulen“ nicht"]


def test_sheet_without_key_row_is_read_by_headings(minimal_plan: dict, tmp_path: Path) -> None:
    """A sheet a clerk built by hand (headings only, no hidden key row) is understood."""
    book = workbook_of(minimal_plan)
    ws = book["Beteiligung"]
    sheet = plan_layout().by_key()["beteiligung"]
    ws.delete_rows(1, 2)
    ws.append([c.heading for c in sheet.columns])
    ws.append(["Schulleitungen", "Workshop", dt.datetime(2025, 11, 3), 12])
    plan = load_plan(save(book, tmp_path / "plan.xlsx")).plan
    assert plan.participation[0].group.value == "schulleitungen"
    assert plan.participation[0].participants == 12


def test_findings_point_to_sheet_and_cell_in_reports(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[1] / "fixtures" / "examples" / "gemeinde-lindenau.yaml"
    runner = CliRunner()
    xlsx = tmp_path / "lindenau.xlsx"
    assert runner.invoke(cli, ["convert", str(example), str(xlsx)]).exit_code == 0
    text = runner.invoke(cli, ["check", str(xlsx)])
    assert "(Blatt „Bestand“, Zeile 3)" in text.output
    data = json.loads(runner.invoke(cli, ["check", str(xlsx), "--format", "json"]).output)
    cells = [f["cell"] for f in data["findings"] if "cell" in f]
    assert {"sheet": "Bestand", "cell": None, "row": 3} in cells
    assert all(f["line"] is None for f in data["findings"])
    sarif = json.loads(runner.invoke(cli, ["check", str(xlsx), "--format", "sarif"]).output)
    results = sarif["runs"][0]["results"]
    assert {"sheet": "Bestand", "row": 3, "cell": None} in [r["locations"][0].get("properties") for r in results]
    assert any(r["message"]["text"].endswith("[Blatt „Bestand“, Zeile 3]") for r in results)


def test_cli_reports_workbook_errors_with_exit_2(minimal_plan: dict, tmp_path: Path) -> None:
    book = workbook_of(minimal_plan)
    book["Schulen"][f"{letter('schulen', 'schueler')}3"] = "viele"
    path = save(book, tmp_path / "plan.xlsx")
    for command in (["check", str(path)], ["validate", str(path)],
                    ["assemble", str(path), "-o", str(tmp_path / "mep.docx")]):
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 2, command
        assert "Blatt „Schulen“, Zelle" in result.output
        assert "Traceback" not in result.output


def test_written_workbook_is_made_for_a_clerk(minimal_plan: dict) -> None:
    book = workbook_of(minimal_plan)
    assert book.sheetnames[0] == "Anleitung" and book.sheetnames[-1] == "Auswahllisten"
    layout = plan_layout()
    for sheet in layout.sheets:
        ws = book[sheet.title]
        covered = {str(r).split(":")[0].rstrip("0123456789") if not sheet.form else str(r)
                   for dv in ws.data_validations.dataValidation for r in dv.sqref.ranges}
        if sheet.form:
            assert ws.freeze_panes == "A2" and ws.column_dimensions["D"].hidden
            # every field row has input help
            assert len(ws.data_validations.dataValidation) == len(sheet.columns)
            continue
        assert ws.freeze_panes == "B3"
        assert ws.row_dimensions[2].hidden
        assert [c.value for c in ws[2]][: len(sheet.columns)] == [c.key for c in sheet.columns]
        assert len(covered) == len(sheet.columns)  # input help on every column
        for dv in ws.data_validations.dataValidation:
            assert dv.prompt and dv.showInputMessage
            assert len(dv.prompt) <= 255 and len(dv.promptTitle) <= 32  # Excel's limits
        for index, column in enumerate(sheet.columns, 1):
            dims = ws.column_dimensions[openpyxl.utils.get_column_letter(index)]
            assert 10 <= dims.width <= 48
            if column.kind == "money" and not column.many:
                assert "€" in dims.number_format
            if column.kind == "percent":
                assert "%" in dims.number_format
    # every enumeration has its drop-down list with German labels
    lists = [dv for name in book.sheetnames for dv in book[name].data_validations.dataValidation
             if dv.type == "list"]
    assert any("Auswahllisten" in (dv.formula1 or "") for dv in lists)
    values = {c.value for row in book["Auswahllisten"].iter_rows() for c in row}
    assert {"Grundschule", "Nordrhein-Westfalen", "in Arbeit", "DigitalPakt 2019"} <= values


def test_new_workbook_reads_as_missing_sections(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["workbook", "new", str(tmp_path / "leer.xlsx")])
    assert result.exit_code == 0
    messages = _load_error(tmp_path / "leer.xlsx")
    assert any("Blatt „Träger und Plan“" in m and "Pflichtfeld fehlt" in m for m in messages)
    assert any("Blatt „Schulen“, Zeile 3 (schulen): Pflichtfeld fehlt" in m for m in messages)
    again = CliRunner().invoke(cli, ["workbook", "new", str(tmp_path / "leer.xlsx")])
    assert again.exit_code == 2 and "existiert bereits" in again.output


def test_convert_never_overwrites_input_and_needs_force(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[1] / "fixtures" / "examples" / "gemeinde-lindenau.yaml"
    runner = CliRunner()
    xlsx = tmp_path / "p.xlsx"
    assert runner.invoke(cli, ["convert", str(example), str(xlsx)]).exit_code == 0
    assert runner.invoke(cli, ["convert", str(xlsx), str(xlsx), "--force"]).exit_code == 2
    assert runner.invoke(cli, ["convert", str(example), str(xlsx)]).exit_code == 2
    assert runner.invoke(cli, ["convert", str(example), str(xlsx), "--force"]).exit_code == 0
    assert runner.invoke(cli, ["convert", str(example), str(tmp_path / "p.txt")]).exit_code == 2
    result = runner.invoke(cli, ["example", "landkreis-hohenwald", "--xlsx", "-o",
                                 str(tmp_path / "hw.xlsx")])
    assert result.exit_code == 0
    assert len(load_plan(tmp_path / "hw.xlsx").plan.schools) > 30


def test_convert_with_findings_sheet(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[1] / "fixtures" / "examples" / "gemeinde-lindenau.yaml"
    out = tmp_path / "geprueft.xlsx"
    result = CliRunner().invoke(cli, ["convert", str(example), str(out), "--befunde"])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[1] == "Befunde"
    ws = book["Befunde"]
    assert [c.value for c in ws[1]] == ["Code", "Schwere", "Status", "Stelle", "Feld", "Meldung",
                                        "Abhilfe"]
    assert ws.auto_filter.ref.startswith("A1:G")
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert rows and rows[0][2] == "nicht erfüllt"
    linked = [c for c in ws["D"][1:] if c.hyperlink is not None]
    assert linked and linked[0].hyperlink.location.startswith("'")
    # the findings sheet does not disturb reading the plan back
    assert load_plan(out).plan.carrier.name == "Gemeinde Lindenau"


def test_document_from_a_workbook_verifies_against_it(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[1] / "fixtures" / "examples" / "gemeinde-lindenau.yaml"
    runner = CliRunner()
    xlsx, docx = tmp_path / "plan.xlsx", tmp_path / "mep.docx"
    assert runner.invoke(cli, ["convert", str(example), str(xlsx)]).exit_code == 0
    assert runner.invoke(cli, ["assemble", str(xlsx), "-o", str(docx)]).exit_code in (0, 1)
    assert runner.invoke(cli, ["verify", str(docx), str(xlsx)]).exit_code == 0
    # the YAML file is a different file, even with the same content
    assert runner.invoke(cli, ["verify", str(docx), str(example)]).exit_code == 1


def test_unknown_choice_suggests_the_nearest_label(minimal_plan: dict, tmp_path: Path) -> None:
    book = workbook_of(minimal_plan)
    col = letter("schulen", "schulform")
    book["Schulen"][f"{col}3"] = "Gymnasum"
    messages = _load_error(save(book, tmp_path / "plan.xlsx"))
    assert len(messages) == 1
    assert f"Zelle {col}3 (schulform): 'Gymnasum' ist nicht erlaubt – Meinten Sie „Gymnasium“?" \
        in messages[0]
