"""Only regular files are read, the size limit holds while reading, encodings are named."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from mepcheck.loading import PlanLoadError, load_plan
from mepcheck.loading import files as files_module
from tests.conftest import EXAMPLES


def _error(path: Path) -> str:
    with pytest.raises(PlanLoadError) as info:
        load_plan(path)
    (issue,) = info.value.issues
    return str(issue)


def test_device_behind_a_symlink_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "plan.yaml"
    link.symlink_to("/dev/zero")
    assert "Gerätedatei" in _error(link)


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "plan.yaml"
    os.mkfifo(fifo)
    assert "FIFO" in _error(fifo)
    link = tmp_path / "link.yaml"
    link.symlink_to(fifo)
    assert "FIFO" in _error(link)


def test_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        assert "Socket" in _error(path)
    finally:
        server.close()


def test_size_limit_is_enforced_while_reading(tmp_path: Path, monkeypatch) -> None:
    """A file that grows after ``stat`` (or lies about its size) is cut off at the limit."""
    path = tmp_path / "plan.yaml"
    path.write_text("a: 1\n" * 1000, encoding="utf-8")
    real_fstat = os.fstat

    class Small:
        def __init__(self, info: os.stat_result) -> None:
            self.st_mode, self.st_size = info.st_mode, 10

    monkeypatch.setattr(files_module.os, "fstat", lambda fd: Small(real_fstat(fd)))
    with pytest.raises(PlanLoadError) as info:
        files_module.read_input_bytes(path, 100)
    assert "zu groß" in str(info.value)


def test_dangling_symlink_and_missing_file(tmp_path: Path) -> None:
    link = tmp_path / "plan.yaml"
    link.symlink_to(tmp_path / "nirgends.yaml")
    assert "nicht gefunden" in _error(link)


def test_symlink_to_a_regular_plan_is_read(tmp_path: Path) -> None:
    link = tmp_path / "plan.yaml"
    link.symlink_to(EXAMPLES[0])
    assert load_plan(link).plan.schools


@pytest.mark.parametrize(("encoding", "expected"), [
    ("cp1252", "Windows-1252"), ("latin-1", "Windows-1252"), ("utf-16", "UTF-16 (Little Endian"),
])
def test_non_utf8_file_names_its_encoding(tmp_path: Path, encoding: str, expected: str) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes("traeger:\n  name: Gemeinde Lindenau\n  stadtteil: Südheide\n".encode(encoding))
    message = _error(path)
    assert "keine UTF-8-Datei" in message and expected in message
    assert "als UTF-8 speichern" in message
    if encoding != "utf-16":
        assert "plan.yaml:3:" in message and "„ü“" in message


def test_fifo_in_a_rules_folder_is_refused_without_blocking(tmp_path: Path) -> None:
    """Rule folders are inputs too: a FIFO there is an error (exit 2), not a hang."""
    from click.testing import CliRunner

    from mepcheck.cli import cli

    folder = tmp_path / "regeln" / "x"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "XT-FIFO.yaml")
    result = CliRunner().invoke(cli, ["check", str(EXAMPLES[0]), "--rules", str(tmp_path / "regeln")])
    assert result.exit_code == 2
    assert "FIFO" in result.output
