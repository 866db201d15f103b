"""Safe output: atomic writes, never over an input, never over an existing file unless asked.

Every output goes to a temporary file ``.NAME.mepcheck-PID-XXXX.tmp`` beside the
target and is renamed onto it when complete, so the target is never partial. A
temporary file is removed when writing fails or the run is stopped (Ctrl-C,
SIGTERM); one left by a killed run (SIGKILL, power loss) is removed the next time
that target is checked, once its process no longer runs. Every problem is an
:class:`OutputError` with a German message (exit code 2 in the command line).
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO


class OutputError(Exception):
    """The output cannot be written (exists, is an input, folder missing or not writable)."""


def _tmp_prefix(target: Path) -> str:
    return f".{target.name}.mepcheck-{os.getpid()}-"


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "kein Speicherplatz mehr auf dem Datenträger"
    if exc.errno == errno.EROFS:
        return "Dateisystem ist schreibgeschützt"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "keine Schreibberechtigung"
    return exc.strerror or type(exc).__name__


def _default_mode(target: Path) -> int:
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale(target: Path) -> list[Path]:
    """Remove temporary files of ``target`` left by mepcheck runs that no longer run."""
    pattern = re.compile(rf"^\.{re.escape(target.name)}\.mepcheck-(\d+)-[^/]*\.tmp$")
    removed = []
    try:
        entries = list(target.parent.iterdir())
    except OSError:
        return removed
    for entry in entries:
        match = pattern.match(entry.name)
        if match and int(match.group(1)) != os.getpid() and not _alive(int(match.group(1))):
            try:
                entry.unlink()
                removed.append(entry)
            except OSError:
                pass
    return removed


def check_target(path: str | Path, *, force: bool = False,
                 inputs: Iterable[str | Path] = ()) -> Path:
    """Raise :class:`OutputError` if ``path`` may not be written (checked before any work).

    Also proves that the folder is writable by creating and removing a temporary
    file there (permission bits alone say nothing on a read-only mount or for root)."""
    target = Path(path)
    resolved = target.resolve()
    for item in inputs:
        if str(item) != "-" and Path(item).resolve() == resolved:
            raise OutputError(f"{target}: das ist eine Eingabedatei; sie wird nie überschrieben")
    if target.is_dir():
        raise OutputError(f"{target}: ist ein Ordner")
    if target.exists() and not force:
        raise OutputError(f"{target}: Datei existiert bereits (mit --force überschreiben)")
    if target.exists() and not target.is_file():
        # a rename would replace the device or pipe itself (e.g. /dev/null), never write into it
        raise OutputError(f"{target}: ist keine gewöhnliche Datei (Gerät, Pipe o. ä.); für die "
                          "Standardausgabe -o weglassen")
    if not target.parent.exists():
        raise OutputError(f"{target.parent}: Ordner existiert nicht")
    if not target.parent.is_dir():
        raise OutputError(f"{target.parent}: ist kein Ordner")
    clean_stale(target)
    try:
        fd, probe = tempfile.mkstemp(prefix=_tmp_prefix(target), suffix=".tmp", dir=target.parent)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(f"{target}: kann hier nicht geschrieben werden – Ordner "
                          f"{target.parent} nicht beschreibbar ({_reason(exc)})") from None
    return target


class AtomicOutput:
    """A file written piece by piece and renamed onto its target only when complete.

    Use as a context manager: leaving it with an exception (also Ctrl-C or the
    SystemExit of a SIGTERM handler) removes the temporary file; :meth:`commit`
    renames it; :meth:`keep_as` saves what is there under another name."""

    def __init__(self, path: str | Path, *, force: bool = False,
                 inputs: Iterable[str | Path] = (), binary: bool = False) -> None:
        self.target = check_target(path, force=force, inputs=inputs)
        self.force = force
        self.mode = _default_mode(self.target)
        try:
            fd, tmp = tempfile.mkstemp(prefix=_tmp_prefix(self.target), suffix=".tmp",
                                       dir=self.target.parent)
        except OSError as exc:
            raise OutputError(f"{self.target}: nicht schreibbar ({_reason(exc)})") from None
        self.tmp = Path(tmp)
        self.handle: IO = os.fdopen(fd, "wb" if binary else "w",
                                    **({} if binary else {"encoding": "utf-8", "newline": ""}))

    def write(self, data: str | bytes) -> None:
        try:
            self.handle.write(data)
        except OSError as exc:
            raise OutputError(f"{self.target}: Schreiben fehlgeschlagen ({_reason(exc)})") from None

    def _close(self) -> None:
        if not self.handle.closed:
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()

    def commit(self) -> Path:
        try:
            self._close()
            os.chmod(self.tmp, self.mode)  # mkstemp creates 0600; outputs are ordinary files
            if self.target.exists() and not self.force:
                raise OutputError(f"{self.target}: Datei existiert bereits (mit --force überschreiben)")
            os.replace(self.tmp, self.target)
        except OSError as exc:
            self.discard()
            raise OutputError(f"{self.target}: Schreiben fehlgeschlagen ({_reason(exc)})") from None
        return self.target

    def keep_as(self, path: Path) -> Path | None:
        """Save the temporary file's content under ``path`` (after a fatal error)."""
        try:
            self._close()
            os.chmod(self.tmp, self.mode)
            os.replace(self.tmp, path)
            return path
        except OSError:
            self.discard()
            return None

    def discard(self) -> None:
        try:
            self.handle.close()
        except OSError:
            pass
        self.tmp.unlink(missing_ok=True)

    def __enter__(self) -> AtomicOutput:
        return self

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        if self.tmp.exists():
            self.discard()


def write_atomic(path: str | Path, data: bytes | str, *, force: bool = False,
                 inputs: Iterable[str | Path] = ()) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with AtomicOutput(path, force=force, inputs=inputs, binary=True) as out:
        out.write(payload)
        return out.commit()
