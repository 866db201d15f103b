"""Batches for a funding agency: inputs, streamed reports, status filter, JSON Lines,
tally and progress, the overview, and outputs that never lose or half-write results."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from mepcheck.batch.inputs import InputError, PlanInput, collect
from mepcheck.batch.run import ReportSpec, check_one
from mepcheck.batch.session import BatchAborted, run_batch
from mepcheck.checker import check_plan
from mepcheck.cli import cli
from mepcheck.exitcodes import ExitCode
from mepcheck.findings import Status
from mepcheck.loading import load_plan
from mepcheck.report import render
from tests.conftest import EXAMPLES, ROOT

LINDENAU = ROOT / "fixtures" / "examples" / "gemeinde-lindenau.yaml"
ROSENSTEIN = ROOT / "fixtures" / "examples" / "freier-traeger-rosenstein.yaml"
BROKEN = ROOT / "fixtures" / "broken" / "leer.yaml"


def invoke(*args: str, **kwargs):
    return CliRunner().invoke(cli, list(args), **kwargs)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder of applications: plans at two depths, a JSON plan, a broken one, noise."""
    root = tmp_path / "antraege"
    (root / "b" / "tief").mkdir(parents=True)
    (root / ".versteckt").mkdir()
    shutil.copy(LINDENAU, root / "a-lindenau.yaml")
    shutil.copy(ROSENSTEIN, root / "b" / "tief" / "rosenstein.yml")
    shutil.copy(BROKEN, root / "b" / "kaputt.yaml")
    shutil.copy(LINDENAU, root / ".versteckt" / "nicht-mit.yaml")
    (root / "notiz.txt").write_text("keine Plan-Datei", encoding="utf-8")
    plan = load_plan(LINDENAU)
    data = json.loads(plan.plan.model_dump_json(by_alias=True, exclude_none=True))
    (root / "b" / "als-json.json").write_text(json.dumps(data, ensure_ascii=False),
                                              encoding="utf-8")
    return root


# --- inputs ---------------------------------------------------------------------------------------


def test_folder_is_searched_recursively_in_a_fixed_order(folder: Path) -> None:
    names = [p.path.relative_to(folder).as_posix() for p in collect([str(folder)])]
    assert names == ["a-lindenau.yaml", "b/als-json.json", "b/kaputt.yaml", "b/tief/rosenstein.yml"]


def test_workbooks_are_part_of_a_folder(folder: Path) -> None:
    (folder / "z-mappe.xlsx").write_bytes(b"PK")
    assert collect([str(folder)])[-1].path.name == "z-mappe.xlsx"


def test_glob_list_file_and_order(folder: Path, tmp_path: Path) -> None:
    pattern = str(folder / "**" / "*.yml")
    assert [p.path.name for p in collect([pattern])] == ["rosenstein.yml"]
    listing = tmp_path / "liste.txt"
    listing.write_text("# Anträge der ersten Runde\n\nantraege/b/kaputt.yaml\n"
                       "antraege/a-lindenau.yaml\n", encoding="utf-8")
    via_at = [p.path.name for p in collect([f"@{listing}"])]
    via_option = [p.path.name for p in collect([], [listing])]
    assert via_at == via_option == ["kaputt.yaml", "a-lindenau.yaml"]


@pytest.mark.parametrize("arg,message", [
    ("leer-ordner", "enthält keine Plan-Dateien"),
    ("nichts-*.yaml", "passt auf keine Plan-Datei"),
    ("@fehlt.txt", "Liste nicht lesbar"),
])
def test_inputs_that_name_no_plan_are_input_errors(tmp_path: Path, monkeypatch, arg: str,
                                                   message: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "leer-ordner").mkdir()
    with pytest.raises(InputError, match=message):
        collect([arg])
    result = invoke("check", arg)
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert message in result.output and "Traceback" not in result.output


def test_standard_input() -> None:
    text = LINDENAU.read_text(encoding="utf-8")
    result = invoke("check", "-", "-f", "json", input=text)
    data = json.loads(result.stdout)
    assert data["plan"]["source"] == "<stdin>"
    assert data["plan"]["carrier"] == "Gemeinde Lindenau"
    assert result.exit_code == ExitCode.FINDINGS


# --- streamed reports -------------------------------------------------------------------------------


