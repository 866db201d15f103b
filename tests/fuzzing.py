"""A seeded mutator over the example plans, and the checks a fuzzed plan must pass.

Each fuzzed plan is an example (or the minimal rule-case plan) with one to four random
mutations: deleted keys, changed types, extreme numbers, ambiguous German numbers, odd
Unicode, control characters, long texts and dangling references, written as YAML or JSON.
For every plan: loading ends in a plan or a :class:`PlanLoadError` (never another
exception); a plan that loads is checked by both engines without an exception and with
identical findings; every ``step``-th plan also runs through ``mepcheck check`` whose exit
code must be 0, 1 or 2.

Workbooks are fuzzed the same way: an example written as a plan workbook, then one to
four cell-level mutations (odd values in any cell, cleared cells, uncached formulas,
deleted, duplicated or inserted rows and columns, renamed, hidden, removed or extra
sheets, merged cells).

Run many plans and print the figures::

    .venv/bin/python -m tests.fuzzing --plans 10000 --workbooks 1000 [--seed 1]
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [*sorted((ROOT / "fixtures" / "examples").glob("*.yaml")),
           ROOT / "fixtures" / "cases" / "minimal.yaml"]

ODD_VALUES: list[Any] = [
    None, True, False, 0, -1, 1, 2**31, 2**63, 10**20, 99999999999999999999, -10**20,
    0.5, 1e29, -1e29, 1e-29, float("inf"), float("-inf"), float("nan"),
    "", " ", "x", "viele", "4.900", "1.200", "4,900", "4.900,00 €", "350.000,00 €", "20 %",
    "1e29", "NaN", "Infinity", "-0", "0x10", "010", "1:30", "2026-02-30", "9999-12-31",
    "\u202egnirts", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "🏫", "a\x0bb", "a\x00b", "\ufeffBOM", "e\u0301", "ß" * 3,
    "x" * 20_000, ["a"], ["a", 1, None], {"a": 1}, {}, [], [[]], [{}],
    dt.date(2026, 1, 1), dt.date(1, 1, 1),
]
REFERENCE_KEYS = {"schule", "massnahme", "dienst", "verknuepft_mit", "schulen", "massnahmen"}


def _containers(node: Any, path: tuple = ()) -> list[tuple[tuple, Any]]:
    found: list[tuple[tuple, Any]] = []
    stack = [(path, node)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, dict):
            found.append((where, item))
            stack.extend(((*where, k), v) for k, v in item.items())
        elif isinstance(item, list):
            found.append((where, item))
            stack.extend(((*where, i), v) for i, v in enumerate(item))
    return found


def mutate(data: Any, rng: random.Random) -> str:
    """Apply one random mutation in place; return its name."""
    containers = _containers(data)
    dicts = [c for _, c in containers if isinstance(c, dict) and c]
    lists = [c for _, c in containers if isinstance(c, list) and c]
    kind = rng.choice(["delete", "retype", "retype", "number", "reference", "duplicate",
                       "unicode", "unknown_key", "empty_list", "tweak", "tweak", "tweak"])
    if kind == "delete" and dicts:
        target = rng.choice(dicts)
        del target[rng.choice(list(target))]
    elif kind in ("retype", "unicode") and dicts:
        target = rng.choice(dicts)
        key = rng.choice(list(target))
        pool = [v for v in ODD_VALUES if isinstance(v, str)] if kind == "unicode" else ODD_VALUES
        target[key] = copy.deepcopy(rng.choice(pool))
    elif kind == "number" and dicts:
        numeric = [(d, k) for d in dicts for k, v in d.items()
                   if isinstance(v, int | float) and not isinstance(v, bool)]
        if numeric:
            target, key = rng.choice(numeric)
            target[key] = rng.choice([0, -1, 10**20, 2**53 + 1, 1e29, float("inf"),
                                      float("nan"), 0.001, 123456789.123, "4.900", "1.200"])
    elif kind == "tweak" and dicts:  # a plausible other value: plans that load, engines compared
        numeric = [(d, k) for d in dicts for k, v in d.items()
                   if isinstance(v, int | float) and not isinstance(v, bool)]
        if numeric:
            target, key = rng.choice(numeric)
            old = target[key]
            target[key] = (round(rng.random(), 2) if isinstance(old, float) and old <= 1
                           else type(old)(max(0, old * rng.choice([0, 0.5, 2, 10]))))
    elif kind == "reference" and dicts:
        refs = [(d, k) for d in dicts for k in d if k in REFERENCE_KEYS]
        if refs:
            target, key = rng.choice(refs)
            value = target[key]
            if isinstance(value, list) and value:
                value[rng.randrange(len(value))] = rng.choice(["gibtsnicht", 7, ["x"], None])
            else:
                target[key] = rng.choice(["gibtsnicht", 7, ["x"], {"id": "x"}, None])
    elif kind == "duplicate" and lists:
        target = rng.choice(lists)
        target.append(copy.deepcopy(rng.choice(target)))
    elif kind == "unknown_key" and dicts:
        rng.choice(dicts)[rng.choice(["schüler", "Name", "foo", "id ", "🏫"])] = 1
    elif kind == "empty_list" and lists:
        rng.choice(lists).clear()
    return kind


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, dt.date):
        return node.isoformat()
    return node


CELL_VALUES: list[Any] = [
    None, "", " ", "viele", "4.900", "1.200", "4,900", "1e29", "NaN", "-1", "ja", "nein", "x",
    -1, 0, 1, 7, 2**53 + 1, 2**63, 1e29, -1e29, 0.5, 1e-29, True, False,
    dt.date(2026, 1, 1), dt.datetime(2026, 2, 1, 12, 30), dt.date(1900, 1, 1),
    "=1/0", "=A1*2", "#DIV/0!", "#NV", "🏫", "\u202egnirts", "e\u0301", "x" * 20_000,
    "gibtsnicht", "schule-1", "2026-02-30", "20 %", "4.900,00 €",
]


def _set_random_cell(ws: Any, rng: random.Random, value: Any) -> None:
    cell = ws.cell(row=rng.randint(1, ws.max_row + 1), column=rng.randint(1, ws.max_column + 1))
    if type(cell).__name__ != "MergedCell":  # covered by a merge: not writable
        cell.value = value


def mutate_workbook(wb: Any, rng: random.Random) -> str:
    """Apply one random cell-level mutation to an openpyxl workbook; return its name."""
    sheets = [ws for ws in wb.worksheets if ws.title != "Anleitung"]
    ws = rng.choice(sheets)
    kind = rng.choice(["cell", "cell", "cell", "clear", "tweak", "tweak", "tweak", "formula",
                       "delete_row", "duplicate_row", "delete_column", "insert_column", "merge",
                       "rename_sheet", "hide_sheet", "remove_sheet", "extra_sheet"])
    if kind == "cell":
        _set_random_cell(ws, rng, copy.deepcopy(rng.choice(CELL_VALUES)))
    elif kind == "clear":
        _set_random_cell(ws, rng, None)
    elif kind == "tweak":  # a plausible other number: workbooks that load, engines compared
        numeric = [c for row in ws.iter_rows(min_row=3) for c in row
                   if isinstance(c.value, int | float) and not isinstance(c.value, bool)]
        if numeric:
            cell = rng.choice(numeric)
            cell.value = type(cell.value)(max(0, cell.value * rng.choice([0, 0.5, 2, 10])))
    elif kind == "formula":
        _set_random_cell(ws, rng, rng.choice(["=1+1", "=SUM(B3:B4)", "=B3", "=NOW()"]))
    elif kind == "delete_row" and ws.max_row > 1:
        ws.delete_rows(rng.randint(1, ws.max_row))
    elif kind == "duplicate_row" and ws.max_row > 2:
        source = rng.randint(3, ws.max_row)
        ws.append([c.value for c in ws[source]])
    elif kind == "delete_column":
        ws.delete_cols(rng.randint(1, ws.max_column))
    elif kind == "insert_column":
        ws.insert_cols(rng.randint(1, ws.max_column + 1))
    elif kind == "merge" and ws.max_row >= 2 and ws.max_column >= 2:
        row, column = rng.randint(1, ws.max_row - 1), rng.randint(1, ws.max_column - 1)
        ws.merge_cells(start_row=row, start_column=column, end_row=row + 1, end_column=column + 1)
    elif kind == "rename_sheet":
        ws.title = rng.choice(["Schulen2", "schulen", "Tabelle1", "Massnahmen", "🏫"])
    elif kind == "hide_sheet":
        ws.sheet_state = "hidden"
    elif kind == "remove_sheet" and len(sheets) > 1:
        wb.remove(ws)
    elif kind == "extra_sheet":
        extra = wb.create_sheet(rng.choice(["Notizen", "Schulen", "Tabelle1"]))
        extra.append(["id", "name", "schueler"])
        extra.append([copy.deepcopy(rng.choice(CELL_VALUES)) for _ in range(3)])
    return kind


_WORKBOOKS: dict[Path, bytes] = {}


def fuzzed_workbook(index: int, seed: int) -> tuple[bytes, list[str]]:
    """The ``index``-th fuzzed workbook: (xlsx bytes, mutation names)."""
    import io

    import openpyxl

    from mepcheck.loading import load_plan
    from mepcheck.workbook.writer import workbook_bytes

    rng = random.Random(seed * 1_000_033 + index)
    source = rng.choice(SOURCES)
    if source not in _WORKBOOKS:
        _WORKBOOKS[source] = workbook_bytes(load_plan(source).plan)[0]
    wb = openpyxl.load_workbook(io.BytesIO(_WORKBOOKS[source]))
    names = [mutate_workbook(wb, rng) for _ in range(rng.choice([1, 1, 1, 2, 3, 4]))]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), names


@dataclass
class Figures:
    plans: int = 0
    workbooks: int = 0
    loaded: int = 0
    refused: int = 0
    cli_runs: int = 0
    mutations: Counter = field(default_factory=Counter)
    internal_errors: list[str] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)
    bad_exit_codes: list[str] = field(default_factory=list)


_BASES: dict[Path, Any] = {}


def fuzzed_plan(index: int, seed: int) -> tuple[str, bool, list[str]]:
    """The ``index``-th fuzzed plan: (text, is_json, mutation names)."""
    rng = random.Random(seed * 1_000_003 + index)
    source = rng.choice(SOURCES)
    if source not in _BASES:
        _BASES[source] = yaml.safe_load(source.read_text(encoding="utf-8"))
    data = copy.deepcopy(_BASES[source])
    names = [mutate(data, rng) for _ in range(rng.choice([1, 1, 1, 2, 3, 4]))]
    is_json = rng.random() < 0.3
    if is_json:
        text = json.dumps(_plain(data), ensure_ascii=rng.random() < 0.5, indent=1)
    else:
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return text, is_json, names


def _findings(result: Any) -> list[tuple]:
    return [(f.code, f.path, f.status, f.message, f.params) for f in result.findings]


def _cases(plans: int, workbooks: int, seed: int) -> Any:
    """(label, suffix, file bytes, loader) for every fuzzed plan, then every workbook."""
    from mepcheck.loading import load_plan_text
    from mepcheck.workbook.reader import load_workbook_bytes

    for index in range(plans):
        text, is_json, names = fuzzed_plan(index, seed)
        suffix = "json" if is_json else "yaml"
        yield (f"Plan {index} (seed {seed}, {'+'.join(names)})", suffix, names,
               text.encode("utf-8", errors="surrogatepass"),
               lambda text=text, is_json=is_json, suffix=suffix:
                   load_plan_text(text, f"fuzz.{suffix}", is_json=is_json))
    for index in range(workbooks):
        raw, names = fuzzed_workbook(index, seed)
        yield (f"Arbeitsmappe {index} (seed {seed}, {'+'.join(names)})", "xlsx", names, raw,
               lambda raw=raw: load_workbook_bytes(raw, "fuzz.xlsx"))


def run(plans: int, seed: int = 1, cli_step: int = 25, progress: int = 0,
        workbooks: int = 0) -> Figures:
    """Fuzz ``plans`` plans and ``workbooks`` workbooks; collect every internal error,
    disagreement and odd exit code."""
    from click.testing import CliRunner

    from mepcheck.checker import check_plan
    from mepcheck.cli import cli
    from mepcheck.loading import PlanLoadError

    figures = Figures()
    runner = CliRunner()
    reported = 0
    with tempfile.TemporaryDirectory() as tmp:
        for index, (label, suffix, names, raw, load) in enumerate(_cases(plans, workbooks, seed)):
            if progress and index and index % progress == 0:
                print(f"… {index} Eingaben: geladen {figures.loaded}, abgelehnt {figures.refused}, "
                      f"interne Fehler {len(figures.internal_errors)}, Abweichungen "
                      f"{len(figures.disagreements)}, Exit-Codes {len(figures.bad_exit_codes)}",
                      flush=True)
                problems = figures.internal_errors + figures.disagreements + figures.bad_exit_codes
                for line in problems[reported:]:
                    print("  -", line[:2000], flush=True)
                reported = len(problems)
            if suffix == "xlsx":
                figures.workbooks += 1
            else:
                figures.plans += 1
            figures.mutations.update(names)
            try:
                loaded = load()
            except PlanLoadError:
                figures.refused += 1
                loaded = None
            except Exception:
                figures.internal_errors.append(f"{label}: Laden: {traceback.format_exc(limit=-3)}")
                continue
            if loaded is not None:
                figures.loaded += 1
                try:
                    durable = check_plan(loaded, engine="durable")
                    reference = check_plan(loaded, engine="reference")
                except Exception:
                    figures.internal_errors.append(
                        f"{label}: Prüfung: {traceback.format_exc(limit=-3)}")
                    continue
                if _findings(durable) != _findings(reference):
                    diff = set(_findings(durable)) ^ set(_findings(reference))
                    figures.disagreements.append(f"{label}: {sorted(map(str, diff))[:3]}")
            if cli_step and index % cli_step == 0:
                path = Path(tmp) / f"plan{index}.{suffix}"
                path.write_bytes(raw)
                result = runner.invoke(cli, ["check", str(path)])
                figures.cli_runs += 1
                if result.exit_code not in (0, 1, 2) or "Traceback" in (result.output or ""):
                    figures.bad_exit_codes.append(
                        f"{label}: exit {result.exit_code}: {result.output[-300:]!r} "
                        f"{result.exception!r}")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plans", type=int, default=1000)
    parser.add_argument("--workbooks", type=int, default=0, help="außerdem N Arbeitsmappen")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cli-step", type=int, default=25)
    parser.add_argument("--progress", type=int, default=500, help="Zwischenstand alle N Pläne")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    figures = run(args.plans, args.seed, args.cli_step, args.progress, args.workbooks)
    seconds = time.perf_counter() - start
    print(f"Pläne: {figures.plans}, Arbeitsmappen: {figures.workbooks} (Seed {args.seed}) in "
          f"{seconds:.0f} s; geladen: {figures.loaded}, "
          f"abgelehnt mit Fehlermeldung: {figures.refused}; CLI-Läufe: {figures.cli_runs}")
    print(f"Mutationen: {dict(sorted(figures.mutations.items()))}")
    print(f"interne Fehler: {len(figures.internal_errors)}; Abweichungen der Engines: "
          f"{len(figures.disagreements)}; unerwartete Exit-Codes: {len(figures.bad_exit_codes)}")
    for line in figures.internal_errors[:20] + figures.disagreements[:20] + figures.bad_exit_codes[:20]:
        print("-", line)
    return 0 if not (figures.internal_errors or figures.disagreements or figures.bad_exit_codes) else 1


if __name__ == "__main__":
    sys.exit(main())
