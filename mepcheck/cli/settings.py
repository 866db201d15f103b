"""Options of ``check`` for funding agencies: configuration file, rule selection, baseline.

Declared once here and applied by :func:`apply_settings`, so that ``check`` stays thin:
values the command line leaves at their defaults come from the configuration file
(``mepcheck.toml`` or ``[tool.mepcheck]``); the command line always wins.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from mepcheck.cli.options import compose, fail_input

settings_options = compose(
    click.option("--select", "select", multiple=True, metavar="REGELN",
                 help="Nur diese Regeln des Profils prüfen: Codes, Präfixe wie 'DSGVO-', "
                      "family:NAME, tag:NAME (kommagetrennt oder mehrfach)."),
    click.option("--ignore", "ignore", multiple=True, metavar="REGELN",
                 help="Diese Regeln nicht prüfen (Angabe wie --select)."),
    click.option("--baseline", "baseline", metavar="DATEI", default=None,
                 type=click.Path(dir_okay=False, path_type=Path),
                 help="Von der Bewilligungsstelle akzeptierte Befunde (YAML, 'mepcheck baseline'); "
                      "sie erscheinen als „akzeptiert“."),
    click.option("--config", "config_file", metavar="DATEI", default=None,
                 type=click.Path(dir_okay=False, path_type=Path),
                 help="Konfigurationsdatei (Standard: mepcheck.toml oder [tool.mepcheck] in "
                      "pyproject.toml, gesucht vom Arbeitsverzeichnis aufwärts)."),
    click.option("--no-config", "no_config", is_flag=True, help="Keine Konfigurationsdatei lesen."),
)

_FROM_FILE = {
    # configuration key → parameter of ``check``
    "profile": "profile", "rules": "rules_dirs", "select": "select", "ignore": "ignore",
    "format": "fmt", "status": "statuses", "strict": "strict", "jobs": "jobs", "timeout": "timeout",
    "engine": "engine", "baseline": "baseline",
}


@dataclass(frozen=True)
class Settings:
    """What the agency options add to a run."""

    selection: Any
    baseline: Any
    config: Any


def apply_settings(ctx: click.Context, params: dict[str, Any],
                   parse_status: Any = None) -> Settings:
    """Fill ``params`` (the command's parameters) from the configuration file where the
    command line left them at their defaults; read the baseline; German errors exit 2."""
    from mepcheck.baseline import BaselineError, read_baseline
    from mepcheck.config import ConfigError, resolve_config
    from mepcheck.rules.selection import Selection, split_patterns

    try:
        config = resolve_config(params.get("config_file"), bool(params.get("no_config")))
    except ConfigError as exc:
        fail_input(f"Konfiguration fehlerhaft:\n{exc}")
    for key, name in _FROM_FILE.items():
        if key not in config.values or name not in params:
            continue
        if ctx.get_parameter_source(name) not in (ParameterSource.DEFAULT, ParameterSource.DEFAULT_MAP):
            continue  # the command line wins
        value = config.values[key]
        if key == "status":
            value = parse_status(ctx, None, ",".join(value)) if parse_status else value
        elif key in ("rules", "select", "ignore"):
            value = tuple(value)
        params[name] = value
    selection = Selection(split_patterns(params.get("select") or ()),
                          split_patterns(params.get("ignore") or ()))
    baseline = None
    if params.get("baseline") is not None:
        try:
            baseline = read_baseline(Path(params["baseline"]), dt.date.today())
        except BaselineError as exc:
            fail_input("Baseline fehlerhaft:\n" + "\n".join(f"  {p}" for p in exc.problems))
        for entry in baseline.expired:
            click.echo(f"Baseline {baseline.source}: Eintrag abgelaufen (gültig bis "
                       f"{entry.until.isoformat() if entry.until else '–'}), nicht angewandt: "
                       f"{entry.describe()}", err=True)
    return Settings(selection, baseline, config)


def report_stale(settings: Settings, used: set[int]) -> None:
    """Name baseline entries that matched no finding of the run (on standard error)."""
    baseline = settings.baseline
    if baseline is None:
        return
    applied = len(used)
    click.echo(f"Baseline {baseline.source}: {applied} von {len(baseline.active)} gültigen Einträgen "
               "angewandt.", err=True)
    for entry in baseline.stale(used):
        click.echo(f"Baseline {baseline.source}: Eintrag ohne Treffer in diesem Lauf (veraltet?): {entry.describe()}",
                   err=True)
