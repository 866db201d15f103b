"""Options shared by several commands, declared once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

profile_option = click.option(
    "--profile", "-p", metavar="NAME", default=None,
    help="Prüfprofil (Standard: nach Land und Stichtag des Plans; 'mepcheck rules profiles').",
)
rules_option = click.option(
    "--rules", "rules_dirs", multiple=True, metavar="DIR",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Zusätzlicher Regelordner (mehrfach möglich).",
)
engine_option = click.option(
    "--engine", type=click.Choice(["durable", "reference"]), default="durable", show_default=True,
    help="Regelmaschine; 'reference' ist der Python-Vergleichsauswerter.",
)
output_option = click.option(
    "--output", "-o", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="In Datei schreiben (atomar) statt auf die Standardausgabe.",
)
force_option = click.option("--force", is_flag=True, help="Vorhandene Ausgabedatei überschreiben.")


def compose(*decorators: Callable[..., Any]) -> Callable[..., Any]:
    def apply(func: Callable[..., Any]) -> Callable[..., Any]:
        for decorator in reversed(decorators):
            func = decorator(func)
        return func

    return apply


def emit(text: str, output: Path | None, force: bool, inputs: list[Path]) -> None:
    """Print ``text`` or write it atomically to ``output``."""
    if output is None:
        click.echo(text, nl=False)
        return
    from mepcheck.io import OutputError, write_atomic

    try:
        write_atomic(output, text, force=force, inputs=inputs)
    except OutputError as exc:
        fail_input(str(exc))
    click.echo(f"geschrieben: {output}", err=True)


def check_output(output: Path | None, force: bool, inputs: list[Path]) -> None:
    """Refuse an output path before any work is done (exit code 2)."""
    if output is None:
        return
    from mepcheck.io import OutputError, check_target

    try:
        check_target(output, force=force, inputs=inputs)
    except OutputError as exc:
        fail_input(str(exc))


def fail_input(message: str) -> None:
    """Print a German input error and exit with code 2."""
    from mepcheck.exitcodes import ExitCode

    click.echo(message, err=True)
    raise SystemExit(int(ExitCode.INPUT_ERROR))
