"""Time ``check`` on generated plans of 1, 10, 100 and 400 schools.

Prints, per size: loading and validation, fact building, evaluation by
durable-rules and by the reference evaluator, and the whole check (load, check
and the default text report, i.e. what ``mepcheck check PLAN`` does); plus the
ratios the targets are stated in, and the start-up time of ``mepcheck --help``.

    .venv/bin/python -m bench.bench_check [--sizes 1 10 100 400] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from bench.generate import plan_yaml
from mepcheck.checker import check_plan, encode_facts, get_engine
from mepcheck.derived import compute_figures
from mepcheck.facts import build_facts
from mepcheck.loading import load_plan_text
from mepcheck.report import render


def _time(func: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, value = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        value = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), value


def measure(size: int, repeat: int) -> None:
    """Time one plan size and print a row."""
    text = plan_yaml(size)
    t_load, loaded = _time(lambda: load_plan_text(text, f"bench-{size}.yaml"), repeat)
    check_plan(loaded)  # warm-up: rules loaded and compiled once per process
    t_facts, facts = _time(lambda: encode_facts(build_facts(loaded.plan,
                                                            compute_figures(loaded.plan))),
                           repeat)
    from mepcheck.checker import _compiled
    from mepcheck.rulebase import load_rulebase
    from mepcheck.rules.profiles import default_profile_name

    base = load_rulebase()
    plan = loaded.plan
    ruleset = _compiled(base, default_profile_name(base.profiles, plan.carrier.land.value,
                                                   plan.meta.reference_date),
                        plan.carrier.land.value)
    durable, reference = get_engine("durable"), get_engine("reference")
    t_dur, res_d = _time(lambda: durable.evaluate(ruleset, facts), repeat)
    t_ref, res_r = _time(lambda: reference.evaluate(ruleset, facts), repeat)
    assert res_d.matches == res_r.matches, "engines disagree"
    def whole() -> Any:
        checked = check_plan(load_plan_text(text, "b.yaml"))
        render([checked], "text")
        return checked

    t_check, result = _time(whole, repeat)
    print(f"{size:>8} {len(facts):>7} {len(result.findings):>8} {t_load:>7.3f}s {t_facts:>7.3f}s "
          f"{t_dur:>7.3f}s {t_ref:>8.3f}s {t_check:>7.3f}s {t_dur / t_ref:>8.2f} "
          f"{t_check / t_load:>12.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100, 400])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'Schulen':>8} {'Fakten':>7} {'Befunde':>8} {'Laden':>8} {'Fakten':>8} {'durable':>8} "
          f"{'Referenz':>9} {'check':>8} {'dur/ref':>8} {'check/laden':>12}")
    for size in args.sizes:
        measure(size, args.repeat)
    starts = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mepcheck", "--help"], check=True,
                       capture_output=True)
        starts.append(time.perf_counter() - start)
    print(f"mepcheck --help: {statistics.median(starts):.3f}s (Median aus 5, inkl. Interpreterstart)")


if __name__ == "__main__":
    main()
