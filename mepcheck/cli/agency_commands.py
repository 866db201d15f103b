"""Commands for funding agencies: ``mepcheck diff`` and ``mepcheck baseline``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from mepcheck.cli.options import (
    compose,
    emit,
    engine_option,
    fail_input,
    force_option,
    output_option,
    profile_option,
    rules_option,
)


@click.command()
@click.argument("old", metavar="ALT", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("new", metavar="NEU", type=click.Path(dir_okay=False, path_type=Path))
@compose(profile_option, rules_option, engine_option)
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Ausgabeformat.")
@compose(output_option, force_option)
def diff(old: Path, new: Path, profile: str | None, rules_dirs: tuple[Path, ...], engine: str,
         fmt: str, output: Path | None, force: bool) -> None:
    """Zwei Einreichungen vergleichen (Erstantrag und Nachreichung).

    ALT und NEU sind Plandateien (sie werden jetzt geprüft) oder frühere Ergebnisse von
    'mepcheck check --format json'. Befunde werden nach Regelcode und stabilem
    Elementschlüssel zugeordnet: erledigt, neu, weiter offen, Schwere geändert; bei zwei
    Plandateien dazu die Änderungen am Plan je Element. Exit-Code 1, wenn neue Fehler
    hinzugekommen sind, sonst 0; 2 bei unlesbarer Eingabe.
    """
    from mepcheck.cli.options import check_output
    from mepcheck.diff import DiffInputError, compare, read_side
    from mepcheck.diff.render import render
    from mepcheck.rules.errors import RuleFileError

    check_output(output, force, [old, new])
    try:
        sides = [read_side(p, profile=profile, rules_dirs=rules_dirs, engine=engine) for p in (old, new)]
    except DiffInputError as exc:
        fail_input(str(exc))
    except RuleFileError as exc:
        fail_input("\n".join(exc.problems))
    result = compare(*sides)
    emit(render(result, fmt), output, force, [old, new])
    raise SystemExit(int(result.exit_code))


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' ist kein Datum (JJJJ-MM-TT)") from None


@click.command()
@click.argument("results", metavar="ERGEBNIS.json|PLAN …", nargs=-1, required=True,
                type=click.Path(dir_okay=False, path_type=Path))
@compose(profile_option, rules_option, engine_option)
@click.option("--output", "-o", metavar="FILE", required=True,
              type=click.Path(dir_okay=False, path_type=Path), help="Baseline-Datei (YAML).")
@click.option("--grund", "reason", required=True, metavar="TEXT",
              help="Warum die Befunde akzeptiert sind (steht an jedem Eintrag).")
@click.option("--pruefer", "reviewer", required=True, metavar="NAME", help="Wer sie akzeptiert.")
@click.option("--datum", "on", callback=_date, metavar="JJJJ-MM-TT", help="Datum (Standard: heute).")
@click.option("--gueltig-bis", "until", callback=_date, metavar="JJJJ-MM-TT",
              help="Ablaufdatum der Einträge (Standard: unbefristet).")
@click.option("--alle-traeger", "all_carriers", is_flag=True,
              help="Einträge ohne Schulträger schreiben (gelten dann für jeden Plan).")
@click.option("--status", "statuses", default="failed", show_default=True, metavar="LISTE",
              help="Welche Befunde aufgenommen werden (failed, undetermined).")
@compose(force_option)
def baseline(results: tuple[Path, ...], profile: str | None, rules_dirs: tuple[Path, ...],
             engine: str, output: Path, reason: str, reviewer: str, on: dt.date | None,
             until: dt.date | None, all_carriers: bool, statuses: str, force: bool) -> None:
    """Baseline akzeptierter Befunde aus Ergebnissen von 'check --format json' schreiben.

    Statt eines Ergebnisses geht auch eine Plandatei; sie wird dann jetzt geprüft
    (--profile, --rules, --engine wie bei 'check').

    Jeder nicht erfüllte Befund wird ein Eintrag mit Regelcode, Elementschlüssel,
    Schulträger, Grund, Prüfer und Datum. Die Datei ist zum Durchsehen gedacht:
    Einträge, die nicht akzeptiert werden sollen, löschen. Verwendung:
    'mepcheck check --baseline DATEI'.
    """
    from mepcheck.baseline import baseline_entries, dump_baseline
    from mepcheck.io import OutputError, write_atomic

    chosen = tuple(s.strip() for s in statuses.split(",") if s.strip())
    bad = [s for s in chosen if s not in ("failed", "undetermined")]
    if bad or not chosen:
        fail_input(f"--status: erlaubt sind failed und undetermined, nicht {', '.join(bad) or '(leer)'}")
    from mepcheck.diff import DiffInputError, read_side
    from mepcheck.diff.inputs import looks_like_result
    from mepcheck.rules.errors import RuleFileError

    plans: list[dict] = []
    for path in results:
        if path.exists() and not looks_like_result(path):  # a plan: check it now
            try:
                side = read_side(path, profile=profile, rules_dirs=rules_dirs, engine=engine)
            except DiffInputError as exc:
                fail_input(str(exc))
            except RuleFileError as exc:
                fail_input("\n".join(exc.problems))
            plans.append({"plan": {"carrier": side.carrier},
                          "findings": [r.as_dict() for r in side.findings]})
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            fail_input(f"{path}: Datei nicht gefunden")
        except (OSError, UnicodeDecodeError) as exc:
            fail_input(f"{path}: nicht lesbar ({exc})")
        except json.JSONDecodeError as exc:
            fail_input(f"{path}:{exc.lineno}:{exc.colno}: kein gültiges JSON ({exc.msg})")
        items = data.get("results", [data]) if isinstance(data, dict) else None
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items) or \
                not all("findings" in i or "error" in i for i in items):
            fail_input(f"{path}: kein Ergebnis von 'mepcheck check --format json'")
        plans.extend(i for i in items if "findings" in i)
    entries = baseline_entries(plans, reason=reason, reviewer=reviewer, on=on or dt.date.today(),
                               until=until, per_carrier=not all_carriers, statuses=chosen)
    comment = (f"mepcheck baseline: von der Bewilligungsstelle akzeptierte Befunde ({len(entries)}).\n"
               f"Erzeugt aus {', '.join(str(p) for p in results)}. Bitte durchsehen: was nicht\n"
               "akzeptiert ist, löschen. Verwendung: mepcheck check --baseline DIESE-DATEI")
    try:
        write_atomic(output, dump_baseline(entries, comment), force=force, inputs=list(results))
    except OutputError as exc:
        fail_input(str(exc))
    click.echo(f"geschrieben: {output} ({len(entries)} Einträge)", err=True)
