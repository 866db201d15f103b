"""``mepcheck check``: the main job."""

from __future__ import annotations

from pathlib import Path

import click

from mepcheck.cli.options import (
    compose,
    emit,
    engine_option,
    force_option,
    output_option,
    profile_option,
    rules_option,
)


@click.command()
@click.argument("plans", nargs=-1, type=click.Path(path_type=Path))
@compose(profile_option, rules_option, engine_option)
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json", "sarif", "junit"]),
              default="text", show_default=True, help="Ausgabeformat.")
@compose(output_option, force_option)
@click.option("--strict", is_flag=True, help="Auch Warnungen führen zu Exit-Code 1.")
@click.option("--verbose", "-v", is_flag=True, help="Im Textbericht auch erfüllte Prüfungen zeigen.")
def check(plans: tuple[Path, ...], profile: str | None, rules_dirs: tuple[Path, ...], engine: str,
          fmt: str, output: Path | None, force: bool, strict: bool, verbose: bool) -> None:
    """Pläne prüfen. Ohne PLAN wird das mitgelieferte Beispiel geprüft.

    Mehrere Pläne werden nacheinander geprüft; ein fehlerhafter Plan hält die
    anderen nicht auf. Exit-Code: der schlechteste aller Pläne.
    """
    from mepcheck.checker import check_plan
    from mepcheck.examples import example_path
    from mepcheck.exitcodes import ExitCode
    from mepcheck.loading import PlanLoadError, load_plan
    from mepcheck.report import render
    from mepcheck.rules.errors import RuleFileError

    paths = list(plans) or [example_path()]
    results = []
    worst = ExitCode.OK
    for path in paths:
        try:
            loaded = load_plan(path)
        except PlanLoadError as exc:
            click.echo(f"{path}: Plan nicht lesbar, {len(exc.issues)} Fehler", err=True)
            for issue in exc.issues:
                click.echo(f"  {issue}", err=True)
            worst = max(worst, ExitCode.INPUT_ERROR)
            continue
        try:
            result = check_plan(loaded, profile=profile, rules_dirs=rules_dirs, engine=engine)
        except RuleFileError as exc:
            click.echo("Regelwerk fehlerhaft:", err=True)
            for problem in exc.problems:
                click.echo(f"  {problem}", err=True)
            raise SystemExit(int(ExitCode.INPUT_ERROR)) from None
        results.append(result)
        worst = max(worst, result.exit_code(strict))
    if results:
        emit(render(results, fmt, verbose=verbose), output, force, paths)
    raise SystemExit(int(worst))
