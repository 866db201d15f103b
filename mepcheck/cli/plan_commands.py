"""``validate``, ``schema`` and ``example``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from mepcheck.cli.options import emit, force_option, output_option


@click.command()
@click.argument("plans", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(plans: tuple[Path, ...]) -> None:
    """Plan-Dateien (YAML, JSON oder Arbeitsmappe .xlsx) lesen und prüfen: Aufbau, Typen,
    Verweise.

    Jeder Fehler wird mit Datei, Zeile, Spalte (Arbeitsmappe: Blatt und Zelle) und Feld
    gemeldet; Exit-Code 2.
    """
    from mepcheck.exitcodes import ExitCode
    from mepcheck.loading import PlanLoadError, load_plan

    worst = ExitCode.OK
    for path in plans:
        try:
            loaded = load_plan(path)
        except PlanLoadError as exc:
            click.echo(f"{path}: {len(exc.issues)} Fehler", err=True)
            for issue in exc.issues:
                click.echo(f"  {issue}", err=True)
            worst = ExitCode.INPUT_ERROR
            continue
        plan = loaded.plan
        def count(n: int, one: str, many: str) -> str:
            return f"{n} {one if n == 1 else many}"

        click.echo(f"{path}: gültig – {plan.carrier.name} ({plan.carrier.land.value}), "
                   f"{count(len(plan.schools), 'Schule', 'Schulen')}, "
                   f"{count(len(plan.measures), 'Maßnahme', 'Maßnahmen')}, "
                   f"{count(len(plan.services), 'Dienst', 'Dienste')}")
    raise SystemExit(int(worst))


@click.command()
@click.option("--format", "-f", "fmt", type=click.Choice(["json", "markdown"]), default="json",
              show_default=True,
              help="json: JSON-Schema; markdown: Feldreferenz (wie docs/feldreferenz.md)")
@output_option
@force_option
def schema(fmt: str, output: Path | None, force: bool) -> None:
    """JSON-Schema der Plan-Dateien ausgeben (für Editoren mit Vervollständigung).

    Jedes Feld hat einen deutschen Titel, eine Beschreibung mit Einheit, Beispiel, Kapitel
    und den Regeln, die es prüfen, und bei Zahlen den erlaubten Wertebereich.
    """
    if fmt == "markdown":
        from mepcheck.model.fielddocs import render_field_reference

        emit(render_field_reference(), output, force, [])
        return
    from mepcheck.model.schema import plan_json_schema

    data = plan_json_schema()
    emit(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", output, force, [])


@click.command()
@click.argument("name", required=False, default="gemeinde-lindenau")
@output_option
@force_option
@click.option("--xlsx", is_flag=True,
              help="Als Arbeitsmappe (.xlsx) schreiben; braucht --output DATEI.xlsx.")
def example(name: str, output: Path | None, force: bool, xlsx: bool) -> None:
    """Ein mitgeliefertes Beispiel ausgeben (Vorlage für einen eigenen Plan).

    NAME: gemeinde-lindenau (Standard), landkreis-hohenwald, freier-traeger-rosenstein,
    foerderverstoesse.
    """
    from mepcheck.cli.options import fail_input
    from mepcheck.examples import example_path

    try:
        path = example_path(name.removesuffix(".yaml"))
    except FileNotFoundError as exc:
        raise click.UsageError(str(exc)) from None
    if not xlsx:
        emit(path.read_text(encoding="utf-8"), output, force, [path])
        return
    if output is None or output.suffix.lower() != ".xlsx":
        raise click.UsageError("--xlsx braucht --output DATEI.xlsx (eine Arbeitsmappe ist "
                               "keine Textausgabe)")
    from mepcheck.io import OutputError
    from mepcheck.loading import load_plan
    from mepcheck.workbook.convert import write_plan

    try:
        write_plan(load_plan(path).plan, output, force=force, inputs=[path])
    except OutputError as exc:
        fail_input(str(exc))
    click.echo(f"geschrieben: {output}", err=True)
