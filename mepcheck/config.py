"""Configuration: ``[tool.mepcheck]`` in ``pyproject.toml`` or a ``mepcheck.toml``.

Found from the working directory upwards (the first ``mepcheck.toml``, or the first
``pyproject.toml`` with a ``[tool.mepcheck]`` table); ``--config FILE`` names one,
``--no-config`` ignores every file. The command line always wins over the file.
Folders and files in the configuration are relative to the configuration file::

    [tool.mepcheck]
    profile = "land-nw"
    rules = ["regeln-der-bezirksregierung"]
    select = ["DP19-", "DSGVO-"]
    ignore = ["DSGVO-TOM-DOKU"]
    format = "json"
    status = ["failed", "undetermined", "accepted"]
    strict = true
    jobs = 2
    baseline = "akzeptiert.yaml"
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CONFIG_NAME = "mepcheck.toml"

KEYS: dict[str, str] = {
    "profile": "Prüfprofil (Name)",
    "rules": "zusätzliche Regelordner (Liste)",
    "select": "nur diese Regeln: Codes, Präfixe wie 'DSGVO-', family:NAME, tag:NAME (Liste)",
    "ignore": "diese Regeln nicht prüfen (Liste wie select)",
    "format": "Ausgabeformat",
    "status": "aufgeführte Status (Liste)",
    "strict": "Warnungen führen zu Exit-Code 1 (true/false)",
    "jobs": "parallele Prüfprozesse (Zahl)",
    "timeout": "Zeitlimit je Plan in Sekunden bei jobs ab 2 (Zahl, 0: ohne)",
    "engine": "Regelmaschine (durable, reference)",
    "baseline": "Datei mit akzeptierten Befunden",
}
"""Every key of the configuration with its German meaning."""

FORMATS = ("text", "json", "jsonl", "sarif", "junit")


class ConfigError(Exception):
    """A configuration file is wrong; the German message names file, line and key."""


@dataclass(frozen=True)
class Config:
    """The settings of one configuration file (absent keys are ``None``)."""

    path: Path | None = None
    values: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str) -> Any:
        return self.values.get(key)


def find_config(start: Path) -> Path | None:
    """The configuration file that governs ``start`` (a folder), or ``None``."""
    for folder in (start, *start.parents):
        own = folder / CONFIG_NAME
        if own.is_file():
            return own
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_table(pyproject):
            return pyproject
    return None


def _has_table(pyproject: Path) -> bool:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False  # somebody else's broken pyproject is not our configuration
    return isinstance(data.get("tool"), dict) and "mepcheck" in data["tool"]


def _line_of(text: str, key: str) -> int | None:
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=", re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _list_of_text(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


def _check(key: str, value: Any) -> str | None:
    """German problem with ``value`` for ``key``, or ``None``."""
    if key in ("profile", "engine", "format", "baseline"):
        if not isinstance(value, str) or not value.strip():
            return "erwartet einen Text"
        if key == "format" and value not in FORMATS:
            return f"unbekanntes Format '{value}' (erlaubt: {', '.join(FORMATS)})"
        if key == "engine" and value not in ("durable", "reference"):
            return f"unbekannte Regelmaschine '{value}' (durable, reference)"
        return None
    if key in ("rules", "select", "ignore", "status"):
        if isinstance(value, str):
            return None  # a single entry is fine
        return None if _list_of_text(value) else "erwartet eine Liste von Texten"
    if key == "strict":
        return None if isinstance(value, bool) else "erwartet true oder false"
    if key == "jobs":
        ok = isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 64
        return None if ok else "erwartet eine ganze Zahl von 1 bis 64"
    if key == "timeout":
        ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 86400
        return None if ok else "erwartet eine ganze Zahl von 0 bis 86400 (Sekunden)"
    return None


def load_config(path: Path) -> Config:
    """Read and validate one configuration file; raise :class:`ConfigError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: Konfigurationsdatei nicht gefunden") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: nicht lesbar ({exc})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: kein gültiges TOML ({exc})") from None
    if path.name == "pyproject.toml" or "tool" in data:
        table = (data.get("tool") or {}).get("mepcheck")
        where = "[tool.mepcheck]"
        if table is None:
            raise ConfigError(f"{path}: kein Abschnitt [tool.mepcheck]")
    else:
        table, where = data, ""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: {where or 'die Datei'} muss eine Tabelle sein")
    problems = []
    values: dict[str, Any] = {}
    for key, value in table.items():
        line = _line_of(text, key)
        at = f"{path}:{line}" if line else str(path)
        label = f"{where} {key}".strip()
        if key not in KEYS:
            problems.append(f"{at} {label}: unbekannter Schlüssel (erlaubt: {', '.join(KEYS)})")
            continue
        problem = _check(key, value)
        if problem:
            problems.append(f"{at} {label}: {problem}")
            continue
        if key in ("rules", "select", "ignore", "status") and isinstance(value, str):
            value = [value]
        if key == "rules":
            value = [_relative(path, v) for v in value]
            missing = [str(v) for v in value if not v.is_dir()]
            if missing:
                problems.append(f"{at} {label}: Regelordner nicht gefunden: {', '.join(missing)}")
                continue
        if key == "baseline":
            value = _relative(path, value)
        values[key] = value
    if problems:
        raise ConfigError("\n".join(problems))
    return Config(path, values)


def _relative(config: Path, value: str) -> Path:
    target = Path(value).expanduser()
    return target if target.is_absolute() else (config.parent / target)


def resolve_config(explicit: Path | None, disabled: bool, cwd: Path | None = None) -> Config:
    """The configuration for a run: ``--config FILE``, none with ``--no-config``, else found."""
    if disabled:
        return Config()
    if explicit is not None:
        return load_config(explicit)
    found = find_config((cwd or Path.cwd()).resolve())
    return load_config(found) if found else Config()
