"""Time the web result page against ``mepcheck check`` on the same plan.

Starts ``mepcheck serve`` on 127.0.0.1 (a free port), uploads the 40-school example
(``fixtures/examples/landkreis-hohenwald.yaml``) and times the complete HTTP round trip of
the result page (upload, check in the worker, rendering), after one warm-up request. The
reference is ``mepcheck check`` on the same file as a fresh process, as a user runs it.
Then the generated 400-school plan (:mod:`bench.generate`): upload time, page size and how
many findings the page lists (open items in full, passed checks paged at 200).

    .venv/bin/python -m bench.bench_web [--repeat 3]
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx2 as httpx

from bench.generate import plan_yaml

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "fixtures" / "examples" / "landkreis-hohenwald.yaml"


def _median(func: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, value = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        value = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), value


def _cli(path: Path) -> int:
    return subprocess.run([sys.executable, "-m", "mepcheck", "check", str(path)],
                          capture_output=True, check=False).returncode


def _upload(client: httpx.Client, url: str, name: str, data: bytes, **fields: str) -> httpx.Response:
    r = client.post(url + "ergebnis", files={"plan": (name, data, "application/yaml")}, data=fields)
    assert r.status_code == 200, r.text[:500]
    return r


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    proc = subprocess.Popen([sys.executable, "-m", "mepcheck", "serve", "--workers", "1"],
                            cwd=ROOT, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        url = re.search(r"http://\S+/", proc.stderr.readline()).group(0)  # type: ignore[union-attr]
        with httpx.Client(timeout=600) as client:
            data = PLAN.read_bytes()
            # the first request right after the start (workers still warming up)
            t_cold, _ = _median(lambda: _upload(client, url, PLAN.name, data), 1)
            t_web, page = _median(lambda: _upload(client, url, PLAN.name, data), args.repeat)
            t_cli, _ = _median(lambda: _cli(PLAN), args.repeat)
            shown = len(re.findall(r'<li class="finding ', page.text))
            print(f"40 Schulen ({PLAN.name}):")
            print(f"  mepcheck check (neuer Prozess):   {t_cli:7.3f} s")
            print(f"  Ergebnisseite (Hochladen→HTML):   {t_web:7.3f} s  "
                  f"({len(page.content) / 1024:.0f} KiB, {shown} Befunde gelistet)")
            print(f"  Verhältnis Seite / check:         {t_web / t_cli:7.2f}  (Ziel ≤ 1,5)")
            print(f"  erste Anfrage nach dem Start:     {t_cold:7.3f} s  (direkt nach dem Start, "
                  f"Prüfprozess wärmt noch auf; Verhältnis {t_cold / t_cli:.2f})")
            big = plan_yaml(400).encode("utf-8")
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "bench-400.yaml"
                path.write_bytes(big)
                t_cli400, _ = _median(lambda: _cli(path), 1)
            t400, page400 = _median(lambda: _upload(client, url, "bench-400.yaml", big), 1)
            t400all, all400 = _median(lambda: _upload(client, url, "bench-400.yaml", big,
                                                      status="alle"), 1)
            total = re.search(r"Zusammenfassung aller ([\d.]+) Prüfungen", page400.text)
            print(f"400 Schulen (erzeugt, {len(big) / 1024:.0f} KiB, "
                  f"{total.group(1) if total else '?'} Prüfungen):")
            print(f"  mepcheck check (neuer Prozess):   {t_cli400:7.3f} s")
            print(f"  Ergebnisseite, offene Punkte:     {t400:7.3f} s  "
                  f"({len(page400.content) / 1024:.0f} KiB, "
                  f"{len(re.findall(r'<li class=.finding ', page400.text))} Befunde gelistet)")
            print(f"  Ergebnisseite, alle (Seite 1):    {t400all:7.3f} s  "
                  f"({len(all400.content) / 1024:.0f} KiB, "
                  f"{len(re.findall(r'<li class=.finding ', all400.text))} Befunde gelistet)")
    finally:
        proc.terminate()
        proc.wait(20)


if __name__ == "__main__":
    main()
