"""Time plan workbooks against YAML and the Word document, for the generated 400-school plan.

    .venv/bin/python -m bench.bench_workbook [--schools 400] [--repeat 5]

Prints the median of ``repeat`` runs of:

- reading the plan from its YAML file and from its workbook (``load_plan``: file, checks,
  parsing, validation) — target: the workbook takes at most twice as long;
- writing the workbook (``workbook_bytes``) and assembling the Word document of the same
  checked plan (``assemble_document``, bundled template, no PDF) — target: writing takes at
  most as long.

The measurements alternate (YAML, workbook, YAML, …) so that a busy machine slows both alike.
The plan comes from ``bench/generate.py`` (the one ``bench_check`` uses).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.generate import plan_yaml
from mepcheck.assemble.assembler import assemble_document
from mepcheck.checker import check_plan
from mepcheck.loading import load_plan
from mepcheck.workbook.writer import workbook_bytes


def _once(func: Callable[[], Any]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def _alternate(first: Callable[[], Any], second: Callable[[], Any],
               repeat: int) -> tuple[float, float]:
    """Medians of ``first`` and ``second``, measured in turns after one warm-up each."""
    first()
    second()
    a, b = [], []
    for _ in range(repeat):
        a.append(_once(first))
        b.append(_once(second))
    return statistics.median(a), statistics.median(b)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as folder:
        yaml_file = Path(folder) / "plan.yaml"
        yaml_file.write_text(plan_yaml(args.schools), encoding="utf-8")
        loaded = load_plan(yaml_file)
        xlsx_file = Path(folder) / "plan.xlsx"
        xlsx_file.write_bytes(workbook_bytes(loaded.plan)[0])
        same = load_plan(xlsx_file).plan.model_dump() == loaded.plan.model_dump()

        t_yaml, t_xlsx = _alternate(lambda: load_plan(yaml_file), lambda: load_plan(xlsx_file),
                                    args.repeat)
        result = check_plan(loaded, engine="reference")
        t_write, t_docx = _alternate(lambda: workbook_bytes(loaded.plan),
                                     lambda: assemble_document(result), args.repeat)

        plan = loaded.plan
        rows = len(plan.schools) + len(plan.measures) + sum(len(s.inventory) for s in plan.schools)
        print(f"Plan: {len(plan.schools)} Schulen, {len(plan.measures)} Maßnahmen, {rows} "
              f"Tabellenzeilen; YAML {yaml_file.stat().st_size / 1e6:.1f} MB, Arbeitsmappe "
              f"{xlsx_file.stat().st_size / 1e6:.2f} MB; Rundreise gleich: {'ja' if same else 'NEIN'}")
        print(f"Lesen   YAML        {t_yaml:7.2f} s")
        print(f"Lesen   Arbeitsmappe {t_xlsx:6.2f} s")
        print(f"Schreiben Arbeitsmappe {t_write:4.2f} s")
        print(f"Word-Dokument erstellen {t_docx:4.2f} s")
        read_ratio, write_ratio = t_xlsx / t_yaml, t_write / t_docx
        print(f"Verhältnis Lesen Arbeitsmappe/YAML: {read_ratio:.2f} (Ziel ≤ 2): "
              f"{'erfüllt' if read_ratio <= 2 else 'VERFEHLT'}")
        print(f"Verhältnis Schreiben Arbeitsmappe/Word-Dokument: {write_ratio:.2f} (Ziel ≤ 1): "
              f"{'erfüllt' if write_ratio <= 1 else 'VERFEHLT'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
