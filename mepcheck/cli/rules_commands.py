"""``mepcheck rules …``: list, show, validate and test rules; list profiles."""

from __future__ import annotations

from pathlib import Path

import click

from mepcheck.cli.options import engine_option, rules_option

LAND_CODES = ("BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST",
              "SH", "TH")
"""The Länder codes (as in :class:`mepcheck.types.Land`; not imported here to keep start-up fast)."""


@click.group()
def rules() -> None:
    """Regeln und Profile ansehen, eigene Regeln prüfen und testen."""


def _base(rules_dirs: tuple[Path, ...] = ()):  # type: ignore[no-untyped-def]
    from mepcheck.rulebase import load_rulebase
    from mepcheck.rules.errors import RuleFileError

    try:
        return load_rulebase(tuple(p.resolve() for p in rules_dirs))
    except RuleFileError as exc:
        click.echo("Regelwerk fehlerhaft:", err=True)
        for problem in exc.problems:
            click.echo(f"  {problem}", err=True)
        raise SystemExit(2) from None


@rules.command("list")
@click.option("--family", type=click.Choice(["funding", "data-protection", "sustainability",
                                             "follow-up-costs"]), help="Nur diese Familie.")
@click.option("--land", type=click.Choice(LAND_CODES, case_sensitive=False),
              help="Nur Regeln, die in diesem Land gelten (z. B. NW), mit ihrer Schwere dort.")
@rules_option
def list_rules(family: str | None, land: str | None, rules_dirs: tuple[Path, ...]) -> None:
    """Alle Regeln mit Code, Schwere und Titel."""
    from mepcheck.ruledocs import severity_in_land
    from mepcheck.types import LAND_NAMES, Land

    base = _base(rules_dirs)
    shown = 0
    for code, rule in base.rules.items():
        spec = rule.spec
        if family and spec.family != family:
            continue
        lands = [x.value for x in spec.lands]
        if land and lands and land.upper() not in lands:
            continue
        scope = ",".join(lands) or "alle"
        flag = " (vorläufig)" if spec.provisional and "vorläufig" not in spec.title else ""
        # in one Land: the severity the check reports there (an unbacked error is lowered)
        severity = severity_in_land(rule, base.land_table, Land(land.upper())) if land else spec.severity
        click.echo(f"{code:<42} {severity.value:<8} {scope:<6} {spec.title}{flag}")
        shown += 1
    where = f"; Schwere in {LAND_NAMES[land.upper()]} nach docs/schweregrade.md" if land else ""
    click.echo(f"{shown} Regeln (Regelwerk {base.version} vom {base.date:%d.%m.%Y}{where})", err=True)


@rules.command("show")
@click.argument("code")
@rules_option
def show_rule(code: str, rules_dirs: tuple[Path, ...]) -> None:
    """Dokumentation einer Regel, erzeugt aus der Regeldatei."""
    from mepcheck.ruledocs import rule_markdown

    base = _base(rules_dirs)
    rule = base.rules.get(code.upper())
    if rule is None:
        matches = [c for c, r in base.rules.items() if code in r.spec.aliases]
        if not matches:
            raise click.UsageError(f"Regel {code} gibt es nicht ('mepcheck rules list')")
        rule = base.rules[matches[0]]
    click.echo(rule_markdown(rule, base.land_table))


@rules.command("changes")
@click.option("--seit", "since", metavar="VERSION",
              help="Nur Änderungen nach dieser Regelwerksversion (z. B. 2026.11.0).")
def rule_changes(since: str | None) -> None:
    """Änderungen des Regelwerks je Version: neue Regeln, Schwere, Bedingung, Quellen."""
    from mepcheck.rules.changelog import load_changelog, render_changes
    from mepcheck.rules.errors import RuleFileError

    base = _base()
    try:
        log = load_changelog(base.root)
        versions = log.since(since)
    except RuleFileError as exc:
        for problem in exc.problems:
            click.echo(problem, err=True)
        raise SystemExit(2) from None
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if not versions:
        click.echo(f"Keine Änderungen nach {since} (aktuell: Regelwerk {base.version}).")
        return
    click.echo(render_changes(versions), nl=False)


@rules.command("profiles")
@rules_option
def list_profiles(rules_dirs: tuple[Path, ...]) -> None:
    """Alle Profile mit Titel und Anzahl der Regeln (mit --rules auch eigene)."""
    from mepcheck.rules.profiles import resolve_profile

    base = _base(rules_dirs)
    for name, spec in base.profiles.items():
        resolved = resolve_profile(name, base.profiles, base.rules, base.land_table,
                                   spec.land.value if spec.land else None)
        extends = f" (erweitert {spec.extends})" if spec.extends else ""
        click.echo(f"{name:<20} {len(resolved.codes):>4} Regeln  {spec.title}{extends}")
        for note in resolved.notes if spec.land else ():
            click.echo(f"{'':<27}Hinweis: {note}")


