"""The batch worker pool: results in order, crashes cost one plan, and a stop (or a
worker killed in the middle of a message) never leaves the parent waiting for ever."""

from __future__ import annotations

import multiprocessing
import os
import signal
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from mepcheck.batch import pool as pool_module
from mepcheck.batch.pool import run_ordered
from tests.conftest import ROOT


def _on_error(task, exc):
    return task[0], exc if exc is None else type(exc).__name__


def _square(n: int) -> tuple[int, int]:
    time.sleep(0.01 * (n % 3))  # finish out of order
    return n, n * n


def _fails_on_two(n: int) -> tuple[int, int]:
    if n == 2:
        raise ValueError("kaputt")
    return n, os.getpid()


def _half_message_on_four(n: int) -> tuple[int, int]:
    """Task 4 writes the start of a reply (a frame announcing 1,000 bytes, then 10 of
    them) to the worker's pipe and dies: what a worker killed while sending leaves."""
    if n == 4:
        frame = sys._getframe()
        while frame.f_code.co_name != "_serve":
            frame = frame.f_back
        conn = frame.f_locals["conn"]
        os.write(conn.fileno(), struct.pack("!i", 1000) + b"x" * 10)
        os._exit(9)
    return n, os.getpid()


def _slow(n: int) -> int:
    time.sleep(0.3)
    return n


def _sleepy(n: int) -> int:
    time.sleep(30 if n == 2 else 0.05)
    return n


def _in_thread(fn, timeout: float = 60):
    """Run ``fn`` where a hang is a test failure, not a hung test run."""
    box: dict[str, object] = {}
    thread = threading.Thread(target=lambda: box.setdefault("value", fn()), daemon=True)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), "the pool hung"
    return box["value"]


def test_results_come_in_input_order() -> None:
    assert list(run_ordered(_square, [(i,) for i in range(20)], jobs=2, on_error=_on_error)) == \
        [(i, i * i) for i in range(20)]


def test_an_exception_in_one_task_is_that_tasks_result_only() -> None:
    results = list(run_ordered(_fails_on_two, [(i,) for i in range(6)], jobs=2, on_error=_on_error))
    assert [r[0] for r in results] == list(range(6))
    assert results[2] == (2, "ValueError")
    assert all(isinstance(pid, int) for _, pid in results[:2] + results[3:])


def test_a_worker_killed_in_the_middle_of_a_message_costs_only_its_task() -> None:
    """With one shared result pipe (``ProcessPoolExecutor``) this hung for ever."""
    results = _in_thread(lambda: list(run_ordered(_half_message_on_four, [(i,) for i in range(10)],
                                                  jobs=2, on_error=_on_error)))
    assert [r[0] for r in results] == list(range(10))
    assert results[4] == (4, None)  # died twice: blamed on the plan
    assert all(isinstance(pid, int) for i, (_, pid) in enumerate(results) if i != 4)


def test_workers_are_replaced_after_their_quota(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool_module, "TASKS_PER_WORKER", 3)
    results = list(run_ordered(_fails_on_two, [(i,) for i in range(1, 13) if i != 2],
                               jobs=2, on_error=_on_error))
    assert [r[0] for r in results] == [i for i in range(1, 13) if i != 2]
    assert len({pid for _, pid in results}) >= 4  # 11 tasks, at most 3 per worker
    assert multiprocessing.active_children() == []


def test_a_consumer_that_stops_early_leaves_no_worker() -> None:
    results = run_ordered(_slow, [(i,) for i in range(50)], jobs=2, on_error=_on_error)
    assert next(results) == 0
    assert multiprocessing.active_children() != []
    started = time.monotonic()
    results.close()  # what a `for` loop that raises does to the generator
    assert time.monotonic() - started < 10
    assert multiprocessing.active_children() == []


def test_ctrl_c_while_waiting_for_workers_stops_them() -> None:
    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        list(run_ordered(_slow, [(i,) for i in range(100)], jobs=2, on_error=_on_error))
    timer.join()
    assert multiprocessing.active_children() == []


_ORPHAN_SCRIPT = """
import sys, time
sys.path.insert(0, {root!r})
from mepcheck.batch.pool import run_ordered
from tests.test_pool import _slow, _on_error
for n in run_ordered(_slow, [(i,) for i in range(1000)], jobs=2, on_error=_on_error):
    print(n, flush=True)
"""


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(p) for p in out.stdout.split()]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc")
def test_workers_end_when_the_parent_is_killed() -> None:
    """A batch killed with SIGKILL (no cleanup at all) leaves no worker running."""
    parent = subprocess.Popen([sys.executable, "-c", _ORPHAN_SCRIPT.format(root=str(ROOT))],
                              stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    parent.stdout.readline()  # the workers are running
    workers = _children(parent.pid)
    assert len(workers) == 2
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 15
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers)


def test_a_task_past_the_time_limit_costs_only_itself() -> None:
    from mepcheck.batch.pool import TaskTimeout

    seen: list[object] = []

    def on_error(task, exc):
        seen.append(exc)
        return task[0], "zu lang"

    started = time.monotonic()
    results = list(run_ordered(_sleepy, [(i,) for i in range(8)], jobs=2, on_error=on_error,
                               timeout=1.5))
    assert time.monotonic() - started < 15
    assert results == [0, 1, (2, "zu lang"), 3, 4, 5, 6, 7]
    assert len(seen) == 1 and isinstance(seen[0], TaskTimeout) and seen[0].seconds == 1.5
    assert multiprocessing.active_children() == []
