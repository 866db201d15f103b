"""Reading an input file safely: regular files only, bounded size, helpful encoding errors.

A plan path may be a symlink, but what it points to must be a regular file: a device
(``/dev/zero``) has size 0 and never ends, a FIFO blocks the reader forever. The file is
opened non-blocking, checked with ``fstat`` and read with the size limit enforced while
reading (the size reported by ``stat`` is not trusted).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from mepcheck.loading.errors import PlanIssue, PlanLoadError

_CHUNK = 1 << 16


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "ist ein Ordner, keine Plan-Datei"
    if stat.S_ISFIFO(mode):
        return "ist eine benannte Pipe (FIFO), keine gewöhnliche Datei; nicht gelesen"
    if stat.S_ISSOCK(mode):
        return "ist ein Socket, keine gewöhnliche Datei; nicht gelesen"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "ist eine Gerätedatei, keine gewöhnliche Datei; nicht gelesen"
    return "ist keine gewöhnliche Datei; nicht gelesen"


def _refuse(name: str, message: str) -> PlanLoadError:
    return PlanLoadError([PlanIssue(name, None, None, (), message)])


class InputFileError(OSError):
    """A file that is not read: not a regular file, too large or unreadable (German text)."""


def read_regular_bytes(path: str | Path, limit: int = 10 * 1024 * 1024) -> bytes:
    """Bytes of a regular file (rule files, profiles, configuration): the same protection
    as for plans, with :class:`InputFileError` instead of a plan error."""
    try:
        return read_input_bytes(path, limit)
    except PlanLoadError as exc:
        raise InputFileError(exc.issues[0].message) from None


def read_text_file(path: str | Path, limit: int = 10 * 1024 * 1024) -> str:
    """UTF-8 text of a regular file, see :func:`read_regular_bytes`."""
    try:
        return read_regular_bytes(path, limit).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputFileError(f"keine UTF-8-Datei (Byte {exc.start})") from None


def regular_file(path: str | Path, limit: int | None = None) -> os.stat_result:
    """``stat`` of ``path`` if it is (or links to) a regular file of at most ``limit`` bytes,
    else :class:`PlanLoadError`. For readers that open the file themselves (workbooks)."""
    name = str(path)
    try:
        info = os.stat(path)
    except OSError as exc:
        reason = ("Datei nicht gefunden" if isinstance(exc, FileNotFoundError)
                  else f"Datei nicht lesbar ({exc.strerror})")
        raise _refuse(name, reason) from None
    if not stat.S_ISREG(info.st_mode):
        raise _refuse(name, _kind(info.st_mode))
    if limit is not None and info.st_size > limit:
        raise _refuse(name, f"Datei zu groß ({info.st_size} Bytes, höchstens {limit})")
    return info


def read_input_bytes(path: str | Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, or :class:`PlanLoadError`."""
    name = str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    regular_file(path)  # before opening: opening a FIFO would block
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise _refuse(name, _kind(stat.S_IFSOCK)) from None
        raise _refuse(name, f"Datei nicht lesbar ({exc.strerror})") from None
    try:
        info = os.fstat(fd)  # the file actually opened (it may have been swapped since stat)
        if not stat.S_ISREG(info.st_mode):
            raise _refuse(name, _kind(info.st_mode))
        if info.st_size > limit:
            raise _refuse(name, f"Datei zu groß ({info.st_size} Bytes, höchstens {limit})")
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, _CHUNK)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                raise _refuse(name, f"Datei zu groß (mehr als {limit} Bytes)")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise _refuse(name, f"Datei nicht lesbar ({exc.strerror})") from None
    finally:
        os.close(fd)


_HOW_TO_SAVE = ("Bitte als UTF-8 speichern (im Editor „Speichern unter“ → Kodierung „UTF-8“; "
                "in Notepad++ „Kodierung → Konvertiere zu UTF-8“; auf der Kommandozeile: "
                "iconv -f {enc} -t UTF-8 ALT > NEU)")


def decode_text(raw: bytes, name: str) -> str:
    """Decode UTF-8 (with or without BOM); otherwise say which encoding the file looks like."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start
    for bom, label, enc in ((b"\xff\xfe\x00\x00", "UTF-32 (Little Endian)", "UTF-32"),
                            (b"\x00\x00\xfe\xff", "UTF-32 (Big Endian)", "UTF-32"),
                            (b"\xff\xfe", "UTF-16 (Little Endian, mit BOM)", "UTF-16"),
                            (b"\xfe\xff", "UTF-16 (Big Endian, mit BOM)", "UTF-16")):
        if raw.startswith(bom):
            raise _refuse(name, f"keine UTF-8-Datei: die Datei ist in {label} gespeichert. "
                          + _HOW_TO_SAVE.format(enc=enc))
    line = raw.count(b"\n", 0, start) + 1
    column = start - (raw.rfind(b"\n", 0, start) + 1) + 1
    byte = raw[start]
    if raw[: min(len(raw), 200)].count(b"\x00") > 10:
        guess = "UTF-16 ohne BOM"
        enc = "UTF-16LE"
    else:
        line_start = raw.rfind(b"\n", 0, start) + 1
        line_end = raw.find(b"\n", start)
        line_bytes = raw[line_start: line_end if line_end >= 0 else len(raw)]
        try:
            sample = line_bytes.decode("cp1252").strip()
            char = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            sample, char = "", ""
        if char:
            if len(sample) > 60:
                sample = sample[:57] + "…"
            guess = (f"Windows-1252 („ANSI“) bzw. ISO-8859-1 (Latin-1) aus: dort wäre das Byte "
                     f"„{char}“ in „{sample}“")
            enc = "WINDOWS-1252"
        else:
            guess = "einer unbekannten Kodierung aus"
            enc = "ALTE-KODIERUNG"
    raise PlanLoadError([PlanIssue(
        name, line, column, (),
        f"keine UTF-8-Datei: Byte 0x{byte:02X} ist kein gültiges UTF-8; die Datei sieht nach "
        f"{guess}. " + _HOW_TO_SAVE.format(enc=enc))])
