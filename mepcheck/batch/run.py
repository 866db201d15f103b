"""Check many plans and hand each plan's report on as soon as it is done.

:func:`check_one` loads and checks one plan (a :class:`PlanOutcome`);
:func:`report_one` turns that into a small :class:`PlanReport` – the plan's report
text in the chosen format, its tally, its overview row and its failed findings –
right where the plan was checked (in a batch: in the worker process). The plan,
its facts and findings are released there; the process that writes the report
only holds text and a few numbers per plan.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from mepcheck.baseline import Baseline
from mepcheck.batch.inputs import PlanInput
from mepcheck.batch.pool import TaskTimeout, run_ordered
from mepcheck.checker import CheckResult, check_plan
from mepcheck.findings import Status
from mepcheck.loading import PlanLoadError, load_plan, load_plan_text
from mepcheck.rules.selection import ALL_RULES, Selection
from mepcheck.types import Severity

CRASHED = "Die Regelmaschine ist bei diesem Plan abgestürzt; keine Regel konnte entschieden werden."


@dataclass(frozen=True)
class PlanOutcome:
    """The outcome for one plan of a batch: a result, or why there is none."""

    path: Path
    result: CheckResult | None = None
    load_error: PlanLoadError | None = None
    crash: str | None = None


def _load(path: Path, text: str | None) -> Any:
    if text is None:
        return load_plan(path)
    return load_plan_text(text, "<stdin>", is_json=text.lstrip().startswith(("{", "[")))


def check_one(path: Path, profile: str | None, rules_dirs: tuple[Path, ...], engine: str,
              text: str | None = None, selection: Selection = ALL_RULES,
              baseline: Baseline | None = None) -> PlanOutcome:
    """Load and check one plan (``text``: the plan read from standard input; ``selection``
    and ``baseline``: ``--select``/``--ignore`` and the agency's accepted findings)."""
    try:
        loaded = _load(path, text)
    except PlanLoadError as exc:
        return PlanOutcome(path, load_error=exc)
    return PlanOutcome(path, result=check_plan(loaded, profile=profile, rules_dirs=rules_dirs,
                                               engine=engine, selection=selection,
                                               baseline=baseline))


def _crash(path: Path, exc: BaseException | None) -> PlanOutcome:
    from mepcheck.rules.errors import RuleFileError

    if isinstance(exc, RuleFileError):
        raise exc  # the rule base or profile is wrong for every plan: report once
    if exc is None:
        return PlanOutcome(path, crash=CRASHED)
    if isinstance(exc, TaskTimeout):
        return PlanOutcome(path, crash=f"Die Prüfung dauerte {exc} und wurde abgebrochen "
                                       "(--timeout); keine Regel konnte entschieden werden.")
    return PlanOutcome(path, crash=f"interner Fehler bei der Prüfung ({type(exc).__name__}: {exc})")


def check_many(paths: list[Path], *, profile: str | None = None, rules_dirs: tuple[Path, ...] = (),
               engine: str = "durable", jobs: int = 1,
               worker: Callable[..., PlanOutcome] | None = None,
               timeout: float | None = None) -> list[PlanOutcome]:
    """Check ``paths`` in input order; ``jobs > 1`` uses persistent, crash-isolated workers
    (and ``timeout`` seconds per plan at most).

    ``worker`` (a module-level function, default :func:`check_one`) does one plan."""
    tasks = [(p, profile, rules_dirs, engine) for p in paths]
    return list(run_ordered(worker or check_one, tasks, jobs=min(jobs, len(paths)),
                            on_error=lambda task, exc: _crash(task[0], exc),
                            initializer=warm_up, initargs=(rules_dirs, engine), timeout=timeout))


GC_THRESHOLD = 50_000
"""Allocations between two young-generation collections while a batch runs (default 700)."""


def warm_up(rules_dirs: tuple[Path, ...], engine: str) -> None:
    """Before a batch: load the rule base, the engine and the report modules once, so
    that forked workers start with them (and spawned ones load them once)."""
    import importlib
    import pkgutil

    import mepcheck.report.sections as sections
    from mepcheck.checker import get_engine
    from mepcheck.report import json_report, junit_report, sarif_report, text_report  # noqa: F401
    from mepcheck.rulebase import load_rulebase

    load_rulebase(tuple(Path(d).resolve() for d in rules_dirs))
    get_engine(engine)
    for module in pkgutil.iter_modules(sections.__path__):
        importlib.import_module(f"{sections.__name__}.{module.name}")
    # What is loaded now lives as long as the process: the cyclic garbage collector
    # need not scan it again (in forked workers this also keeps those pages shared),
    # and a check creates many short-lived objects without cycles, so collect less
    # often. Measured: about a quarter less CPU per plan.
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, 20, 100)


# --- reports ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportSpec:
    """What each plan's report must contain (the same for every plan of a batch)."""

    fmt: str
    statuses: frozenset[Status]
    single: bool = False
    strict: bool = False
    overview: bool = False


STATES = ("ok", "findings", "unreadable", "undetermined")
"""Tally categories: without errors, with errors, not readable, not decidable."""


