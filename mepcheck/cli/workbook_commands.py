"""``workbook new`` and ``convert``: the plan as an Excel workbook, in and out."""

from __future__ import annotations

from pathlib import Path

import click

from mepcheck.cli.options import fail_input, force_option, profile_option


def _write(plan: object, output: Path, force: bool, inputs: list[Path],
           findings: object = None) -> None:
    from mepcheck.io import OutputError
    from mepcheck.workbook.convert import ConvertError, write_plan
    from mepcheck.workbook.writer import WorkbookWriteError

    try:
        write_plan(plan, output, force=force, inputs=inputs, findings=findings)  # type: ignore[arg-type]
    except (OutputError, ConvertError, WorkbookWriteError) as exc:
        fail_input(str(exc))
    click.echo(f"geschrieben: {output}", err=True)


@click.group()
def workbook() -> None:
    """Arbeitsmappen (.xlsx) für Pläne: leere Vorlage; Umwandeln mit 'mepcheck convert'."""


@workbook.command("new")
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@force_option
def workbook_new(output: Path, force: bool) -> None:
    """Eine leere, deutsche Plan-Arbeitsmappe OUTPUT (.xlsx) schreiben.

    Mit Anleitung, Auswahllisten und Eingabehilfe in jeder Spalte; ausgefüllt prüft sie
    'mepcheck check OUTPUT'.
    """
    from mepcheck.io import OutputError, write_atomic
    from mepcheck.workbook.writer import workbook_bytes

    if output.suffix.lower() != ".xlsx":
        fail_input(f"{output}: eine Arbeitsmappe endet auf .xlsx")
    try:
        write_atomic(output, workbook_bytes(None)[0], force=force)
    except OutputError as exc:
        fail_input(str(exc))
    click.echo(f"geschrieben: {output}", err=True)


@click.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@force_option
@click.option("--befunde", is_flag=True,
              help="Den Plan prüfen und das Blatt „Befunde“ in die Arbeitsmappe schreiben.")
@profile_option
def convert(source: Path, output: Path, force: bool, befunde: bool, profile: str | None) -> None:
    """Einen Plan umwandeln: YAML, JSON und Arbeitsmappe (.xlsx) in jede Richtung.

    Das Format ergibt sich aus der Endung (.yaml/.yml, .json, .xlsx). Der Plan wird dabei
    vollständig gelesen und geprüft (Aufbau, Typen, Verweise); Fehler mit Ort, Exit-Code 2.
    Die Eingabe wird nie überschrieben, eine vorhandene Ausgabe nur mit --force.
    """
    from mepcheck.cli.options import check_output
    from mepcheck.loading import PlanLoadError, load_plan
    from mepcheck.workbook.convert import ConvertError

    check_output(output, force, [source])
    try:  # the target format is checked before the (possibly long) reading
        if output.suffix.lower() not in (".yaml", ".yml", ".json", ".xlsx"):
            raise ConvertError(f"{output}: unbekanntes Zielformat; erwartet .yaml, .yml, .json "
                               "oder .xlsx")
        if befunde and output.suffix.lower() != ".xlsx":
            raise ConvertError("--befunde: Befunde gibt es nur in einer Arbeitsmappe (.xlsx)")
    except ConvertError as exc:
        fail_input(str(exc))
    try:
        loaded = load_plan(source)
    except PlanLoadError as exc:
        click.echo(f"{source}: {len(exc.issues)} Fehler", err=True)
        for issue in exc.issues:
            click.echo(f"  {issue}", err=True)
        fail_input(f"{source}: nicht umgewandelt")
        return
    findings = None
    if befunde:
        from mepcheck.checker import check_plan
        from mepcheck.rules.errors import RuleFileError

        try:
            findings = check_plan(loaded, profile=profile).findings
        except (RuleFileError, KeyError, ValueError) as exc:
            fail_input(f"Prüfung nicht möglich: {exc}")
    _write(loaded.plan, output, force, [source], findings)
