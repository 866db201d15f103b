"""``assemble``, ``template check|vars|export`` and ``verify``: the MEP as a Word document."""

from __future__ import annotations

import json
from pathlib import Path

import click

from mepcheck.cli.options import compose, engine_option, force_option, profile_option, rules_option


def _fail(message: str) -> None:
    from mepcheck.cli.options import fail_input

    fail_input(message)


def _check_targets(targets: list[Path], force: bool, inputs: list[Path]) -> None:
    """Refuse early, before any work, when an output exists, is an input or cannot be
    written (folder missing or not writable)."""
    from mepcheck.io import OutputError, check_target

    for target in targets:
        try:
            check_target(target, force=force, inputs=inputs)
        except OutputError as exc:
            _fail(str(exc))


@click.command()
@click.argument("plan", type=click.Path(path_type=Path))
@click.option("--output", "-o", metavar="OUT.docx", required=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Word-Dokument, das geschrieben wird (atomar).")
@click.option("--template", "template", metavar="FILE", default=None,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Eigene Vorlage (.docx); läuft abgeschottet mit Zeit- und Speicherlimit.")
@compose(profile_option, rules_option, engine_option)
@click.option("--pdf", is_flag=True,
              help="Zusätzlich ein PDF daneben schreiben (braucht LibreOffice).")
@click.option("--befunde", "findings_mode", type=click.Choice(["keine", "gruppiert", "vollstaendig"]),
              default="gruppiert", show_default=True,
              help="Befunde im Text: keine (saubere Fassung für den Auftraggeber), gruppiert "
                   "(je Regel ein Block) oder vollstaendig (jeder Befund an seiner Stelle). "
                   "Anlage B enthält immer alle.")
@click.option("--technischer-anhang", "technical_annex", is_flag=True,
              help="Anlage E mit Pfad und Zeile jedes offenen Befunds (für die Planverfasser).")
@click.option("--logo", metavar="BILD", default=None,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Logo des Schulträgers (PNG oder JPEG) für die Titelseite.")
@force_option
def assemble(plan: Path, output: Path, template: Path | None, profile: str | None,
             rules_dirs: tuple[Path, ...], engine: str, pdf: bool, findings_mode: str,
             technical_annex: bool, logo: Path | None, force: bool) -> None:
    """Den Plan prüfen und als Word-Dokument (MEP) zusammenstellen.

    Das Dokument enthält alle Kapitel des Kapitelmodells, fehlende Angaben als markierte
    Lücke, die Befunde an den betroffenen Stellen und vollständig in Anlage B. Gleicher
    Plan, gleiche Regeln und gleiche Vorlage ergeben ein byte-gleiches Dokument.

    Exit-Code wie bei 'check' (0 keine Fehler, 1 Fehler im Plan, 2 Eingabefehler,
    z. B. eine abgelehnte Vorlage); das Dokument wird auch bei Befunden geschrieben.
    """
    from mepcheck.assemble.assembler import LogoRefused, assemble_document, read_logo
    from mepcheck.assemble.options import DocumentOptions
    from mepcheck.assemble.pdf import PdfError, docx_to_pdf, stamp_pdf
    from mepcheck.assemble.untrusted import TemplateRefused
    from mepcheck.checker import check_plan
    from mepcheck.io import OutputError, write_atomic
    from mepcheck.loading import PlanLoadError, load_plan
    from mepcheck.rules.errors import RuleFileError

    pdf_path = output.with_suffix(".pdf")
    inputs = [plan] + ([template] if template else []) + ([logo] if logo else [])
    _check_targets([output] + ([pdf_path] if pdf else []), force, inputs)
    if output.suffix.lower() != ".docx":
        _fail(f"{output}: das Dokument ist eine Word-Datei; bitte eine Ausgabe mit der Endung "
              ".docx angeben")
    try:
        logo_bytes = read_logo(logo) if logo else None
    except LogoRefused as exc:
        _fail(str(exc))
    options = DocumentOptions(findings=findings_mode, technical_annex=technical_annex,
                              logo=logo_bytes)
    try:
        loaded = load_plan(plan)
    except PlanLoadError as exc:
        lines = [f"{plan}: Plan nicht lesbar, {len(exc.issues)} Fehler"]
        lines += [f"  {issue}" for issue in exc.issues]
        _fail("\n".join(lines))
    try:
        result = check_plan(loaded, profile=profile, rules_dirs=rules_dirs, engine=engine)
    except RuleFileError as exc:
        _fail("Regelwerk fehlerhaft:\n" + "\n".join(f"  {p}" for p in exc.problems))
    except ValueError as exc:
        _fail(str(exc))
    try:
        document = assemble_document(result, template=template, options=options)
    except TemplateRefused as exc:
        _fail(f"{template}: {exc}")
    for warning in document.warnings:
        click.echo(f"Hinweis: {warning}", err=True)
    try:
        write_atomic(output, document.docx, force=force, inputs=inputs)
    except OutputError as exc:
        _fail(str(exc))
    click.echo(f"geschrieben: {output} ({document.properties['findings_text']})", err=True)
    if pdf:
        try:
            pdf_bytes = stamp_pdf(docx_to_pdf(document.docx), document.properties)
        except PdfError as exc:
            _fail(str(exc))
        try:
            write_atomic(pdf_path, pdf_bytes, force=force, inputs=inputs)
        except OutputError as exc:
            _fail(str(exc))
        click.echo(f"geschrieben: {pdf_path}", err=True)
    raise SystemExit(int(result.exit_code()))


@click.group()
def template() -> None:
    """Eigene Word-Vorlagen prüfen, Variablen auflisten, die mitgelieferte Vorlage ausgeben."""


@template.command("check")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--plan", "plan", metavar="PLAN", default=None,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Plan für die Probe-Ausgabe (Standard: das mitgelieferte Beispiel).")
@click.option("--strict", is_flag=True, help="Auch Warnungen führen zu Exit-Code 1.")
def template_check(file: Path, plan: Path | None, strict: bool) -> None:
    """Eine Vorlage prüfen: unbekannte Variablen, fehlende Kapitel, Probe-Ausgabe.

    Exit-Code: 0 in Ordnung, 1 Probleme gefunden, 2 Vorlage abgelehnt oder nicht lesbar.
    """
    from mepcheck.assemble.template_report import check_template_file
    from mepcheck.assemble.untrusted import TemplateRefused
    from mepcheck.loading import PlanLoadError
    from mepcheck.rules.errors import RuleFileError

    try:
        report = check_template_file(file, plan)
    except TemplateRefused as exc:
        _fail(f"{file}: {exc}")
    except PlanLoadError as exc:
        _fail(f"{plan}: Plan nicht lesbar:\n" + "\n".join(f"  {i}" for i in exc.issues))
    except RuleFileError as exc:
        _fail("Regelwerk fehlerhaft:\n" + "\n".join(f"  {p}" for p in exc.problems))
    click.echo(report.text(), nl=False)
    raise SystemExit(int(report.exit_code(strict)))


@template.command("vars")
def template_vars() -> None:
    """Alle Namen auflisten, die eine Vorlage verwenden kann (das Datenmodell)."""
    from mepcheck.assemble.jinja_env import FILTERS
    from mepcheck.assemble.shape import describe

    for path, kind in describe():
        click.echo(f"{path}  ({kind})")
    click.echo("Filter: " + ", ".join(f"|{name}" for name in FILTERS))


@template.command("export")
@click.option("--output", "-o", metavar="FILE", required=True,
              type=click.Path(dir_okay=False, path_type=Path))
@force_option
def template_export(output: Path, force: bool) -> None:
    """Die mitgelieferte Vorlage als Ausgangspunkt für eine eigene Vorlage ausgeben."""
    from mepcheck.assemble.assembler import bundled_template_path
    from mepcheck.io import OutputError, write_atomic

    try:
        write_atomic(output, bundled_template_path().read_bytes(), force=force)
    except OutputError as exc:
        _fail(str(exc))
    click.echo(f"geschrieben: {output}", err=True)


@click.command()
@click.argument("document", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("plan", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--template", "template", metavar="FILE", default=None,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Die eigene Vorlage, mit der das Dokument erzeugt wurde (dann wird es neu "
                   "erzeugt und verglichen).")
@click.option("--logo", metavar="BILD", default=None,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Das Logo, mit dem das Dokument erzeugt wurde.")
@click.option("--json", "as_json", is_flag=True, help="Ergebnis als JSON ausgeben.")
def verify(document: Path, plan: Path, template: Path | None, logo: Path | None,
           as_json: bool) -> None:
    """Prüfen, ob ein Dokument (.docx oder PDF) zu einem Plan gehört, mit welchem Regelwerk
    es erzeugt wurde und ob es noch sagt, was erzeugt wurde.

    Verglichen wird, was ein Leser sieht: Text und Tabellen, ohne Inhaltsverzeichnis und
    Seitenzahlen. Erneut gespeichert ohne Textänderung: unverändert; ein geändertes Wort
    oder eine geänderte Zahl: verändert. Mit gleichem Regelwerk wird der Plan neu geprüft
    und das Dokument neu erzeugt und verglichen. Das ist keine Signatur.

    Exit-Code: 0 gehört zum Plan und unverändert, 1 anderer Plan oder verändert,
    2 Dokument oder Plan nicht lesbar bzw. kein mepcheck-Dokument.
    """
    from mepcheck.assemble.verify import (
        NOT_A_SIGNATURE,
        VerifyInputError,
        report_json,
        verify_document,
    )

    try:
        report = verify_document(document, plan, template=template, logo=logo)
    except VerifyInputError as exc:
        _fail(str(exc))
    if as_json:
        click.echo(json.dumps(report_json(report), ensure_ascii=False, indent=2))
    else:
        click.echo(f"{document}:")
        for line in report.lines:
            click.echo(f"  {line}")
        verdict = ("Ergebnis: gehört zum Plan und ist unverändert." if report.exit_code == 0
                   else "Ergebnis: gehört NICHT zu diesem Plan oder wurde verändert.")
        click.echo(verdict)
        click.echo(NOT_A_SIGNATURE)
    raise SystemExit(int(report.exit_code))


def register(cli: click.Group) -> None:
    """Add the document commands to the ``mepcheck`` group."""
    cli.add_command(assemble)
    cli.add_command(template)
    cli.add_command(verify)
