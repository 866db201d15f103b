"""Batch benchmark: many plans of mixed sizes, as a funding agency checks them.

Generates N plans in the shapes of the four examples (3, 3, 4 and 40 schools) with
varied figures (pupils, teachers, classes, inventory counts, carrier names; seeded,
so every run checks the same plans) and prints, measured in one run:

* bare parsing of the same files (``yaml.load`` with the C loader, one process);
* ``mepcheck check`` on the folder with ``--jobs 1`` and ``--jobs 2`` (text report;
  JSON Lines with only the open findings; JSON with every finding), wall time and
  throughput, and throughput ÷ bare-parsing throughput;
* the whole check of one plan ÷ reading and validating it, and durable-rules ÷ the
  reference evaluator on the same facts (:mod:`bench.bench_check`);
* peak memory of batches of 100, 500 and 1,000 plans (``--format json``, ``--jobs 2``):
  the largest single process and the whole process tree, and how many plans the written
  report holds.

    .venv/bin/python -m bench.bench_batch [--plans 200] [--memory 100 500 1000]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "fixtures" / "examples").glob("*.yaml"))


def _vary(data: Any, rng: random.Random, inventory: bool = False) -> Any:
    """The same plan with other figures: pupils, teachers and classes scaled by ±25 %,
    inventory counts (not the measures, whose costs the grants must stay below) by
    -25 % to +25 %."""
    if isinstance(data, dict):
        out = {}
        for key, value in data.items():
            if key in ("schueler", "lehrkraefte", "klassen") and isinstance(value, int) and value:
                out[key] = max(1, round(value * rng.uniform(0.75, 1.25)))
            elif key == "anzahl" and inventory and isinstance(value, int) and value > 1:
                out[key] = max(1, round(value * rng.uniform(0.75, 1.25)))
            else:
                out[key] = _vary(value, rng, inventory or key == "bestand")
        return out
    if isinstance(data, list):
        return [_vary(v, rng, inventory) for v in data]
    return data


def generate(folder: Path, count: int, seed: int = 11) -> list[Path]:
    """``count`` plans in ``folder``, the four shapes in turn."""
    rng = random.Random(seed)
    bases = [yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) for p in EXAMPLES]
    paths = []
    for i in range(count):
        data = _vary(bases[i % len(bases)], rng)
        data["traeger"]["name"] = f"{data['traeger']['name']} (Variante {i:04d})"
        path = folder / f"plan-{i:04d}.yaml"
        path.write_text(yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True,
                                  sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths


def bare_parse(paths: list[Path]) -> tuple[float, float]:
    """Wall and CPU seconds of parsing every file with the C loader in this process."""
    start, cpu = time.perf_counter(), time.process_time()
    for path in paths:
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return time.perf_counter() - start, time.process_time() - cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _tree_rss(root: int) -> int:
    """Resident memory of ``root`` and all its descendants in KiB (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
        except (OSError, IndexError):
            continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, ()))
        try:
            with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            continue
    return total


def run_check(args: list[str], *, sample: bool = False) -> tuple[float, int, int, float]:
    """Wall time, exit code, peak RSS of the process tree (KiB, 0 unless sampled) and
    CPU seconds of the whole process tree (the command and its workers)."""
    start, cpu = time.perf_counter(), _children_cpu()
    process = subprocess.Popen([sys.executable, "-m", "mepcheck", "check", *args], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = [0]
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(process.pid))
            done.wait(0.2)

    thread = threading.Thread(target=poll, daemon=True)
    if sample:
        thread.start()
    code = process.wait()
    done.set()
    if sample:
        thread.join()
    return time.perf_counter() - start, code, peak[0], _children_cpu() - cpu


def largest_process_rss(args: list[str]) -> int:
    """Peak RSS (KiB) of the largest single process of a fresh ``mepcheck check`` run."""
    probe = ("import resource, subprocess, sys; "
             "subprocess.run([sys.executable, '-m', 'mepcheck', 'check', *sys.argv[1:]], "
             "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", probe, *args], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    return int(done.stdout.strip())


