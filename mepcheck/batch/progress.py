"""Progress bar (only on a terminal) and the closing tally of a batch."""

from __future__ import annotations

import time
from collections import Counter
from typing import TextIO

from mepcheck.fmt import number


class Tally:
    """Counts plans by outcome; ``line()`` is the closing line of a batch."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.counts: Counter[str] = Counter()
        self.start = time.monotonic()

    @property
    def done(self) -> int:
        return sum(self.counts.values())

    def add(self, state: str) -> None:
        self.counts[state] += 1

    def seconds(self) -> float:
        return time.monotonic() - self.start

    def line(self) -> str:
        c = self.counts
        seconds = self.seconds()
        rate = f", {_num(self.done / seconds, 1)} Pläne/s" if seconds > 0 and self.done > 1 else ""
        head = f"{self.done} Pläne geprüft" if self.done == self.total else \
            f"{self.done} von {self.total} Plänen geprüft"
        return (f"{head}: {c['ok']} ohne Fehler, {c['findings']} mit Fehlern, "
                f"{c['unreadable']} nicht lesbar, {c['undetermined']} nicht entscheidbar – "
                f"{_num(seconds, 1)} s{rate}")


def _num(value: float, digits: int) -> str:
    return number(round(value, digits), digits)


class ProgressBar:
    """A one-line bar on ``stream``, redrawn at most ten times a second. Draws nothing
    unless ``stream`` is a terminal (a log file or a pipe stays clean)."""

    WIDTH = 30

    def __init__(self, stream: TextIO, tally: Tally, *, enabled: bool | None = None) -> None:
        self.stream = stream
        self.tally = tally
        self.enabled = _isatty(stream) if enabled is None else enabled
        self.last = 0.0
        self.drawn = False

    def update(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self.last < 0.1 and self.tally.done < self.tally.total:
            return
        self.last = now
        t = self.tally
        filled = int(self.WIDTH * t.done / t.total) if t.total else self.WIDTH
        bar = "█" * filled + "░" * (self.WIDTH - filled)
        problems = t.counts["findings"] + t.counts["unreadable"] + t.counts["undetermined"]
        self.stream.write(f"\r\x1b[K{bar} {t.done}/{t.total} Pläne, {problems} mit Befunden "
                          f"oder Fehlern, {_num(t.seconds(), 0)} s")
        self.stream.flush()
        self.drawn = True

    def clear(self) -> None:
        """Remove the bar (before other lines are written, and at the end)."""
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.drawn = False


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
