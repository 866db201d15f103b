"""Worker processes with time and memory limits for the web application.

Every plan of a request is read and checked in a separate process (started with
``spawn``, like the worker pool of :mod:`mepcheck.batch`), never in the server process:
a plan that makes durable-rules (a C extension) crash, loop or eat memory costs only
its own worker. The workers are kept warm between requests (rules loaded and compiled
once), each with an address-space limit set before it does any work; a task that runs
longer than the time limit gets its worker killed and replaced. A worker is also
replaced after a number of tasks so that nothing of one plan lingers for long.

Why not the pool of :mod:`mepcheck.batch.pool`: that one streams a known list of plans
in order and bounds nothing per plan; a server must bound every
request in time and memory and must replace exactly the worker that overran, while the
other requests go on. The isolation idea is the same (spawned workers, a crash costs one
plan, German message instead of a traceback).

Nothing of a plan stays in a worker beyond its task: the tasks are pure functions of
their arguments (see :mod:`mepcheck.web.jobs`) and keep no module-level state of plans.
"""

from __future__ import annotations

import multiprocessing
import queue
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

MAX_TASKS_PER_WORKER = 100


class WorkerFailed(Exception):
    """A task could not finish in its worker (German message for the page)."""


@dataclass(frozen=True)
class Limits:
    """Per-task limits of a worker."""

    seconds: float = 120.0
    memory_mb: int = 3072


def _limit_memory(memory_mb: int) -> None:
    try:
        import resource

        size = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))
    except (ImportError, ValueError, OSError):  # pragma: no cover - not on this platform
        pass


def _serve(conn: Connection, memory_mb: int) -> None:
    """The worker loop: receive (function, args), send ("ok", value) or ("error", text)."""
    # Ctrl-C in the terminal reaches every process of the group: the server stops and
    # kills its workers, so a worker ignores it (no traceback per worker); the stop
    # signals may arrive blocked from a server that is starting up.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    _limit_memory(memory_mb)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        func, args = task
        try:
            answer: tuple[str, Any] = ("ok", func(*args))
        except MemoryError:
            answer = ("memory", None)
        except Exception as exc:  # a bug must become that plan's answer, not the worker's end
            answer = ("error", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(answer)
        except MemoryError:
            conn.send(("memory", None))


class _Worker:
    def __init__(self, limits: Limits):
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, limits.memory_mb), daemon=True,
                                   name="mepcheck-web-worker")
        self.process.start()
        child.close()
        self.tasks = 0
        self._stop_lock = threading.Lock()
        self._stopped = False

    def kill_process(self) -> None:
        """Kill the process only: a thread waiting on the pipe then sees its end."""
        if self.process.is_alive():
            self.process.kill()

    def stop(self, kill: bool = False) -> None:
        """End the worker once: the server's shutdown and the request that was using the
        worker may both stop it; the pipe must be closed exactly once (a second close could
        hit a descriptor number that was reused meanwhile)."""
        with self._stop_lock:
            if self._stopped:
                return
            self._stopped = True
            try:
                if not kill:
                    self.conn.send(None)
                    self.process.join(2)
            except (OSError, ValueError):
                pass
            if self.process.is_alive():
                self.process.kill()
                self.process.join(5)
            self.conn.close()


class WorkerPool:
    """A fixed number of warm worker processes; :meth:`run` blocks until its task is done."""

    def __init__(self, size: int = 2, limits: Limits | None = None):
        self.size = max(1, size)
        self.limits = limits or Limits()
        self._idle: queue.LifoQueue[_Worker | None] = queue.LifoQueue()
        for _ in range(self.size):
            self._idle.put(None)  # started on first use
        self._lock = threading.Lock()
        self._all: set[_Worker] = set()
        self._closed = False
        self._warmers: list[threading.Thread] = []

    def run(self, func: Callable[..., Any], *args: Any) -> Any:
        """Run ``func(*args)`` in a worker (``func`` must be a module-level function)."""
        if self._closed:
            raise WorkerFailed("Der Server wird beendet.")
        worker = self._idle.get()
        try:
            if worker is None:
                # started under the lock, so that close() never misses a worker that is
                # being started (a warm-up thread may still be starting one at shutdown)
                with self._lock:
                    if self._closed:
                        raise WorkerFailed("Der Server wird beendet.")
                    worker = _Worker(self.limits)
                    self._all.add(worker)
            worker.tasks += 1
            try:
                worker.conn.send((func, args))
                ready = worker.conn.poll(self.limits.seconds)
                kind, value = worker.conn.recv() if ready else ("timeout", None)
            except (EOFError, OSError, BrokenPipeError):
                kind, value = "crash", None
            if kind != "ok" or worker.tasks >= MAX_TASKS_PER_WORKER:
                self._retire(worker, kill=kind in ("timeout", "crash", "memory"))
                worker = None
            if kind == "ok":
                return value
            raise WorkerFailed(_MESSAGES.get(kind, "").format(limits=self.limits)
                               or f"interner Fehler bei der Prüfung ({value})")
        finally:
            self._idle.put(worker)

    def warm(self, func: Callable[[], Any]) -> None:
        """Start every worker and run ``func`` in each (in the background; errors ignored)."""

        def one() -> None:
            try:
                self.run(func)
            except WorkerFailed:
                pass

        for _ in range(self.size):
            thread = threading.Thread(target=one, daemon=True, name="mepcheck-web-warm")
            self._warmers.append(thread)
            thread.start()

    def _retire(self, worker: _Worker, kill: bool) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.stop(kill=kill)

    def close(self) -> None:
        """Stop every worker (idle ones at once; busy ones are killed)."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        # kill first, close the pipes last: a warm-up still waiting on a pipe sees the end
        # of its worker and retires it itself; a pipe is never closed under a waiting thread
        for worker in workers:
            worker.kill_process()
        for thread in self._warmers:
            thread.join(10)
        for worker in workers:
            worker.stop(kill=True)


_MESSAGES = {
    "timeout": "Die Prüfung dauerte länger als {limits.seconds:.0f} Sekunden und wurde abgebrochen.",
    "memory": "Die Prüfung brauchte mehr als {limits.memory_mb} MB Speicher und wurde abgebrochen.",
    "crash": "Die Regelmaschine ist bei diesem Plan abgestürzt; keine Regel konnte entschieden "
             "werden.",
}
