"""Run the worker for an untrusted template in a subprocess with limits.

Limits: address space (``RLIMIT_AS``), CPU seconds (``RLIMIT_CPU``), no file writes
(``RLIMIT_FSIZE`` = 0), no core dumps, a wall-clock timeout, a minimal environment and a
temporary working directory. Python starts with ``-B -P`` (no bytecode files, no current
directory on the path). Whatever goes wrong becomes a :class:`TemplateRefused` with a
German message (exit code 2 on the command line).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mepcheck.assemble.charts import ChartData


@dataclass(frozen=True)
class Limits:
    """Resource limits for one untrusted template run."""

    memory_mb: int = 2048
    cpu_seconds: int = 60
    wall_seconds: int = 120


class TemplateRefused(Exception):
    """The template was refused or could not be rendered (German message)."""


def _preexec(limits: Limits) -> Any:
    def apply() -> None:
        import resource

        mem = limits.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        os.setsid()

    return apply


def _env() -> dict[str, str]:
    package_root = Path(__file__).resolve().parents[2]
    return {
        "PATH": os.defpath,
        "LANG": "C.UTF-8",
        "PYTHONHASHSEED": "0",
        "PYTHONPATH": str(package_root),
        "PYTHONIOENCODING": "utf-8",
        "MPLBACKEND": "Agg",
    }


def run_worker(command: str, template: bytes, view_model: dict[str, Any] | None,
               charts: dict[str, ChartData | None] | None,
               limits: Limits | None = None) -> dict[str, Any]:
    """Send one request to a fresh worker; return its response or raise TemplateRefused."""
    from mepcheck.assemble.transport import decode_response, encode_request

    limits = limits or Limits()
    request = encode_request(command, template, view_model, charts)
    with tempfile.TemporaryDirectory(prefix="mepcheck-vorlage-") as cwd:
        try:
            proc = subprocess.run(
                [sys.executable, "-B", "-P", "-m", "mepcheck.assemble.worker"],
                input=request, capture_output=True, timeout=limits.wall_seconds, cwd=cwd,
                env=_env(), preexec_fn=_preexec(limits), check=False,
            )
        except subprocess.TimeoutExpired:
            raise TemplateRefused(
                f"Vorlage abgelehnt: die Verarbeitung dauerte länger als {limits.wall_seconds} "
                "Sekunden (Zeitlimit).") from None
    if proc.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise TemplateRefused(
            f"Vorlage abgelehnt: die Verarbeitung brauchte mehr als {limits.cpu_seconds} "
            "Sekunden Rechenzeit (Zeitlimit).")
    try:
        response = decode_response(proc.stdout)
    except ValueError:
        tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        if "MemoryError" in tail[0]:
            raise TemplateRefused(
                f"Vorlage abgelehnt: die Verarbeitung brauchte mehr als {limits.memory_mb} MB "
                "Speicher (Speicherlimit).") from None
        raise TemplateRefused(
            f"Vorlage nicht verarbeitbar (Prozess beendet mit Code {proc.returncode}"
            + (f": {tail[0]}" if tail[0] else "") + ").") from None
    if not response.get("ok"):
        kind = response.get("kind")
        error = response.get("error", "unbekannter Fehler")
        if kind == "memory":
            raise TemplateRefused(
                f"Vorlage abgelehnt: die Verarbeitung brauchte mehr als {limits.memory_mb} MB "
                "Speicher (Speicherlimit).")
        raise TemplateRefused(error if error.startswith("Vorlage") else f"Vorlage: {error}")
    return response