def test_streamed_json_equals_the_rendered_report(folder: Path) -> None:
    result = invoke("check", str(folder), "-f", "json", "--jobs", "2")
    sources = collect([str(folder)])
    items = []
    for source in sources:
        outcome = check_one(source.path, None, (), "durable")
        if outcome.result is not None:
            items.append(outcome.result)
        else:
            from mepcheck.report import PlanFailure

            items.append(PlanFailure(str(source.path), issues=tuple(outcome.load_error.issues)))
    assert result.stdout == render(items, "json")
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert "4 Pläne geprüft: 1 ohne Fehler, 2 mit Fehlern, 1 nicht lesbar, 0 nicht entscheidbar" \
        in result.stderr


def test_other_formats_stream_identically() -> None:
    results = [check_plan(load_plan(p)) for p in (LINDENAU, ROSENSTEIN)]
    for fmt in ("sarif", "junit", "text"):
        cli_out = invoke("check", str(LINDENAU), str(ROSENSTEIN), "-f", fmt).stdout
        assert cli_out == render(results, fmt), fmt
    assert json.loads(render(results, "sarif"))["runs"][1]["results"]
    from lxml import etree

    assert len(etree.fromstring(render(results, "junit").encode())) == 2


def test_each_plan_is_written_before_the_next_is_checked(tmp_path: Path, monkeypatch) -> None:
    events: list[str] = []
    import mepcheck.batch.run as run_module

    def recording(path, *args):
        events.append(f"prüfe {Path(path).name}")
        return check_one(path, *args)

    monkeypatch.setattr(run_module, "check_one", recording)
    spec = ReportSpec(fmt="jsonl", statuses=frozenset({Status.FAILED}))
    sources = [PlanInput(LINDENAU), PlanInput(BROKEN), PlanInput(ROSENSTEIN)]
    lines: list[str] = []

    def echo(text: str) -> None:
        lines.append(text)
        events.append(f"schreibe {json.loads(text)['plan']['source'].rsplit('/', 1)[-1]}")

    result = run_batch(sources, spec=spec, profile=None, rules_dirs=(), engine="durable", jobs=1,
                       output=None, force=False, overview=None, echo=echo,
                       err=open(os.devnull, "w"))
    assert events == ["prüfe gemeinde-lindenau.yaml", "schreibe gemeinde-lindenau.yaml",
                      "prüfe leer.yaml", "schreibe leer.yaml",
                      "prüfe freier-traeger-rosenstein.yaml",
                      "schreibe freier-traeger-rosenstein.yaml"]
    assert result.exit_code == ExitCode.INPUT_ERROR


def test_jsonl_one_plan_per_line_with_status_filter(folder: Path) -> None:
    result = invoke("check", str(folder), "-f", "jsonl", "--status", "failed,undetermined")
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    records = [json.loads(line) for line in lines]
    assert [r["plan"]["source"].rsplit("/", 1)[-1] for r in records] == \
        ["a-lindenau.yaml", "als-json.json", "kaputt.yaml", "rosenstein.yml"]
    checked = [r for r in records if "findings" in r]
    for record in checked:
        assert {f["status"] for f in record["findings"]} <= {"failed", "undetermined"}
        summary = record["summary"]
        assert summary["listed"] == ["failed", "undetermined"]
        # the summary counts every status, also those not listed
        assert summary["by_status"]["passed"] > 0
        assert summary["total"] == sum(summary["by_status"].values())
        assert len(record["findings"]) == summary["by_status"]["failed"] + \
            summary["by_status"]["undetermined"]
    assert records[2]["error"]["kind"] == "input"


def test_status_filter_in_the_text_report() -> None:
    only_passed = invoke("check", str(LINDENAU), "--status", "passed").stdout
    default = invoke("check", str(LINDENAU)).stdout
    import re

    def marks(text: str) -> set[str]:  # the marks of the listed finding lines
        return set(re.findall(r"^  (\S) [A-Z0-9-]+ \[", text, re.M))

    assert marks(only_passed) == {"✓"}
    assert "✗" in marks(default) and "✓" not in marks(default)
    bad = invoke("check", str(LINDENAU), "--status", "kaputt")
    assert bad.exit_code == ExitCode.INPUT_ERROR and "unbekannter Status" in bad.output


# --- tally and progress ---------------------------------------------------------------------------


