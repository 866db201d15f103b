"""The ``mepcheck`` command line: thin commands over library functions."""

from __future__ import annotations

import click

from mepcheck.cli import german

german.install()  # before any command is declared: default help texts are built at import

from mepcheck import __version__  # noqa: E402
from mepcheck.cli.agency_commands import baseline, diff  # noqa: E402
from mepcheck.cli.check import check  # noqa: E402
from mepcheck.cli.interrupt import Group, install  # noqa: E402
from mepcheck.cli.plan_commands import example, schema, validate  # noqa: E402
from mepcheck.cli.rules_commands import rules  # noqa: E402
from mepcheck.cli.workbook_commands import convert, workbook  # noqa: E402


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="mepcheck",
                      message="%(prog)s %(version)s", help="Version zeigen und beenden.")
def cli() -> None:
    """mepcheck prüft Medienentwicklungspläne (MEP) gegen Förderrichtlinien, Datenschutz,
    Nachhaltigkeit und Folgekosten und erstellt das MEP-Dokument.

    Exit-Codes: 0 keine Fehler, 1 Fehler gefunden (mit --strict auch Warnungen),
    2 Eingabe- oder Bedienfehler oder nicht entscheidbare Regeln,
    130 abgebrochen (Strg+C), 143 beendet (SIGTERM).
    """


cli.add_command(validate)
cli.add_command(schema)
cli.add_command(example)
cli.add_command(check)
cli.add_command(rules)
cli.add_command(diff)
cli.add_command(baseline)
cli.add_command(workbook)
cli.add_command(convert)

try:  # the document commands live in their own module (issue: document assembly)
    from mepcheck.cli.document_commands import register as _register_documents

    _register_documents(cli)
except ImportError:  # pragma: no cover - only while the module does not exist
    pass


from mepcheck.cli.web_commands import serve  # noqa: E402

cli.add_command(serve)


def main() -> None:
    """Console-script entry point."""
    install()
    cli(prog_name="mepcheck")
