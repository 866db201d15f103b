"""The rule base: rule files, profiles, the Land table and the rule-set version."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from mepcheck.loading.files import read_regular_bytes, read_text_file
from mepcheck.loading.yamlsafe import read_structured
from mepcheck.rules.errors import RuleFileError
from mepcheck.rules.loader import LoadedRule, default_rules_dir, load_rules
from mepcheck.rules.profiles import LandTable, ProfileSpec, load_land_table, load_profiles


@dataclass(frozen=True, eq=False)
class RuleBase:
    """Everything loaded from the rules folder(s)."""

    root: Path
    extra: tuple[Path, ...]
    rules: dict[str, LoadedRule]
    profiles: dict[str, ProfileSpec]
    land_table: LandTable
    version: str
    date: dt.date
    fingerprint: str


def _fingerprint(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        try:
            digest.update(read_regular_bytes(path))
        except OSError as exc:
            raise RuleFileError([f"{path}: nicht lesbar ({exc})"]) from None
    return digest.hexdigest()[:16]


def _profiles(root: Path, extra: tuple[Path, ...]) -> dict[str, ProfileSpec]:
    """The shipped profiles plus those in ``profiles/`` of each extra rule folder; an extra
    profile may extend a shipped one but not replace it."""
    profiles = load_profiles(root)
    problems = []
    for folder in extra:
        if not (Path(folder) / "profiles").is_dir():
            continue
        for name, spec in load_profiles(Path(folder)).items():
            if name in profiles:
                problems.append(f"{folder}/profiles/{name}.yaml: Profil '{name}' gibt es schon; ein "
                                f"eigenes Profil braucht einen eigenen Namen (und kann mit "
                                f"'extends: {name}' darauf aufbauen)")
                continue
            profiles[name] = spec
    if problems:
        raise RuleFileError(problems)
    return profiles


@lru_cache(maxsize=16)
def load_rulebase(extra: tuple[Path, ...] = (), root: Path | None = None) -> RuleBase:
    """Load (once per process) the shipped rules plus any extra rule folders."""
    root = root or default_rules_dir()
    meta_path = root / "ruleset.yaml"
    if not meta_path.exists():
        raise RuleFileError([f"{meta_path}: fehlt (Version und Datum des Regelwerks)"])
    try:
        meta, _ = read_structured(read_text_file(meta_path), is_json=False)
    except OSError as exc:
        raise RuleFileError([f"{meta_path}: nicht lesbar ({exc})"]) from None
    rules = load_rules(root, *extra)
    files = sorted(p for d in (root, *extra) for p in Path(d).rglob("*.yaml")
                   if not p.name.endswith(".cases.yaml"))
    return RuleBase(
        root=root, extra=extra, rules=rules, profiles=_profiles(root, extra),
        land_table=load_land_table(root), version=str(meta["version"]), date=meta["date"],
        fingerprint=_fingerprint(files),
    )
