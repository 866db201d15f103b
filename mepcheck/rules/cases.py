"""Rule cases: small plan fragments with the expected verdicts of one rule.

A case file ``rules/<family>/<CODE>.cases.yaml`` holds named cases. Each case
deep-merges its ``plan`` fragment into a base plan and lists the expected
``(path, status)`` of the rule's findings, optionally with the expected ``severity``
(which can depend on the plan's Land, see :mod:`mepcheck.rules.severity`). Findings that are *not applicable*
are only compared when the case lists them.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from mepcheck.findings import Status
from mepcheck.loading import load_plan_text
from mepcheck.loading.errors import PlanLoadError, format_path
from mepcheck.rules.spec import REMEDY_PLACEHOLDER


@dataclass(frozen=True)
class CaseOutcome:
    file: Path
    rule: str
    name: str
    expected: frozenset[tuple[str, str]]
    actual: frozenset[tuple[str, str]]
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.expected == self.actual


def deep_merge(base: Any, patch: Any) -> Any:
    """Mappings merge recursively; lists and scalars replace; ``None`` removes a key."""
    if isinstance(base, dict) and isinstance(patch, dict):
        out = dict(base)
        for key, value in patch.items():
            if value is None:
                out.pop(key, None)
            else:
                out[key] = deep_merge(base.get(key), value)
        return out
    return copy.deepcopy(patch)


def normalise_path(text: str) -> str:
    """Accept ``""``/``plan`` for the plan itself; otherwise ``schulen[0].bestand[1]``."""
    text = (text or "").strip()
    if text in ("", "plan", "(Plan)"):
        return format_path(())
    if not re.fullmatch(r"[a-z_]+(\[\d+\])*(\.[a-z_][a-z0-9_]*(\[\d+\])*)*", text):
        raise ValueError(f"Pfad {text!r} ungültig")
    return text


def default_base_dir() -> Path:
    here = Path(__file__).resolve()
    packaged = here.parent.parent / "_data" / "cases"
    return packaged if packaged.is_dir() else here.parents[2] / "fixtures" / "cases"


def run_case_file(path: Path, *, engine: str = "durable", rules_dirs: tuple[Path, ...] = (),
                  base_dir: Path | None = None, rules_root: Path | None = None) -> list[CaseOutcome]:
    """Run every case of one case file."""
    from mepcheck.checker import check_plan

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rule = data["rule"]
    base_dir = base_dir or default_base_dir()
    base = yaml.safe_load((base_dir / f"{data.get('base', 'minimal')}.yaml").read_text(encoding="utf-8"))
    outcomes = []
    for case in data["cases"]:
        name = case["name"]
        expected = frozenset((normalise_path(e.get("path", "")), Status(e["status"]).value)
                             for e in case.get("expect", []))
        listed_na = any(s == Status.NOT_APPLICABLE.value for _, s in expected)
        plan = deep_merge(base, case.get("plan") or {})
        try:
            loaded = load_plan_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False),
                                    f"{path.name}#{name}")
        except PlanLoadError as exc:
            outcomes.append(CaseOutcome(path, rule, name, expected, frozenset(), f"Plan ungültig: {exc}"))
            continue
        result = check_plan(loaded, profile=case.get("profile", data.get("profile", "mep-basis")),
                            rules_dirs=rules_dirs, engine=engine, rules_root=rules_root)
        if rule not in result.profile.codes:
            outcomes.append(CaseOutcome(path, rule, name, expected, frozenset(),
                                        f"Regel {rule} ist im Profil {result.profile.name} nicht aktiv"))
            continue
        mine = [f for f in result.findings
                if f.code == rule and (listed_na or f.status is not Status.NOT_APPLICABLE)]
        actual = frozenset((f.path_text, f.status.value) for f in mine)
        # an expectation may also name the severity (it can depend on the plan's Land)
        wrong = [
            f"{f.path_text}: Schwere {f.severity.value}, erwartet {e['severity']}"
            for e in case.get("expect", []) if "severity" in e
            for f in mine
            if (f.path_text, f.status.value) == (normalise_path(e.get("path", "")), e["status"])
            and f.severity.value != e["severity"]
        ]
        # the remedy a reader gets has its figures filled in, never a bare {name}
        wrong += [f"{f.path_text}: Abhilfe mit offenem Platzhalter: {f.remedy}"
                  for f in mine if REMEDY_PLACEHOLDER.search(f.remedy)]
        outcomes.append(CaseOutcome(path, rule, name, expected, actual,
                                    "; ".join(wrong) if wrong else None))
    return outcomes


def case_files(*roots: Path) -> list[Path]:
    return sorted(p for root in roots for p in Path(root).rglob("*.cases.yaml"))
