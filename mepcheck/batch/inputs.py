"""Which plans a batch checks: files, folders, glob patterns, standard input, list files.

* a file is taken as given (the loader reports a missing or unreadable one as that
  plan's error, the batch goes on);
* a folder is searched recursively for ``.yaml``, ``.yml``, ``.json`` and ``.xlsx``
  files; hidden files and folders (a name starting with ``.``) are skipped;
* a pattern with ``*``, ``?`` or ``[…]`` (``**`` for any depth) is expanded, also on
  systems whose shell does not;
* ``-`` reads one plan from standard input (YAML or JSON);
* ``@LISTE.txt`` (or ``--from-file LISTE.txt``) reads one entry per line (file,
  folder or pattern; relative to the list file's folder; blank lines and lines
  starting with ``#`` are skipped).

The order is deterministic: arguments in the order given, each folder or pattern
sorted by path (code-point order, the same on every machine).
"""

from __future__ import annotations

import glob
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

PLAN_SUFFIXES = (".yaml", ".yml", ".json", ".xlsx")
STDIN = "-"


class InputError(Exception):
    """An argument names no plan at all (empty folder, pattern without match, bad list file)."""


@dataclass(frozen=True)
class PlanInput:
    """One plan of a batch: a file, or standard input with its text already read."""

    path: Path
    text: str | None = None

    @property
    def name(self) -> str:
        return "<stdin>" if self.text is not None else str(self.path)


def _is_pattern(arg: str) -> bool:
    return any(c in arg for c in "*?[")


def _folder(folder: Path) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if path.suffix.lower() in PLAN_SUFFIXES and path.is_file():
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def _expand(arg: str, base: Path | None, origin: str) -> list[Path]:
    path = Path(arg) if base is None or Path(arg).is_absolute() else base / arg
    if path.is_dir():
        found = _folder(path)
        if not found:
            raise InputError(f"{origin}{path}: Ordner enthält keine Plan-Dateien "
                             f"({', '.join(PLAN_SUFFIXES)})")
        return found
    if _is_pattern(arg) and not path.exists():
        hits = sorted((Path(h) for h in glob.glob(str(path), recursive=True)),
                      key=lambda p: p.parts)
        found = []
        for hit in hits:
            if hit.is_dir():
                found.extend(_folder(hit))
            elif hit.suffix.lower() in PLAN_SUFFIXES:
                found.append(hit)
        if not found:
            raise InputError(f"{origin}{arg}: das Muster passt auf keine Plan-Datei")
        return found
    return [path]


def _list_file(path: Path) -> list[Path]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: Liste nicht lesbar ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: Liste ist keine UTF-8-Datei (Byte {exc.start})") from None
    found: list[Path] = []
    for number, line in enumerate(text.splitlines(), 1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        found.extend(_expand(entry, path.parent, f"{path}, Zeile {number}: "))
    if not found:
        raise InputError(f"{path}: die Liste nennt keinen Plan")
    return found


def collect(args: list[str], list_files: Sequence[Path] = (), *,
            read_stdin: Callable[[], str] | None = None) -> list[PlanInput]:
    """Every plan the arguments name, in a deterministic order.

    ``read_stdin`` returns the text of standard input (read once, for ``-``)."""
    plans: list[PlanInput] = []
    stdin_used = False
    for arg in args:
        if arg == STDIN:
            if stdin_used:
                raise InputError("'-' (Standardeingabe) kann nur einmal angegeben werden")
            stdin_used = True
            text = read_stdin() if read_stdin else ""
            plans.append(PlanInput(Path(STDIN), text))
        elif arg.startswith("@") and len(arg) > 1:
            plans.extend(PlanInput(p) for p in _list_file(Path(arg[1:])))
        else:
            plans.extend(PlanInput(p) for p in _expand(arg, None, ""))
    for list_file in list_files:
        plans.extend(PlanInput(p) for p in _list_file(Path(list_file)))
    return plans
