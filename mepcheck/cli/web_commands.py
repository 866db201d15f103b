"""``mepcheck serve``: the web application for people who do not use a command line."""

from __future__ import annotations

import click


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ADRESSE",
              help="Adresse, an der der Server lauscht. Nur 127.0.0.1/localhost ist ohne "
                   "Anmeldung erlaubt.")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True, metavar="PORT",
              help="Port; 0 wählt einen freien Port.")
@click.option("--token", envvar="MEPCHECK_WEB_TOKEN", default=None, metavar="SCHLÜSSEL",
              help="Zugangsschlüssel: jede Anfrage braucht ihn (HTTP Basic als Passwort oder "
                   "'Authorization: Bearer'). Auch aus MEPCHECK_WEB_TOKEN.")
@click.option("--user", default=None, metavar="NAME",
              help="Benutzername für HTTP Basic (Standard: beliebig).")
@click.option("--insecure-no-auth", is_flag=True,
              help="Ohne Anmeldung an einer Netzwerkadresse lauschen (nur hinter einem Reverse "
                   "Proxy, der selbst anmeldet).")
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True, metavar="ANZAHL",
              help="Prüfprozesse (jeder mit Zeit- und Speicherlimit).")
@click.option("--timeout", type=click.IntRange(5, 3600), default=120, show_default=True,
              metavar="SEKUNDEN",
              help="Höchste Prüfzeit je Plan in Sekunden.")
@click.option("--memory", "memory_mb", type=click.IntRange(256, 65536), default=3072,
              show_default=True, metavar="MB", help="Höchster Speicher je Prüfprozess in MB.")
@click.option("--max-files", type=click.IntRange(1, 1000), default=20, show_default=True,
              metavar="ANZAHL",
              help="Höchstzahl Dateien je Stapelprüfung.")
def serve(host: str, port: int, token: str | None, user: str | None, insecure_no_auth: bool,
          workers: int, timeout: int, memory_mb: int, max_files: int) -> None:
    """Die Weboberfläche starten (Pläne hochladen, Befunde ansehen, MEP herunterladen).

    Standard ist 127.0.0.1 mit einem freien Port; die Adresse wird ausgegeben, ein
    Browser wird nicht geöffnet. Hochgeladene Pläne werden nur während der Anfrage
    verarbeitet und nirgends gespeichert. Siehe docs/weboberflaeche.md.
    """
    from mepcheck.cli.options import fail_input
    from mepcheck.web.app import WebSettings
    from mepcheck.web.server import ServeRefused
    from mepcheck.web.server import serve as run

    if token is not None and len(token) < 12:
        fail_input("Der Zugangsschlüssel (--token) ist zu kurz: mindestens 12 Zeichen.")
    settings = WebSettings(token=token or None, user=user, workers=workers, seconds=float(timeout),
                           memory_mb=memory_mb, max_files=max_files,
                           max_body_bytes=max(32, max_files * 2) * 1024 * 1024)
    try:
        run(settings, host, port, insecure_no_auth=insecure_no_auth,
            announce=lambda text: click.echo(text, err=True))
    except ServeRefused as exc:
        fail_input(str(exc))