@dataclass(frozen=True)
class PlanReport:
    """What the writing process gets for one plan (text and a few numbers only)."""

    source: str
    exit_code: int
    state: str
    chunk: str
    notes: tuple[str, ...] = ()
    """Lines for standard error (why a plan could not be read or checked)."""
    row: dict[str, Any] | None = None
    failed: tuple[tuple[Any, ...], ...] = ()
    baseline_used: tuple[int, ...] = ()
    """Indices of the baseline entries that accepted a finding of this plan."""


RESULT_TEXT = {"ok": "keine Fehler", "findings": "Fehler gefunden",
               "undetermined": "nicht vollständig prüfbar", "unreadable": "nicht lesbar"}


def _money(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


def overview_row(r: CheckResult, state: str) -> dict[str, Any]:
    """The plan's row of the overview (see :mod:`mepcheck.batch.overview`)."""
    counts = r.counts()
    by_status, by_sev = counts["by_status"], counts["failed_by_severity"]
    plan, figures = r.plan, r.figures
    return {
        "file": r.source, "carrier": r.carrier, "land": r.land, "profile": r.profile.name,
        "period": r.period,
        "schools": len(plan.schools) if plan is not None else None,
        "total_cost": _money(figures.total_cost) if figures else None,
        "total_grant": _money(figures.total_grant) if figures else None,
        "own_share": _money(figures.total_own_share) if figures else None,
        **{f"sev_{s.value}": by_sev[s.value] for s in Severity},
        **{f"st_{s.value}": by_status[s.value] for s in Status},
        "result": RESULT_TEXT[state], "sha256": r.plan_sha256,
    }


def failure_row(source: str, message: str) -> dict[str, Any]:
    return {"file": source, "result": f"{RESULT_TEXT['unreadable']}: {message}"}


def _state(exit_code: int) -> str:
    return {0: "ok", 1: "findings"}.get(exit_code, "undetermined")


def make_report(outcome: PlanOutcome, spec: ReportSpec, name: str) -> PlanReport:
    """The plan's report in the format of ``spec`` (runs in the worker)."""
    from mepcheck.report import PlanFailure
    from mepcheck.report.stream import plan_chunk

    if outcome.result is None:
        if outcome.load_error is not None:
            issues = tuple(outcome.load_error.issues)
            notes = (f"{name}: Plan nicht lesbar, {len(issues)} Fehler",
                     *(f"  {i}" for i in issues))
            item = PlanFailure(name, issues=issues)
            state = "unreadable"
        else:
            notes = (f"{name}: {outcome.crash}",)
            item = PlanFailure(name, crash=outcome.crash)
            state = "undetermined"
        chunk = plan_chunk(item, spec.fmt, statuses=spec.statuses, single=spec.single)
        first = item.messages()[0] if item.messages() else ""
        return PlanReport(name, 2, state, chunk, notes,
                          failure_row(name, first) if spec.overview else None)
    r = outcome.result
    code = int(r.exit_code(spec.strict))
    state = _state(int(r.exit_code()))
    chunk = plan_chunk(r, spec.fmt, statuses=spec.statuses, single=spec.single, strict=False)
    row = failed = None
    if spec.overview:
        row = overview_row(r, state)
        failed = tuple((r.source, r.carrier, f.code, f.title, f.severity.label, f.element or f.path_text,
                        f.line, f.message) for f in r.listed((Status.FAILED,)))
    return PlanReport(r.source, code, state, chunk, (), row, failed or (), r.baseline_used)


def report_one(source: PlanInput, options: tuple[Any, ...], spec: ReportSpec,
               worker: Callable[..., PlanOutcome] | None = None) -> PlanReport:
    """Check one plan and make its report (the unit of work of a batch worker)."""
    try:
        profile, rules_dirs, engine, *more = options  # more: selection and baseline, if any
        outcome = (worker or check_one)(source.path, profile, rules_dirs, engine, source.text, *more)
    except Exception as exc:
        outcome = _crash(source.path, exc)
    return make_report(outcome, spec, source.name)


def report_many(sources: Collection[PlanInput], *, profile: str | None,
                rules_dirs: tuple[Path, ...], engine: str, jobs: int, spec: ReportSpec,
                worker: Callable[..., PlanOutcome] | None = None,
                selection: Selection = ALL_RULES,
                baseline: Baseline | None = None,
                timeout: float | None = None) -> Iterator[PlanReport]:
    """Each plan's report, in input order, as soon as it (and all before it) is done;
    with ``jobs > 1`` a plan that takes longer than ``timeout`` seconds is stopped and
    reported as not decidable."""
    options: tuple[Any, ...] = (profile, rules_dirs, engine)
    if selection or baseline is not None:
        options += (selection, baseline)

    def on_error(task: tuple[Any, ...], exc: BaseException | None) -> PlanReport:
        return make_report(_crash(task[0].path, exc), spec, task[0].name)

    tasks = ((s, options, spec, worker) for s in sources)
    return run_ordered(report_one, tasks, jobs=min(jobs, len(sources)), on_error=on_error,
                       initializer=warm_up, initargs=(rules_dirs, engine), timeout=timeout)
