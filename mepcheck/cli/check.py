"""``mepcheck check``: the main job."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mepcheck.cli.options import (
    compose,
    engine_option,
    fail_input,
    force_option,
    output_option,
    profile_option,
    rules_option,
)
from mepcheck.cli.settings import apply_settings, report_stale, settings_options


def _statuses(ctx: click.Context, param: click.Parameter, value: str | None) -> frozenset | None:
    """``--status failed,undetermined``: the statuses a report lists."""
    if value is None:
        return None
    from mepcheck.findings import Status

    known = {s.value: s for s in Status}
    chosen = set()
    for name in (v.strip() for v in value.split(",")):
        if not name:
            continue
        if name not in known:
            raise click.BadParameter(f"unbekannter Status {name!r} (erlaubt: {', '.join(known)})")
        chosen.add(known[name])
    if not chosen:
        raise click.BadParameter("mindestens ein Status")
    return frozenset(chosen)


def _read_stdin() -> str:
    from mepcheck.loading.yamlsafe import MAX_BYTES

    raw = sys.stdin.buffer.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        fail_input(f"<stdin>: Eingabe zu groß (höchstens {MAX_BYTES} Bytes)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        fail_input(f"<stdin>: keine UTF-8-Eingabe (Byte {exc.start})")
    raise AssertionError  # unreachable


@click.command()
@click.argument("plans", nargs=-1, metavar="[PLAN|ORDNER|MUSTER|-|@LISTE] …")
@click.option("--from-file", "list_files", multiple=True, metavar="LISTE",
              type=click.Path(dir_okay=False, path_type=Path),
              help="Datei mit einem Plan, Ordner oder Muster je Zeile (wie @LISTE).")
@compose(profile_option, rules_option, engine_option)
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json", "jsonl", "sarif", "junit"]),
              default="text", show_default=True,
              help="Ausgabeformat; jsonl: eine Zeile je Plan, geschrieben sobald er fertig ist.")
@click.option("--status", "statuses", metavar="LISTE", callback=_statuses, default=None,
              help="Welche Befunde aufgeführt werden, z. B. failed,undetermined "
                   "(failed, undetermined, waived, accepted, passed, not_applicable). Die Zusammenfassung "
                   "zählt immer alle. Standard: Text failed,undetermined,waived; sonst alle.")
@compose(output_option, force_option)
@click.option("--overview", metavar="DATEI.csv|DATEI.xlsx", default=None,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Übersicht mit einer Zeile je Plan (XLSX mit zweitem Blatt aller Befunde).")
@click.option("--strict", is_flag=True, help="Auch Warnungen führen zu Exit-Code 1.")
@click.option("--verbose", "-v", is_flag=True, help="Im Textbericht auch erfüllte Prüfungen zeigen.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Parallele Prüfprozesse für viele Pläne (absturzsicher getrennt).")
@click.option("--timeout", type=click.IntRange(0, 86400), default=600, show_default=True,
              metavar="SEKUNDEN",
              help="Mit --jobs 2 oder mehr: ein Plan, dessen Prüfung länger dauert, wird "
                   "abgebrochen und als nicht entscheidbar gemeldet (0: ohne Zeitlimit).")
@settings_options
def check(plans: tuple[str, ...], list_files: tuple[Path, ...], profile: str | None,
          rules_dirs: tuple[Path, ...], engine: str, fmt: str, statuses: frozenset | None,
          output: Path | None, overview: Path | None, force: bool, strict: bool, verbose: bool,
          jobs: int, timeout: int, **agency: object) -> None:
    """Pläne prüfen. Ohne PLAN wird das mitgelieferte Beispiel geprüft.

    PLAN kann eine Datei sein, ein Ordner (alle .yaml, .yml, .json, .xlsx darin,
    rekursiv), ein Muster wie 'antraege/**/*.yaml', '-' für die Standardeingabe oder
    @LISTE (eine Datei mit einem Eintrag je Zeile). Ein fehlerhafter Plan hält die
    anderen nicht auf; jeder Bericht wird geschrieben, sobald sein Plan fertig ist.
    Exit-Code: der schlechteste aller Pläne; 130 bei Abbruch mit Strg+C.
    """
    from mepcheck.batch.inputs import InputError, PlanInput, collect
    from mepcheck.batch.run import ReportSpec
    from mepcheck.batch.session import BatchAborted, run_batch
    from mepcheck.examples import example_path
    from mepcheck.exitcodes import ExitCode
    from mepcheck.io import OutputError, check_target
    from mepcheck.report.stream import default_statuses
    from mepcheck.rulebase import load_rulebase
    from mepcheck.rules.errors import RuleFileError

    ctx = click.get_current_context()  # configuration file, --select/--ignore, --baseline
    params = dict(ctx.params)
    settings = apply_settings(ctx, params, _statuses)
    profile, rules_dirs, engine, fmt = params["profile"], params["rules_dirs"], params["engine"], params["fmt"]
    statuses, strict, jobs = params["statuses"], params["strict"], params["jobs"]
    timeout = params["timeout"] or None
    try:  # rule errors are reported once, before any plan is read
        settings.selection.check(load_rulebase(tuple(Path(d).resolve() for d in rules_dirs)).rules)
    except RuleFileError as exc:
        click.echo("Regelwerk fehlerhaft:", err=True)
        for problem in exc.problems:
            click.echo(f"  {problem}", err=True)
        raise SystemExit(int(ExitCode.INPUT_ERROR)) from None
    try:
        sources = collect(list(plans), list(list_files), read_stdin=_read_stdin) \
            if plans or list_files else [PlanInput(example_path())]
    except InputError as exc:
        fail_input(str(exc))
    inputs = [s.path for s in sources if s.text is None] + list(list_files)
    try:  # every output is checked before any work
        if output is not None:
            check_target(output, force=force, inputs=inputs)
        if overview is not None:
            from mepcheck.batch.overview import check_overview_target

            check_overview_target(overview, force=force, inputs=inputs)
        if output is not None and overview is not None and output.resolve() == overview.resolve():
            raise OutputError(f"{overview}: Bericht und Übersicht brauchen verschiedene Dateien")
    except OutputError as exc:
        fail_input(str(exc))
    spec = ReportSpec(fmt=fmt, statuses=statuses or default_statuses(fmt, verbose),
                      single=len(sources) == 1 and fmt == "json", strict=strict,
                      overview=overview is not None)
    try:
        result = run_batch(sources, spec=spec, profile=profile, rules_dirs=rules_dirs,
                           engine=engine, jobs=jobs, timeout=timeout, output=output, force=force,
                           overview=overview, echo=lambda text: click.echo(text, nl=False),
                           selection=settings.selection, baseline=settings.baseline)
    except RuleFileError as exc:  # e.g. an unknown profile
        for problem in exc.problems:
            click.echo(problem, err=True)
        raise SystemExit(int(ExitCode.INPUT_ERROR)) from None
    except OutputError as exc:
        fail_input(str(exc))
    except BatchAborted as exc:
        done = exc.result
        click.echo(f"Abbruch nach {done.tally.done} von {done.tally.total} Plänen: interner Fehler "
                   f"({type(exc.cause).__name__}: {exc.cause})", err=True)
        for path in done.partial:
            click.echo(f"bisherige Ergebnisse gesichert: {path}", err=True)
        raise SystemExit(int(ExitCode.INPUT_ERROR)) from None
    for path in result.written:
        click.echo(f"geschrieben: {path}", err=True)
    if len(sources) > 1:
        click.echo(result.tally.line(), err=True)
    report_stale(settings, result.baseline_used)
    raise SystemExit(result.exit_code)
