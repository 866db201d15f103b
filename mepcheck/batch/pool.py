"""Run one function over many plans: in order, in persistent worker processes, crash-isolated.

The workers start once (``initializer`` loads the rule base there) and each checks
many plans, one at a time. At most a small window of plans is in flight, so however
many plans a batch has, the parent only ever holds a few results. Results come back
in input order.

Each worker has its own pipe to the parent, and the parent runs no thread of its
own. That is what makes the pool safe to stop and to crash:

- a plan whose evaluation kills its worker (durable-rules is a C extension with
  known crash bugs) costs only that worker: the plan is tried once more in a fresh
  worker, and if that dies too, the plan gets ``on_error(task, None)``; every other
  plan goes on;
- a stop (Ctrl-C, SIGTERM, a fatal error) terminates the workers and is done: a
  worker killed in the middle of sending its result leaves a broken message only in
  its own pipe, which nobody reads again. (``concurrent.futures.ProcessPoolExecutor``
  shares one result pipe between all workers and reads it in a manager thread; a
  worker killed mid-message left that thread blocked for ever, and the interpreter
  hung at exit joining it.)
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar

R = TypeVar("R")

TASKS_PER_WORKER = 1000
"""A worker is replaced by a fresh one after this many plans (bounds slow growth)."""

ATTEMPTS = 2
"""How often a plan is started before its worker's death is blamed on the plan."""

_STOP_GRACE = 5.0
"""Seconds a terminated worker gets to end before it is killed."""

_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM} if hasattr(signal, "pthread_sigmask") else set()


class TaskTimeout(Exception):
    """A task ran longer than the time limit; its worker was killed (never retried)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds

    def __str__(self) -> str:
        return f"länger als {self.seconds:g} Sekunden"


_OVERDUE = ("overdue",)
"""The event of a worker whose task is past the time limit."""


def _context() -> multiprocessing.context.BaseContext:
    """Fork where the system can: a worker starts in milliseconds with everything the
    parent has loaded (modules, rule base). The parent runs no check itself, so the
    rule engine's native state is only ever created inside a worker."""
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method)


def _serve(conn: Connection, func: Callable[..., Any],
           initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    """A worker's life: run ``func`` on each task received until told to stop."""
    # Ctrl-C reaches the whole process group: the parent alone handles it and stops
    # the pool, so the workers ignore it (no tracebacks from every worker); SIGTERM
    # (sent by the parent to stop a worker) simply ends the worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if _STOP_SIGNALS:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)  # blocked by the parent
    if initializer is not None:
        initializer(*initargs)
    parent = os.getppid()
    while True:
        try:
            # Forked siblings hold copies of this pipe's other end, so the parent's
            # death need not show as EOF here: look at who the parent is, too.
            while not conn.poll(1.0):
                if os.getppid() != parent:
                    return
            message = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if message is None:
            return
        index, task = message
        try:
            reply: tuple[Any, ...] = (index, True, func(*task))
        except Exception as exc:  # a bug in one plan must not cost the others
            reply = (index, False, exc)
        try:
            conn.send(reply)
        except OSError:  # the parent is gone
            return
        except Exception as exc:  # the result or the exception cannot be pickled
            try:
                conn.send((index, False, RuntimeError(f"{type(exc).__name__}: {exc}")))
            except OSError:
                return


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, ctx: multiprocessing.context.BaseContext, func: Callable[..., Any],
                 initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
        self.conn, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(target=_serve, args=(child, func, initializer, initargs),
                                   daemon=True, name="mepcheck-worker")
        # The new process must not run the parent's handlers (a Ctrl-C in the instant
        # before it ignores SIGINT would print a traceback): it starts with the stop
        # signals blocked and unblocks them once its own handlers are set. Here they
        # are delivered as soon as the worker is started.
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS) if _STOP_SIGNALS else None
        try:
            self.process.start()
        finally:
            if blocked is not None:
                signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        # Only the worker holds its end now: if it dies, reading here ends (EOF)
        # instead of waiting for the rest of a message that never comes.
        child.close()
        self.index: int | None = None
        self.done = 0
        self.started = 0.0

    def give(self, index: int, task: tuple[Any, ...]) -> None:
        self.index = index
        self.started = time.monotonic()
        self.conn.send((index, task))

    def retire(self) -> None:
        """Ask an idle worker to end (it exits after reading the request)."""
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.conn.close()
        self.process.join(timeout=_STOP_GRACE)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()

    def discard(self) -> None:
        """End the worker now, whatever it is doing, and forget its pipe."""
        if self.process.is_alive():
            self.process.terminate()
        self.conn.close()


