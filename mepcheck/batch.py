"""Check many plans: in parallel worker processes, crash-isolated.

A plan whose evaluation kills its worker (durable-rules is a C extension with
known crash bugs) is re-run alone in a fresh process; if it crashes again it is
reported as an engine crash. One plan never stops the others.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from mepcheck.checker import CheckResult, check_plan
from mepcheck.loading import PlanLoadError, load_plan


@dataclass(frozen=True)
class PlanOutcome:
    """The outcome for one plan of a batch: a result, or why there is none."""

    path: Path
    result: CheckResult | None = None
    load_error: PlanLoadError | None = None
    crash: str | None = None


def check_one(path: Path, profile: str | None, rules_dirs: tuple[Path, ...], engine: str) -> PlanOutcome:
    """Load and check one plan; input errors become part of the outcome."""
    try:
        loaded = load_plan(path)
    except PlanLoadError as exc:
        return PlanOutcome(path, load_error=exc)
    result = check_plan(loaded, profile=profile, rules_dirs=rules_dirs, engine=engine)
    # the figures and plan are not needed by the reporters of a batch; keep results small
    return PlanOutcome(path, result=result)


def _guarded(worker: Callable[..., PlanOutcome], path: Path, *args: object) -> PlanOutcome:
    """Run one plan; an unexpected error becomes that plan's outcome, never the batch's end."""
    from mepcheck.rules.errors import RuleFileError

    try:
        return worker(path, *args)
    except RuleFileError:
        raise  # the rule base or profile is wrong for every plan: report once
    except Exception as exc:
        return PlanOutcome(path, crash=f"interner Fehler bei der Prüfung ({type(exc).__name__}: {exc})")


def _pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               max_tasks_per_child=200)


def check_many(paths: list[Path], *, profile: str | None = None, rules_dirs: tuple[Path, ...] = (),
               engine: str = "durable", jobs: int = 1,
               worker: Callable[..., PlanOutcome] | None = None) -> list[PlanOutcome]:
    """Check ``paths`` in order of the input; ``jobs > 1`` uses worker processes.

    ``worker`` (a module-level function, default :func:`check_one`) does one plan.
    """
    check_one_ = worker or check_one
    if jobs <= 1 or len(paths) <= 1:
        return [_guarded(check_one_, p, profile, rules_dirs, engine) for p in paths]
    outcomes: dict[int, PlanOutcome] = {}
    pending = list(range(len(paths)))
    with _pool(jobs) as pool:
        futures = {i: pool.submit(check_one_, paths[i], profile, rules_dirs, engine) for i in pending}
        for i, future in futures.items():
            try:
                outcomes[i] = future.result()
            except BrokenProcessPool:
                break
            except Exception as exc:  # a bug must not cost the other plans
                outcomes[i] = PlanOutcome(paths[i], crash=f"interner Fehler bei der Prüfung "
                                                          f"({type(exc).__name__}: {exc})")
    for i in pending:
        if i in outcomes:
            continue
        try:  # re-run alone so that only the crashing plan is lost
            with _pool(1) as pool:
                outcomes[i] = pool.submit(check_one_, paths[i], profile, rules_dirs, engine).result()
        except BrokenProcessPool:
            outcomes[i] = PlanOutcome(paths[i], crash="Die Regelmaschine ist bei diesem Plan abgestürzt; "
                                                      "keine Regel konnte entschieden werden.")
    return [outcomes[i] for i in range(len(paths))]
