"""``mepcheck check``: the main job."""

from __future__ import annotations

from pathlib import Path

import click

from mepcheck.cli.options import (
    check_output,
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
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Parallele Prüfprozesse für viele Pläne (absturzsicher getrennt).")
def check(plans: tuple[Path, ...], profile: str | None, rules_dirs: tuple[Path, ...], engine: str,
          fmt: str, output: Path | None, force: bool, strict: bool, verbose: bool,
          jobs: int) -> None:
    """Pläne prüfen. Ohne PLAN wird das mitgelieferte Beispiel geprüft.

    Mehrere Pläne werden nacheinander geprüft; ein fehlerhafter Plan hält die
    anderen nicht auf. Exit-Code: der schlechteste aller Pläne.
    """
    from mepcheck.batch import check_many
    from mepcheck.examples import example_path
    from mepcheck.exitcodes import ExitCode
    from mepcheck.report import render
    from mepcheck.rulebase import load_rulebase
    from mepcheck.rules.errors import RuleFileError

    try:  # rule errors are reported once, before any plan is read
        load_rulebase(tuple(Path(d).resolve() for d in rules_dirs))
    except RuleFileError as exc:
        click.echo("Regelwerk fehlerhaft:", err=True)
        for problem in exc.problems:
            click.echo(f"  {problem}", err=True)
        raise SystemExit(int(ExitCode.INPUT_ERROR)) from None
    paths = list(plans) or [example_path()]
    check_output(output, force, paths)
    from mepcheck.report import PlanFailure

    items: list = []
    worst = ExitCode.OK
    try:
        outcomes = check_many(paths, profile=profile, rules_dirs=rules_dirs, engine=engine, jobs=jobs)
    except RuleFileError as exc:  # e.g. an unknown profile
        for problem in exc.problems:
            click.echo(problem, err=True)
        raise SystemExit(int(ExitCode.INPUT_ERROR)) from None
    for outcome in outcomes:
        if outcome.load_error is not None:
            issues = outcome.load_error.issues
            click.echo(f"{outcome.path}: Plan nicht lesbar, {len(issues)} Fehler", err=True)
            for issue in issues:
                click.echo(f"  {issue}", err=True)
            items.append(PlanFailure(str(outcome.path), issues=tuple(issues)))
            worst = max(worst, ExitCode.INPUT_ERROR)
        elif outcome.crash is not None:
            click.echo(f"{outcome.path}: {outcome.crash}", err=True)
            items.append(PlanFailure(str(outcome.path), crash=outcome.crash))
            worst = max(worst, ExitCode.INPUT_ERROR)
        else:
            assert outcome.result is not None
            items.append(outcome.result)
            worst = max(worst, outcome.result.exit_code(strict))
    if fmt != "text" or any(not isinstance(i, PlanFailure) for i in items):
        # machine-readable formats list every input plan, also those that could not be checked
        emit(render(items, fmt, verbose=verbose), output, force, paths)
    raise SystemExit(int(worst))