class _Pool:
    """``jobs`` workers, each doing one task at a time."""

    def __init__(self, jobs: int, func: Callable[..., Any],
                 initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
        self._ctx = _context()
        self._args = (func, initializer, initargs)
        self.workers: list[_Worker] = []
        for _ in range(jobs):
            self.workers.append(_Worker(self._ctx, *self._args))

    def replace(self, worker: _Worker) -> None:
        self.workers[self.workers.index(worker)] = _Worker(self._ctx, *self._args)

    def renew(self, worker: _Worker) -> None:
        """End a worker whatever it is doing and put a fresh one in its place."""
        worker.discard()
        worker.process.join()
        self.replace(worker)

    def idle(self) -> Iterator[_Worker]:
        return (w for w in list(self.workers) if w.index is None)

    def events(self, limit: float | None = None) -> Iterator[tuple[_Worker, tuple[Any, ...] | None]]:
        """Wait until a busy worker has a result (``(worker, reply)``), has died
        (``(worker, None)``) or is past the time limit (``(worker, _OVERDUE)``)."""
        busy = [w for w in self.workers if w.index is not None]
        by_handle: dict[Any, _Worker] = {}
        for w in busy:
            by_handle[w.conn] = w
            by_handle[w.process.sentinel] = w
        timeout = None
        if limit is not None:
            timeout = max(0.0, min(w.started for w in busy) + limit - time.monotonic())
        ready = wait(list(by_handle), timeout)
        seen: set[int] = set()
        for handle in ready:
            worker = by_handle[handle]
            if id(worker) in seen:
                continue
            seen.add(id(worker))
            reply = None
            if worker.conn in ready or worker.conn.poll():
                try:
                    reply = worker.conn.recv()
                except (EOFError, OSError):  # died in the middle of sending
                    reply = None
            yield worker, reply
        if limit is not None:  # the workers past the time limit, with nothing to say
            now = time.monotonic()
            for w in busy:
                if id(w) not in seen and now - w.started >= limit:
                    yield w, _OVERDUE

    def stop(self) -> None:
        """End every worker now, without waiting for its current plan."""
        for w in self.workers:
            w.discard()
        for w in self.workers:
            w.process.join(timeout=_STOP_GRACE)
            if w.process.is_alive():
                w.process.kill()
                w.process.join()
        self.workers.clear()

    def close(self) -> None:
        """End idle workers the polite way (all of them are idle after the last result)."""
        for w in self.workers:
            if w.index is None:
                w.retire()
            else:
                w.discard()
                w.process.join()
        self.workers.clear()


def run_ordered(func: Callable[..., R], tasks: Iterable[tuple[Any, ...]], *, jobs: int,
                on_error: Callable[[tuple[Any, ...], BaseException | None], R],
                initializer: Callable[..., None] | None = None,
                initargs: tuple[Any, ...] = (), timeout: float | None = None) -> Iterator[R]:
    """``func(*task)`` for every task, yielded in input order.

    ``on_error(task, exc)`` turns a failure into a result: ``exc`` is the exception
    raised by ``func``, :class:`TaskTimeout` when the task ran longer than ``timeout``
    seconds (its worker is killed), or ``None`` when the task killed its worker twice.
    ``jobs <= 1`` runs in this process (no isolation from crashes of the C extension,
    no time limit).
    ``initializer(*initargs)`` runs here first (so that forked workers inherit its
    work) and again in every worker (cheap there when inherited).
    ``func``, the tasks and the results must be picklable where workers are spawned.
    """
    if initializer is not None:
        initializer(*initargs)
    if jobs <= 1:
        for task in tasks:
            try:
                yield func(*task)
            except Exception as exc:
                yield on_error(task, exc)
        return
    yield from _run_in_pool(func, iter(tasks), jobs, on_error, initializer, initargs, timeout)


def _run_in_pool(func: Callable[..., R], source: Iterator[tuple[Any, ...]], jobs: int,
                 on_error: Callable[[tuple[Any, ...], BaseException | None], R],
                 initializer: Callable[..., None] | None,
                 initargs: tuple[Any, ...], timeout: float | None) -> Iterator[R]:
    window = jobs * 3
    tasks: dict[int, tuple[Any, ...]] = {}   # read from the source, result not yet yielded
    queue: deque[int] = deque()             # read, waiting for a worker
    results: dict[int, tuple[bool, Any]] = {}  # (ok, value or error), waiting for their turn
    attempts: dict[int, int] = {}
    next_read = next_out = 0
    exhausted = False
    pool = _Pool(jobs, func, initializer, initargs)
    try:
        while True:
            while not exhausted and len(tasks) < window:
                task = next(source, None)
                if task is None:
                    exhausted = True
                    break
                tasks[next_read] = task
                queue.append(next_read)
                next_read += 1
            while next_out in results:  # hand on everything that is due, in order
                ok, value = results.pop(next_out)
                task = tasks.pop(next_out)
                next_out += 1
                yield value if ok else on_error(task, value)
            if exhausted and not tasks:
                return
            for worker in pool.idle():
                if not queue:
                    break
                if worker.done >= TASKS_PER_WORKER:
                    worker.retire()
                    pool.replace(worker)
                    continue  # the fresh worker is picked up in the next round
                index = queue.popleft()
                attempts[index] = attempts.get(index, 0) + 1
                try:
                    worker.give(index, tasks[index])
                except OSError:  # died while idle: try again with a fresh one
                    queue.appendleft(index)
                    attempts[index] -= 1
                    pool.renew(worker)
            if not any(w.index is not None for w in pool.workers):
                continue
            for worker, reply in pool.events(timeout):
                index = worker.index
                assert index is not None
                if reply is _OVERDUE:  # a plan that takes too long would again: no retry
                    pool.renew(worker)
                    results[index] = (False, TaskTimeout(timeout or 0))
                    attempts.pop(index, None)
                    continue
                if reply is not None and reply[0] == index:
                    worker.index = None
                    worker.done += 1
                    results[index] = (reply[1], reply[2])
                    attempts.pop(index, None)
                    continue
                # the worker died with this plan: blame the plan only the second time
                pool.renew(worker)
                if attempts[index] >= ATTEMPTS:
                    results[index] = (False, None)
                    attempts.pop(index)
                else:
                    queue.appendleft(index)
    except BaseException:  # Ctrl-C, SIGTERM, a fatal error: stop the workers now
        pool.stop()
        raise
    finally:
        pool.close()
