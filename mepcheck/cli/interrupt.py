"""Ctrl-C and SIGTERM end a run with their own exit codes (130, 143), never 1.

Both become a :class:`Stopped` exception (a ``SystemExit``) in the main thread, so
every ``finally`` and context manager runs: worker processes are stopped and
temporary output files removed; a target file is never partial.
"""

from __future__ import annotations

import signal
from types import FrameType

import click

from mepcheck.exitcodes import ExitCode


class Stopped(SystemExit):
    """The run was stopped from outside (Ctrl-C or SIGTERM)."""


def _on_signal(signum: int, frame: FrameType | None) -> None:
    raise Stopped(int(ExitCode.INTERRUPTED if signum == signal.SIGINT else ExitCode.TERMINATED))


def install() -> None:
    """Turn SIGTERM into :class:`Stopped` (SIGINT is handled as KeyboardInterrupt)."""
    signal.signal(signal.SIGTERM, _on_signal)


def stopped_message(code: int, command: str | None = None) -> str:
    how = "Strg+C" if code == ExitCode.INTERRUPTED else "SIGTERM"
    if command == "serve":  # stopping is how a server ends; it writes no output files
        return f"Server beendet ({how})"
    return ("abgebrochen (Strg+C); unvollständige Ausgaben wurden entfernt"
            if code == ExitCode.INTERRUPTED else
            "beendet (SIGTERM); unvollständige Ausgaben wurden entfernt")


class Group(click.Group):
    """The command group: Ctrl-C ends with exit code 130 and a German note, never 1."""

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("\n" + stopped_message(ExitCode.INTERRUPTED, ctx.invoked_subcommand), err=True)
            raise SystemExit(int(ExitCode.INTERRUPTED)) from None
        except Stopped as exc:
            click.echo("\n" + stopped_message(int(exc.code or 0), ctx.invoked_subcommand), err=True)
            raise
