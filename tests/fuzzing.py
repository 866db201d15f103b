"""A seeded mutator over the example plans, and the checks a fuzzed plan must pass.

Each fuzzed plan is an example (or the minimal rule-case plan) with one to four random
mutations: deleted keys, changed types, extreme numbers, ambiguous German numbers, odd
Unicode, control characters, long texts and dangling references, written as YAML or JSON.
For every plan: loading ends in a plan or a :class:`PlanLoadError` (never another
exception); a plan that loads is checked by both engines without an exception and with
identical findings; every ``step``-th plan also runs through ``mepcheck check`` whose exit
code must be 0, 1 or 2.

Run many plans and print the figures::

    .venv/bin/python -m tests.fuzzing --plans 10000 [--seed 1]
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


@dataclass
class Figures:
    plans: int = 0
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


def run(plans: int, seed: int = 1, cli_step: int = 25, progress: int = 0) -> Figures:
    """Fuzz ``plans`` plans; collect every internal error, disagreement and odd exit code."""
    from click.testing import CliRunner

    from mepcheck.checker import check_plan
    from mepcheck.cli import cli
    from mepcheck.loading import PlanLoadError, load_plan_text

    figures = Figures()
    runner = CliRunner()
    reported = 0
    with tempfile.TemporaryDirectory() as tmp:
        for index in range(plans):
            if progress and index and index % progress == 0:
                print(f"… {index} Pläne: geladen {figures.loaded}, abgelehnt {figures.refused}, "
                      f"interne Fehler {len(figures.internal_errors)}, Abweichungen "
                      f"{len(figures.disagreements)}, Exit-Codes {len(figures.bad_exit_codes)}",
                      flush=True)
                problems = figures.internal_errors + figures.disagreements + figures.bad_exit_codes
                for line in problems[reported:]:
                    print("  -", line[:2000], flush=True)
                reported = len(problems)
            text, is_json, names = fuzzed_plan(index, seed)
            figures.plans += 1
            figures.mutations.update(names)
            label = f"Plan {index} (seed {seed}, {'+'.join(names)})"
            try:
                loaded = load_plan_text(text, "fuzz.json" if is_json else "fuzz.yaml",
                                        is_json=is_json)
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
                path = Path(tmp) / f"plan{index}.{'json' if is_json else 'yaml'}"
                path.write_text(text, encoding="utf-8", errors="surrogatepass")
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
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cli-step", type=int, default=25)
    parser.add_argument("--progress", type=int, default=500, help="Zwischenstand alle N Pläne")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    figures = run(args.plans, args.seed, args.cli_step, args.progress)
    seconds = time.perf_counter() - start
    print(f"Pläne: {figures.plans} (Seed {args.seed}) in {seconds:.0f} s; geladen: {figures.loaded}, "
          f"abgelehnt mit Fehlermeldung: {figures.refused}; CLI-Läufe: {figures.cli_runs}")
    print(f"Mutationen: {dict(sorted(figures.mutations.items()))}")
    print(f"interne Fehler: {len(figures.internal_errors)}; Abweichungen der Engines: "
          f"{len(figures.disagreements)}; unerwartete Exit-Codes: {len(figures.bad_exit_codes)}")
    for line in figures.internal_errors[:20] + figures.disagreements[:20] + figures.bad_exit_codes[:20]:
        print("-", line)
    return 0 if not (figures.internal_errors or figures.disagreements or figures.bad_exit_codes) else 1


if __name__ == "__main__":
    sys.exit(main())