@rules.command("validate")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
def validate_rules(directory: Path) -> None:
    """Eigene Regeldateien prüfen (Schema, Felder, Optionen, Meldungen)."""
    from mepcheck.rules.errors import RuleFileError
    from mepcheck.rules.loader import default_rules_dir, load_rules
    from mepcheck.rules.profiles import load_land_table, load_profiles, resolve_profile

    try:
        loaded = load_rules(directory)
        if not (directory / "ruleset.yaml").exists():  # own rules go on top of the shipped ones
            shipped = load_rules(default_rules_dir())
            clashes = [f"{r.path} {code} code: Code ist schon im mitgelieferten Regelwerk vergeben"
                       for code, r in loaded.items() if code in shipped]
            if clashes:
                raise RuleFileError(clashes)
        profiles = load_profiles(directory) if (directory / "profiles").is_dir() else {}
        table = load_land_table(directory)
        known, rules_known = profiles, loaded
        if not (directory / "ruleset.yaml").exists():  # own profiles may extend shipped ones
            from mepcheck.rulebase import load_rulebase

            base = load_rulebase((directory.resolve(),))
            known, rules_known, table = base.profiles, base.rules, base.land_table
        for name, spec in profiles.items():  # every profile must resolve against the rules
            resolve_profile(name, known, rules_known, table, spec.land.value if spec.land else None)
    except RuleFileError as exc:
        for problem in exc.problems:
            click.echo(problem, err=True)
        click.echo(f"{len(exc.problems)} Fehler", err=True)
        raise SystemExit(2) from None
    extra = f", {len(profiles)} Profile" if profiles else ""
    click.echo(f"{len(loaded)} Regeln gültig{extra}")


@rules.command("test")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@engine_option
def test_rules(directory: Path, engine: str) -> None:
    """Die Fallbeispiele (*.cases.yaml) eines Regelordners ausführen."""
    from mepcheck.rulebase import load_rulebase
    from mepcheck.rules.cases import case_files, run_case_file
    from mepcheck.rules.errors import RuleFileError

    # a complete rule base (with ruleset.yaml) replaces the shipped one; a folder of own
    # rules is added to the shipped rules
    full = (directory / "ruleset.yaml").exists()
    extra, root = ((), directory) if full else ((directory,), None)
    try:
        load_rulebase(tuple(p.resolve() for p in extra), root.resolve() if root else None)
    except RuleFileError as exc:
        click.echo("Regelwerk fehlerhaft:", err=True)
        for problem in exc.problems:
            click.echo(f"  {problem}", err=True)
        raise SystemExit(2) from None
    failed = total = 0
    for path in case_files(directory):
        for outcome in run_case_file(path, engine=engine, rules_dirs=extra, rules_root=root):
            total += 1
            if outcome.ok:
                continue
            failed += 1
            click.echo(f"FEHLER {outcome.rule} / {outcome.name} ({path})", err=True)
            if outcome.error:
                click.echo(f"  {outcome.error}", err=True)
            else:
                click.echo(f"  erwartet: {sorted(outcome.expected)}", err=True)
                click.echo(f"  erhalten: {sorted(outcome.actual)}", err=True)
    click.echo(f"{total - failed} passed, {failed} failed")
    raise SystemExit(1 if failed else 0)


@rules.command("facts")
@click.argument("fact_type", required=False)
def list_facts(fact_type: str | None) -> None:
    """Fakttypen und ihre Felder, auf die Regeln schauen können."""
    from mepcheck.facts import REGISTRY

    if fact_type and fact_type not in REGISTRY:
        raise click.UsageError(f"Fakttyp '{fact_type}' gibt es nicht (bekannt: {', '.join(REGISTRY)})")
    for name, spec in REGISTRY.items():
        if fact_type and name != fact_type:
            continue
        click.echo(f"{name} (Kapitel {spec.chapter}): {spec.description}")
        for field_name, field in spec.fields.items():
            values = f" [{', '.join(field.values)}]" if field.values else ""
            click.echo(f"  {field_name:<32} {field.kind.value:<8} {field.description}{values}")


@rules.command("schema")
def rule_schema() -> None:
    """JSON-Schema der Regeldateien (für Editoren und eigene Regeln)."""
    import json

    from mepcheck.rules.spec import RuleSpec

    data = RuleSpec.model_json_schema(by_alias=True)
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["title"] = "mepcheck-Regeldatei"
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))
