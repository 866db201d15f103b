"""Worker isolation, upload round trip, authentication header parsing and ``mepcheck serve``."""

from __future__ import annotations

import base64
import re
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from mepcheck.cli import cli
from mepcheck.web.isolation import Limits, WorkerFailed, WorkerPool
from mepcheck.web.markdown import to_html
from mepcheck.web.security import authorized
from mepcheck.web.server import is_loopback
from mepcheck.web.upload import Upload, UploadRefused
from tests.conftest import ROOT


def test_a_task_over_the_time_limit_is_stopped_and_the_worker_replaced() -> None:
    pool = WorkerPool(1, Limits(seconds=1, memory_mb=1024))
    try:
        start = time.monotonic()
        with pytest.raises(WorkerFailed, match="länger als 1 Sekunden"):
            pool.run(time.sleep, 30)
        assert time.monotonic() - start < 20
        assert pool.run(sum, [1, 2, 3]) == 6  # a fresh worker takes over
    finally:
        pool.close()


def test_a_task_over_the_memory_limit_is_stopped() -> None:
    pool = WorkerPool(1, Limits(seconds=60, memory_mb=512))
    try:
        with pytest.raises(WorkerFailed, match="mehr als 512 MB Speicher"):
            pool.run(bytearray, 2 * 1024 * 1024 * 1024)
        assert pool.run(len, "abc") == 3
    finally:
        pool.close()


def test_an_error_in_a_task_becomes_a_german_message() -> None:
    pool = WorkerPool(1)
    try:
        with pytest.raises(WorkerFailed, match="interner Fehler bei der Prüfung"):
            pool.run(int, "keine Zahl")
    finally:
        pool.close()


def test_upload_round_trip_and_limits() -> None:
    upload = Upload("a.yaml", b"x" * 50_000)
    packed = upload.packed()
    assert len(packed) < 2_000  # compressed for the hidden field
    assert Upload.unpack("../a.yaml", packed).data == upload.data
    assert Upload.unpack("../a.yaml", packed).name == "a.yaml"
    with pytest.raises(UploadRefused, match="zu groß"):
        Upload.unpack("a.yaml", packed, limit=10_000)  # never inflates past the limit
    with pytest.raises(UploadRefused, match="beschädigt"):
        Upload.unpack("a.yaml", packed[:-8])


def test_authorization_header() -> None:
    token = "ein-langer-schluessel"
    basic = base64.b64encode(f"wer:{token}".encode()).decode()
    assert authorized(f"Basic {basic}", token)
    assert authorized(f"Basic {basic}", token, user="wer")
    assert not authorized(f"Basic {basic}", token, user="jemand")
    assert authorized(f"Bearer {token}", token)
    assert not authorized("Bearer x", token)
    assert not authorized(None, token)
    assert not authorized("Basic !!!", token)


def test_rule_markdown_is_escaped() -> None:
    html = str(to_html("# A <b>\n\n- `x<y>` und **fett**\n  - https://example.org/a?b\n\n"
                       "## Beispiel: verstößt\n\nschulen: [<x>]\n"))
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert "<code>x&lt;y&gt;</code>" in html and "<strong>fett</strong>" in html
    assert '<a href="https://example.org/a?b"' in html
    assert "<pre>schulen: [&lt;x&gt;]</pre>" in html


def test_loopback_detection() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")


def test_serve_refuses_a_network_address_without_authentication() -> None:
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"], env={"MEPCHECK_WEB_TOKEN": ""})
    assert result.exit_code == 2
    assert "keine Anmeldung eingerichtet" in result.output
    short = CliRunner().invoke(cli, ["serve", "--token", "kurz"])
    assert short.exit_code == 2 and "zu kurz" in short.output


def test_warm_starts_every_worker() -> None:
    import os

    pool = WorkerPool(2, Limits(seconds=60, memory_mb=1024))
    try:
        pool.warm(os.getpid)
        deadline = time.monotonic() + 60
        while len(pool._all) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(pool._all) == 2
        assert pool.run(os.getpid) != os.getpid()  # the work runs in a worker process
    finally:
        pool.close()


def test_ctrl_c_stops_the_server_with_its_exit_code() -> None:
    proc = subprocess.Popen([sys.executable, "-m", "mepcheck", "serve", "--workers", "1"],
                            cwd=ROOT, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        assert re.search(r"http://127\.0\.0\.1:\d+/", proc.stderr.readline())
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert "Server beendet (Strg+C)" in err and "Traceback" not in err
