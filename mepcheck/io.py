"""Safe output: atomic writes, never over an input, never over an existing file unless asked."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


class OutputError(Exception):
    """The output cannot be written (exists, is an input, or the folder is missing)."""


def _default_mode(target: Path) -> int:
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def check_target(path: str | Path, *, force: bool = False,
                 inputs: Iterable[str | Path] = ()) -> Path:
    """Raise :class:`OutputError` if ``path`` may not be written (checked before any work)."""
    target = Path(path)
    resolved = target.resolve()
    for item in inputs:
        if Path(item).resolve() == resolved:
            raise OutputError(f"{target}: das ist eine Eingabedatei; sie wird nie überschrieben")
    if target.is_dir():
        raise OutputError(f"{target}: ist ein Ordner")
    if target.exists() and not force:
        raise OutputError(f"{target}: Datei existiert bereits (mit --force überschreiben)")
    if not target.parent.exists():
        raise OutputError(f"{target.parent}: Ordner existiert nicht")
    return target


def write_atomic(path: str | Path, data: bytes | str, *, force: bool = False,
                 inputs: Iterable[str | Path] = ()) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    target = check_target(path, force=force, inputs=inputs)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _default_mode(target))  # mkstemp creates 0600; outputs are ordinary files
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
