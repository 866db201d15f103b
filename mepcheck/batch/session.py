"""One batch run from inputs to written outputs, streamed plan by plan.

Each plan's report goes to the output (standard output, or a temporary file that
is renamed onto the target at the end) as soon as it and all plans before it are
done; the overview gets its row at the same time. If the run ends with a fatal
error, what was written is kept under ``NAME.unvollstaendig.EXT`` (closed validly,
marked incomplete) and the target is left untouched. Ctrl-C and SIGTERM remove the
temporary files and leave no partial output.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from mepcheck.baseline import Baseline
from mepcheck.batch.inputs import PlanInput
from mepcheck.batch.progress import ProgressBar, Tally
from mepcheck.batch.run import PlanOutcome, ReportSpec, report_many
from mepcheck.io import AtomicOutput, OutputError
from mepcheck.report.stream import Stream
from mepcheck.rules.selection import ALL_RULES, Selection


@dataclass
class BatchResult:
    exit_code: int
    tally: Tally
    written: list[Path] = field(default_factory=list)
    partial: list[Path] = field(default_factory=list)
    baseline_used: set[int] = field(default_factory=set)
    """Baseline entries that accepted at least one finding (the others are stale)."""


def _partial_name(target: Path) -> Path:
    return target.with_name(f"{target.stem}.unvollstaendig{target.suffix}")


class _Sink:
    """Standard output or an atomic output file."""

    def __init__(self, output: Path | None, force: bool, inputs: list[Any],
                 echo: Callable[[str], None]) -> None:
        self.file = AtomicOutput(output, force=force, inputs=inputs) if output else None
        self.echo = echo

    def write(self, text: str) -> None:
        if not text:
            return
        if self.file is None:
            self.echo(text)
        else:
            self.file.write(text)


def run_batch(sources: list[PlanInput], *, spec: ReportSpec, profile: str | None,
              rules_dirs: tuple[Path, ...], engine: str, jobs: int,
              output: Path | None, force: bool, overview: Path | None,
              echo: Callable[[str], None], err: TextIO | None = None,
              progress: bool | None = None,
              worker: Callable[..., PlanOutcome] | None = None,
              selection: Selection = ALL_RULES, baseline: Baseline | None = None,
              timeout: float | None = None) -> BatchResult:
    """Check ``sources`` and write the report (and overview); returns the worst exit code.

    ``echo`` writes to standard output; ``err`` is standard error (progress, notes)."""
    err = err or sys.stderr
    inputs = [s.path for s in sources if s.text is None]
    tally = Tally(len(sources))
    bar = ProgressBar(err, tally, enabled=progress)
    sink = _Sink(output, force, inputs, echo)
    book = None
    result = BatchResult(0, tally)
    stream = Stream(spec.fmt, len(sources))
    try:
        if overview is not None:
            from mepcheck.batch.overview import open_overview

            book = open_overview(overview, force=force, inputs=inputs)
        sink.write(stream.head())
        bar.update(force=True)
        # closed explicitly: a stop or an error here ends the workers at once
        with closing(report_many(sources, profile=profile, rules_dirs=rules_dirs, engine=engine,
                                 jobs=jobs, spec=spec, worker=worker, selection=selection,
                                 baseline=baseline, timeout=timeout)) as reports:
            for report in reports:
                if report.notes:
                    bar.clear()
                    for note in report.notes:
                        print(note, file=err)
                sink.write(stream.add(report.chunk))
                if book is not None and report.row is not None:
                    book.add(report.row, report.failed)
                tally.add(report.state)
                result.baseline_used.update(report.baseline_used)
                result.exit_code = max(result.exit_code, report.exit_code)
                bar.update()
        sink.write(stream.tail())
        bar.clear()
        if sink.file is not None:
            if spec.fmt == "text" and not stream.written:
                sink.file.discard()  # no plan could be checked: the errors are on stderr
            else:
                result.written.append(sink.file.commit())
        if book is not None:
            result.written.append(book.finish())
        return result
    except (KeyboardInterrupt, SystemExit):
        bar.clear()
        _discard(sink, book)
        raise
    except Exception as exc:
        bar.clear()
        if isinstance(exc, OutputError):
            _discard(sink, book)
            raise
        # a fatal error in this process: keep what is done, never a partial target
        if sink.file is not None and stream.written:
            try:
                sink.file.write(stream.tail(complete=False))
            except OutputError:
                pass
            kept = sink.file.keep_as(_partial_name(sink.file.target))
            if kept:
                result.partial.append(kept)
        elif sink.file is None:
            try:
                sink.write(stream.tail(complete=False))
            except Exception:
                pass
        _discard(sink, book)
        raise BatchAborted(exc, result) from exc


def _discard(sink: _Sink, book: Any) -> None:
    if sink.file is not None:
        sink.file.discard()
    if book is not None:
        book.discard()


class BatchAborted(Exception):
    """The batch ended early; ``result`` says how far it got and what was kept."""

    def __init__(self, cause: BaseException, result: BatchResult) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.result = result