def _run_with_stderr(args: list[str], stderr_tty: bool) -> str:
    """Run the real command; standard error is a pseudo-terminal or a pipe."""
    if not stderr_tty:
        done = subprocess.run([sys.executable, "-m", "mepcheck", *args], capture_output=True,
                              text=True, cwd=ROOT)
        return done.stderr
    import pty

    primary, secondary = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "mepcheck", *args], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=secondary)
    os.close(secondary)
    chunks = []
    while True:
        try:
            data = os.read(primary, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    process.wait()
    os.close(primary)
    return b"".join(chunks).decode("utf-8", "replace")


def test_progress_bar_only_on_a_terminal() -> None:
    args = ["check", str(LINDENAU), str(BROKEN), str(ROSENSTEIN)]
    on_tty = _run_with_stderr(args, stderr_tty=True)
    in_pipe = _run_with_stderr(args, stderr_tty=False)
    assert "█" in on_tty and "3/3 Pläne" in on_tty
    assert "█" not in in_pipe and "\r" not in in_pipe and "\x1b" not in in_pipe
    for text in (on_tty, in_pipe):
        assert "3 Pläne geprüft: 1 ohne Fehler, 1 mit Fehlern, 1 nicht lesbar, " \
               "0 nicht entscheidbar" in text


# --- overview ---------------------------------------------------------------------------------------


def test_overview_csv(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "uebersicht.csv"
    result = invoke("check", str(folder), "--overview", str(out), "-f", "jsonl")
    assert result.exit_code == ExitCode.INPUT_ERROR
    raw = out.read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0][:3] == ["Datei", "Schulträger", "Land"]
    assert len(rows) == 5
    lindenau = rows[1]
    assert lindenau[1] == "Gemeinde Lindenau" and lindenau[2] == "NW"
    record = json.loads(result.stdout.splitlines()[0])
    assert lindenau[6] == record["plan"]["total_cost"].replace(".", ",")
    assert rows[3][0].endswith("kaputt.yaml") and rows[3][-2].startswith("nicht lesbar")


def test_overview_xlsx(folder: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "uebersicht.xlsx"
    report = tmp_path / "bericht.jsonl"
    result = invoke("check", str(folder), "--overview", str(out), "-f", "jsonl", "-o", str(report))
    assert result.exit_code == ExitCode.INPUT_ERROR
    book = load_workbook(out)
    plans, findings = book["Pläne"], book["Befunde"]
    assert plans.freeze_panes == "A2" and findings.freeze_panes == "A2"
    assert plans.auto_filter.ref == "A1:T5"  # 20 columns, with "akzeptiert"
    head = [c.value for c in plans[1]]
    assert head[:2] == ["Datei", "Schulträger"] and "SHA-256" in head and "Eigenanteil (€)" in head
    assert plans["G2"].number_format == "#,##0.00"
    records = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    failed_total = sum(r["summary"]["by_status"]["failed"] for r in records if "summary" in r
                       and "by_status" in r["summary"])
    assert findings.max_row - 1 == failed_total
    assert [c.value for c in findings[1]] == ["Datei", "Schulträger", "Regel", "Titel", "Schwere",
                                              "Element", "Zeile", "Meldung"]
    codes = {row[2] for row in findings.iter_rows(min_row=2, values_only=True)}
    lindenau = next(r for r in records if r["plan"]["source"].endswith("a-lindenau.yaml"))
    assert {f["code"] for f in lindenau["findings"] if f["status"] == "failed"} <= codes


def test_overview_needs_a_known_suffix(tmp_path: Path) -> None:
    result = invoke("check", str(LINDENAU), "--overview", str(tmp_path / "x.ods"))
    assert result.exit_code == ExitCode.INPUT_ERROR and ".xlsx" in result.output


# --- outputs that never lose or half-write results ------------------------------------------------


def test_late_failure_keeps_the_results_already_done(tmp_path: Path, monkeypatch) -> None:
    from mepcheck.batch import overview as overview_module

    calls = {"n": 0}
    real_add = overview_module.CsvOverview.add

    def failing_add(self, row, failed):
        calls["n"] += 1
        if calls["n"] == 3:
            raise MemoryError("simulated")
        real_add(self, row, failed)

    monkeypatch.setattr(overview_module.CsvOverview, "add", failing_add)
    out = tmp_path / "bericht.json"
    sources = [PlanInput(p) for p in (LINDENAU, ROSENSTEIN, LINDENAU, ROSENSTEIN)]
    spec = ReportSpec(fmt="json", statuses=frozenset({Status.FAILED}), overview=True)
    with pytest.raises(BatchAborted) as raised:
        run_batch(sources, spec=spec, profile=None, rules_dirs=(), engine="durable", jobs=1,
                  output=out, force=False, overview=tmp_path / "u.csv", echo=print,
                  err=open(os.devnull, "w"))
    assert not out.exists() and not (tmp_path / "u.csv").exists()  # never a partial target
    kept = tmp_path / "bericht.unvollstaendig.json"
    assert raised.value.result.partial == [kept]
    data = json.loads(kept.read_text(encoding="utf-8"))
    assert data["incomplete"] is True and len(data["results"]) == 3
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_unwritable_output_folder_is_refused_before_any_work(tmp_path: Path) -> None:
    """/proc is not writable, not even for root (permission bits alone say nothing there)."""
    for args in (["check", str(LINDENAU), "-o", "/proc/bericht.json"],
                 ["check", str(LINDENAU), "--overview", "/proc/uebersicht.xlsx"],
                 ["assemble", str(LINDENAU), "-o", "/proc/mep.docx"]):
        start = time.perf_counter()
        result = invoke(*args)
        assert result.exit_code == ExitCode.INPUT_ERROR, args
        assert "nicht beschreibbar" in result.output and "Traceback" not in result.output
        assert time.perf_counter() - start < 5  # refused up front, nothing was assembled


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores permission bits")
def test_read_only_folder_is_refused(tmp_path: Path) -> None:  # pragma: no cover - root in CI
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        result = invoke("check", str(LINDENAU), "-o", str(ro / "b.json"))
        assert result.exit_code == ExitCode.INPUT_ERROR and "nicht beschreibbar" in result.output
    finally:
        ro.chmod(0o755)


def test_write_error_is_a_german_input_error(tmp_path: Path, monkeypatch) -> None:
    """A full disk while the report is written: German error, exit 2, no file left."""
    import errno

    from mepcheck.io import AtomicOutput

    class FullDisk:
        def __init__(self, handle):
            self.handle = handle
            self.closed = False

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name):
            return getattr(self.handle, name)

    real_init = AtomicOutput.__init__

    def init(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        self.handle = FullDisk(self.handle)

    monkeypatch.setattr(AtomicOutput, "__init__", init)
    result = invoke("check", str(LINDENAU), "-o", str(tmp_path / "b.txt"))
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert "kein Speicherplatz mehr" in result.output and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_stale_temporary_files_are_cleaned_at_the_next_start(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".bericht.json.mepcheck-{dead.pid}-abc123.tmp"
    alive = tmp_path / f".bericht.json.mepcheck-{os.getppid()}-def456.tmp"
    foreign = tmp_path / ".bericht.json.fremd.tmp"
    for path in (stale, alive, foreign):
        path.write_text("{", encoding="utf-8")
    result = invoke("check", str(LINDENAU), "-f", "json", "-o", str(tmp_path / "bericht.json"))
    assert result.exit_code == ExitCode.FINDINGS
    assert not stale.exists()  # its run is over
    assert alive.exists() and foreign.exists()  # a running process's, and not ours
    json.loads((tmp_path / "bericht.json").read_text(encoding="utf-8"))


def _many_plans(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "viele"
    folder.mkdir()
    for i in range(count):
        shutil.copy(EXAMPLES[i % len(EXAMPLES)], folder / f"plan-{i:03d}.yaml")
    return folder


@pytest.mark.parametrize("sig,code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_stopping_a_run_leaves_nothing_partial(tmp_path: Path, sig: int, code: int) -> None:
    """Ctrl-C reaches the whole process group (workers too), as in a terminal; SIGTERM
    only the parent, as from ``kill``. Either way: its own exit code, no output, no
    temporary file, no worker left running."""
    folder = _many_plans(tmp_path, 60)
    out = tmp_path / "bericht.json"
    process = subprocess.Popen([sys.executable, "-m", "mepcheck", "check", str(folder), "-f", "json",
                                "-o", str(out), "--jobs", "2"], cwd=ROOT, start_new_session=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".bericht.json.mepcheck-*.tmp")):
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.05)
    time.sleep(1.0)
    workers = subprocess.run(["ps", "-o", "pid=", "--ppid", str(process.pid)],
                             capture_output=True, text=True).stdout.split()
    assert len(workers) == 2
    if sig == signal.SIGINT:
        os.killpg(process.pid, sig)
    else:
        process.send_signal(sig)
    try:
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == code, stderr
    assert "Traceback" not in stderr
    assert ("abgebrochen" if sig == signal.SIGINT else "beendet") in stderr
    assert not out.exists()
    assert list(tmp_path.glob(".*.tmp")) == []
    assert not [w for w in workers if Path(f"/proc/{w}").exists()
                and Path(f"/proc/{w}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"]


def test_a_device_is_never_replaced_by_an_output() -> None:
    """-o /dev/null --force would rename a file over the device node; refused."""
    result = invoke("check", str(LINDENAU), "-o", "/dev/null", "--force")
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert "keine gewöhnliche Datei" in result.output
    assert Path("/dev/null").is_char_device()


def _worker_pid(task: int) -> tuple[int, int]:
    return task, os.getpid()


def _die_on_three(task: int) -> tuple[int, int]:
    if task == 3:
        os._exit(139)  # like a SIGSEGV in the rule engine's C extension
    return task, os.getpid()


def test_workers_are_persistent_and_crashes_stay_isolated() -> None:
    """Two workers check many plans each (the rule base is loaded once per worker); a
    worker that dies costs only its own task, in input order, and the batch goes on."""
    from mepcheck.batch.pool import run_ordered

    def on_error(task, exc):
        return task[0], None

    results = list(run_ordered(_worker_pid, [(i,) for i in range(12)], jobs=2, on_error=on_error))
    assert [t for t, _ in results] == list(range(12))
    pids = {pid for _, pid in results}
    assert len(pids) <= 2 and os.getpid() not in pids
    crashed = list(run_ordered(_die_on_three, [(i,) for i in range(8)], jobs=2, on_error=on_error))
    assert [t for t, _ in crashed] == list(range(8))
    assert [t for t, pid in crashed if pid is None] == [3]


def _crash_on_absturz(path, *args):
    from mepcheck.batch import check_one

    if Path(path).name == "absturz.yaml":
        os._exit(139)
    return check_one(path, *args)


def _hang_on_haengt(path, *args):
    from mepcheck.batch import check_one

    if Path(path).name == "haengt.yaml":
        time.sleep(120)  # like a plan on which the rule engine never finishes
    return check_one(path, *args)


def test_a_plan_past_the_time_limit_is_stopped_and_the_batch_goes_on(tmp_path: Path) -> None:
    stuck = tmp_path / "haengt.yaml"
    shutil.copy(LINDENAU, stuck)
    spec = ReportSpec(fmt="jsonl", statuses=frozenset({Status.FAILED}))
    sources = [PlanInput(LINDENAU), PlanInput(stuck), PlanInput(ROSENSTEIN), PlanInput(LINDENAU)]
    lines: list[str] = []
    started = time.monotonic()
    result = run_batch(sources, spec=spec, profile=None, rules_dirs=(), engine="durable", jobs=2,
                       output=None, force=False, overview=None, echo=lines.append,
                       err=open(os.devnull, "w"), worker=_hang_on_haengt, timeout=3)
    assert time.monotonic() - started < 60
    records = [json.loads(line) for line in lines]
    assert [r["plan"]["source"].rsplit("/", 1)[-1] for r in records] == \
        ["gemeinde-lindenau.yaml", "haengt.yaml", "freier-traeger-rosenstein.yaml", "gemeinde-lindenau.yaml"]
    assert records[1]["error"]["kind"] == "crash"
    assert "länger als 3 Sekunden" in records[1]["error"]["message"]
    assert "--timeout" in records[1]["error"]["message"]
    assert all("error" not in r for i, r in enumerate(records) if i != 1)
    assert result.tally.counts["undetermined"] == 1 and result.exit_code == ExitCode.INPUT_ERROR


def test_crashing_plan_in_a_streamed_batch(tmp_path: Path) -> None:
    victim = tmp_path / "absturz.yaml"
    shutil.copy(LINDENAU, victim)
    spec = ReportSpec(fmt="jsonl", statuses=frozenset({Status.FAILED}), overview=True)
    sources = [PlanInput(LINDENAU), PlanInput(victim), PlanInput(ROSENSTEIN)]
    lines: list[str] = []
    result = run_batch(sources, spec=spec, profile=None, rules_dirs=(), engine="durable", jobs=2,
                       output=None, force=False, overview=tmp_path / "u.csv", echo=lines.append,
                       err=open(os.devnull, "w"), worker=_crash_on_absturz)
    records = [json.loads(line) for line in lines]
    assert [r["plan"]["source"].rsplit("/", 1)[-1] for r in records] == \
        ["gemeinde-lindenau.yaml", "absturz.yaml", "freier-traeger-rosenstein.yaml"]
    assert records[1]["error"]["kind"] == "crash" and "abgestürzt" in records[1]["error"]["message"]
    assert result.tally.counts["undetermined"] == 1 and result.exit_code == ExitCode.INPUT_ERROR
    assert "abgestürzt" in (tmp_path / "u.csv").read_text(encoding="utf-8-sig")