def _plans_in_report(report: Path) -> int:
    """Plans in a multi-plan JSON report, counted line by line (the report of 1,000 plans
    is about 2 GB: reading it whole would measure this script, not mepcheck)."""
    count, tail = 0, ""
    with report.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith('      "mepcheck": '):  # the first key of each plan's object
                count += 1
            tail = line.strip() or tail
    return count if tail == "}" else -1  # -1: the report is not closed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plans", type=int, default=200)
    parser.add_argument("--memory", type=int, nargs="*", default=[100, 500, 1000])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1, 10, 100, 400],
                        help="plan sizes (schools) for check/load and durable/reference")
    args = parser.parse_args()
    print(f"Maschine: {os.cpu_count()} Kerne, Last {os.getloadavg()[0]:.1f} beim Start "
          "(Wartezeit auf freie Kerne zählt in die Wandzeit; die CPU-Zeit nicht)")
    with tempfile.TemporaryDirectory(prefix="mepcheck-bench-") as tmp:
        folder = Path(tmp) / "plaene"
        folder.mkdir()
        paths = generate(folder, args.plans)
        t_parse, cpu_parse = bare_parse(paths)
        rate_parse = len(paths) / t_parse
        print(f"\n{len(paths)} Pläne (Formen der vier Beispiele), "
              f"{sum(p.stat().st_size for p in paths) / 1e6:.1f} MB")
        print(f"  bloßes Parsen (yaml C-Loader, 1 Prozess): {t_parse:6.2f} s  "
              f"{rate_parse:6.1f} Pläne/s  (CPU {cpu_parse:6.2f} s)")
        variants = [("Text", []), ("JSON Lines, nur offene Befunde",
                                   ["-f", "jsonl", "--status", "failed,undetermined,waived"]),
                    ("JSON, alle Befunde", ["-f", "json"])]
        for label, extra in variants:
            for jobs in (1, 2):
                wall, code, _, cpu = run_check([str(folder), "--jobs", str(jobs), *extra])
                rate = len(paths) / wall
                print(f"  check --jobs {jobs} ({label}): {wall:6.2f} s  {rate:6.1f} Pläne/s  "
                      f"÷ Parsen {rate / rate_parse:5.2f}  (CPU {cpu:6.2f} s = "
                      f"{cpu / cpu_parse:4.1f} × Parsen; Exit {code})")
        for count in args.memory:
            more = Path(tmp) / f"speicher-{count}"
            more.mkdir()
            generate(more, count, seed=23)
            report = Path(tmp) / f"bericht-{count}.json"
            wall, code, tree, _ = run_check([str(more), "-f", "json", "--jobs", "2", "-o", str(report)],
                                            sample=True)
            written = _plans_in_report(report)
            largest = largest_process_rss([str(more), "-f", "json", "--jobs", "2"])
            print(f"  Speicher {count:>5} Pläne (json, --jobs 2): größter Prozess "
                  f"{largest / 1024:6.0f} MB, ganzer Prozessbaum {tree / 1024:6.0f} MB, "
                  f"{wall:6.1f} s (Exit {code}; im Bericht: {written} von {count} Plänen, "
                  f"{report.stat().st_size / 1e6:.0f} MB)")
    if args.sizes:
        from bench.bench_check import measure

        print("\nEin Plan: Prüfung (Laden, Prüfen, Textbericht) ÷ Laden, durable ÷ Referenz")
        print(f"{'Schulen':>8} {'Fakten':>7} {'Befunde':>8} {'Laden':>8} {'Fakten':>8} "
              f"{'durable':>8} {'Referenz':>9} {'check':>8} {'dur/ref':>8} {'check/laden':>12}")
        for size in args.sizes:
            measure(size, 1 if size >= 100 else 3)
    print(f"\nLast am Ende: {os.getloadavg()[0]:.1f}; Selbst: "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
