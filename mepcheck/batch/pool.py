"""Run one function over many plans: in order, in persistent worker processes, crash-isolated.

The workers start once (``initializer`` loads the rule base there) and each checks
many plans. At most a small window of plans is in flight, so however many plans a
batch has, the parent only ever holds a few results. Results come back in input order.

A plan whose evaluation kills its worker (durable-rules is a C extension with
known crash bugs) breaks the pool; every plan that was in flight is then re-run
alone, one after the other, in a separate single worker, so that only the plan
that really crashes is lost, and the batch goes on with a fresh pool.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

TASKS_PER_WORKER = 1000
"""Where workers are spawned (no fork): a worker is replaced after this many plans."""


def _quiet_worker(initializer: Callable[..., None] | None, *args: Any) -> None:
    # Ctrl-C reaches the whole process group: the parent alone handles it and
    # stops the pool, so the workers ignore it (no tracebacks from every worker);
    # SIGTERM (sent by the parent to stop a worker) simply ends the worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if initializer is not None:
        initializer(*args)


def new_pool(workers: int, initializer: Callable[..., None] | None = None,
             initargs: tuple[Any, ...] = ()) -> ProcessPoolExecutor:
    """Worker processes forked from this process where the system can (they start in
    milliseconds with everything this process has loaded: modules, rule base), else
    spawned fresh. The parent runs no check itself, so the rule engine's native state
    is only ever created inside a worker."""
    if "fork" in multiprocessing.get_all_start_methods():
        return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_quiet_worker, initargs=(initializer, *initargs))
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_quiet_worker, initargs=(initializer, *initargs),
                               max_tasks_per_child=TASKS_PER_WORKER)


def run_ordered(func: Callable[..., R], tasks: Iterable[tuple[Any, ...]], *, jobs: int,
                on_error: Callable[[tuple[Any, ...], BaseException | None], R],
                initializer: Callable[..., None] | None = None,
                initargs: tuple[Any, ...] = ()) -> Iterator[R]:
    """``func(*task)`` for every task, yielded in input order.

    ``on_error(task, exc)`` turns a failure into a result: ``exc`` is the exception
    raised by ``func``, or ``None`` when the task killed its worker twice.
    ``jobs <= 1`` runs in this process (no isolation from crashes of the C extension).
    ``initializer(*initargs)`` runs here first (so that forked workers inherit its
    work) and again in every worker (cheap there when inherited).
    """
    if jobs <= 1:
        if initializer is not None:
            initializer(*initargs)
        for task in tasks:
            try:
                yield func(*task)
            except Exception as exc:
                yield on_error(task, exc)
        return
    if initializer is not None:
        initializer(*initargs)
    window = jobs * 3
    source = iter(tasks)
    pending: deque[tuple[tuple[Any, ...], Future[R]]] = deque()
    pool = new_pool(jobs, initializer, initargs)
    solo: ProcessPoolExecutor | None = None
    try:
        exhausted = False
        while True:
            while not exhausted and len(pending) < window:
                task = next(source, None)
                if task is None:
                    exhausted = True
                    break
                try:
                    future = pool.submit(func, *task)
                except BrokenProcessPool as exc:  # a worker died since the last result
                    future = Future()
                    future.set_exception(exc)
                pending.append((task, future))
            if not pending:
                return
            task, future = pending.popleft()
            try:
                yield future.result()
                continue
            except BrokenProcessPool:
                pass
            except Exception as exc:  # a bug in one plan must not cost the others
                yield on_error(task, exc)
                continue
            # the pool died: re-run every plan that was in flight, each alone
            lost = [task, *(t for t, _ in pending)]
            pending.clear()
            pool.shutdown(wait=False, cancel_futures=True)
            for task in lost:
                if solo is None:
                    solo = new_pool(1, initializer, initargs)
                try:
                    yield solo.submit(func, *task).result()
                except BrokenProcessPool:
                    solo.shutdown(wait=False, cancel_futures=True)
                    solo = None
                    yield on_error(task, None)
                except Exception as exc:
                    yield on_error(task, exc)
            pool = new_pool(jobs, initializer, initargs)
    except BaseException:  # Ctrl-C, SIGTERM, a fatal error: stop the workers now
        for p in (pool, solo):
            if p is not None:
                _stop(p)
        raise
    finally:
        for p in (pool, solo):
            if p is not None:
                p.shutdown(wait=True, cancel_futures=True)


def _stop(pool: ProcessPoolExecutor) -> None:
    """End a pool's worker processes without waiting for their current plan."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)
