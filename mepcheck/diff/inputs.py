"""One side of a diff: a plan file (checked now) or an earlier JSON result of ``check``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mepcheck.diff.findings import FindingRecord


class DiffInputError(Exception):
    """A side of the diff cannot be read; the German message names the file."""


@dataclass(frozen=True)
class Side:
    """What a diff knows about one submission."""

    source: str
    kind: str
    """``plan`` (checked now) or ``result`` (an earlier JSON result)."""
    carrier: str
    sha256: str
    ruleset_version: str
    profile: str
    findings: tuple[FindingRecord, ...]
    plan: Any = None
    """The plan model (only for ``plan``); plan changes need it on both sides."""
    figures: Any = None

    def summary(self) -> dict[str, Any]:
        return {"source": self.source, "kind": self.kind, "carrier": self.carrier,
                "sha256": self.sha256, "ruleset_version": self.ruleset_version,
                "profile": self.profile}


def looks_like_result(path: Path) -> bool:
    """A ``.json`` file whose top level carries ``findings`` or ``results`` of a check run."""
    if path.suffix.lower() != ".json":
        return False
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:4096]
    except OSError:
        return False
    return '"schema_version"' in head and ('"findings"' in head or '"results"' in head
                                           or '"rules"' in head or '"error"' in head)


def side_from_result_data(data: Any, source: str) -> Side:
    """Read an earlier JSON result (``mepcheck check --format json``) of exactly one plan."""
    if not isinstance(data, dict) or "schema_version" not in data:
        raise DiffInputError(f"{source}: kein Ergebnis von 'mepcheck check --format json'")
    if "results" in data:
        results = data["results"]
        if not isinstance(results, list) or len(results) != 1:
            raise DiffInputError(f"{source}: enthält {len(results) if isinstance(results, list) else '?'} "
                                 "Pläne; ein Vergleich braucht das Ergebnis genau eines Plans")
        data = results[0]
    if "error" in data:
        raise DiffInputError(f"{source}: der Plan war in diesem Ergebnis nicht prüfbar "
                             f"({(data['error'] or {}).get('message') or 'nicht lesbar'})")
    try:
        records = []
        for i, f in enumerate(data["findings"]):
            element = f.get("element") or f.get("path_text")
            if not element:
                raise KeyError(f"findings[{i}].element")
            records.append(FindingRecord(str(f["code"]), str(element), str(f["severity"]),
                                         str(f["status"]), str(f.get("message", "")),
                                         str(f.get("title", "")), str(f.get("path_text", ""))))
        plan, rules = data.get("plan") or {}, data.get("rules") or {}
    except (KeyError, TypeError, AttributeError) as exc:
        raise DiffInputError(f"{source}: Ergebnis unvollständig ({exc})") from None
    return Side(source=source, kind="result", carrier=str(plan.get("carrier", "")),
                sha256=str(plan.get("sha256", "")), ruleset_version=str(rules.get("version", "")),
                profile=str(rules.get("profile", "")), findings=tuple(records))


def side_from_result(path: Path) -> Side:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise DiffInputError(f"{path}: nicht lesbar ({exc})") from None
    except json.JSONDecodeError as exc:
        raise DiffInputError(f"{path}:{exc.lineno}:{exc.colno}: kein gültiges JSON ({exc.msg})") from None
    return side_from_result_data(data, str(path))


def side_from_check(result: Any) -> Side:
    """A side from a :class:`~mepcheck.checker.CheckResult`."""
    return Side(source=result.source, kind="plan", carrier=result.carrier, sha256=result.plan_sha256,
                ruleset_version=result.ruleset_version, profile=result.profile.name,
                findings=tuple(FindingRecord.from_finding(f) for f in result.findings),
                plan=result.plan, figures=result.figures)


def read_side(path: Path, *, profile: str | None = None, rules_dirs: tuple[Path, ...] = (),
              engine: str = "durable") -> Side:
    """Read a JSON result, or load and check a plan; raise :class:`DiffInputError`."""
    from mepcheck.checker import check_plan
    from mepcheck.loading import PlanLoadError, load_plan

    if not path.exists():
        raise DiffInputError(f"{path}: Datei nicht gefunden")
    if looks_like_result(path):
        return side_from_result(path)
    try:
        loaded = load_plan(path)
    except PlanLoadError as exc:
        lines = "\n".join(f"  {issue}" for issue in exc.issues)
        raise DiffInputError(f"{path}: Plan nicht lesbar, {len(exc.issues)} Fehler\n{lines}") from None
    return side_from_check(check_plan(loaded, profile=profile, rules_dirs=rules_dirs, engine=engine))
