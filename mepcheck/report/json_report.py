"""The JSON report: a documented contract for integrators (see README, "JSON-Ausgabe").

Top level: ``mepcheck`` (version), ``rules`` (version, date, fingerprint, profile),
``plan`` (Schulträger, Land, period, reference date, SHA-256), ``summary`` (counts
per status and severity, exit code) and ``findings`` (each with ``code``,
``severity``, ``status``, ``path``, ``element`` (stable key), ``line``, for a workbook plan ``cell`` (sheet, cell,
row), ``message``, ``params``,
``legal_basis``, ``remedy``, and ``waiver`` where one applies). Several plans
give ``{"results": [...]}``; ``--format jsonl`` writes the same objects, one per line.

Version 2 (schema_version 2) adds ``summary.listed`` (the statuses listed in
``findings``; the counts always cover all) and the plan's key figures
(``schools``, ``total_cost``, ``total_grant``, ``own_share``) and, per finding,
``element``: its stable element key (see :mod:`mepcheck.keys`).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from typing import Any

from mepcheck import __version__
from mepcheck.checker import CheckResult
from mepcheck.findings import Finding, Status

SCHEMA_VERSION = 2


def _cell(cell: Any) -> dict[str, Any] | None:
    """A workbook place: sheet, cell (``D7``, or ``null`` for a whole row) and row."""
    if cell is None:
        return None
    return {"sheet": cell.sheet, "cell": f"{cell.column}{cell.row}" if cell.column else None,
            "row": cell.row}


def finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "title": f.title,
        "family": f.family,
        "chapter": f.chapter,
        "severity": f.severity.value,
        "status": f.status.value,
        "path": list(f.path),
        "path_text": f.path_text,
        "element": f.element,
        "line": f.line,
        **({"cell": _cell(f.cell)} if f.cell is not None else {}),
        "subject": f.subject,
        "message": f.message,
        "params": f.params_json(),
        "legal_basis": [
            {"title": b.title, "paragraph": b.paragraph, "url": b.url, "status": b.status,
             "note": b.note} for b in f.legal_basis
        ],
        "remedy": f.remedy,
        "provisional": f.provisional,
        "accepted": None if f.acceptance is None else {
            "reason": f.acceptance.reason, "reviewer": f.acceptance.reviewer,
            "date": f.acceptance.date.isoformat(),
            "until": f.acceptance.until.isoformat() if f.acceptance.until else None,
            "baseline": f.acceptance.source,
        },
        "waiver": None if f.waiver is None else {
            "justification": f.waiver.justification, "approved_by": f.waiver.approved_by,
            "until": f.waiver.until.isoformat(),
        },
    }


def _figures(r: CheckResult) -> dict[str, Any]:
    if r.figures is None or r.plan is None:
        return {}
    return {"schools": len(r.plan.schools), "total_cost": str(r.figures.total_cost),
            "total_grant": str(r.figures.total_grant),
            "own_share": str(r.figures.total_own_share)}


def result_dict(r: CheckResult, strict: bool = False,
                statuses: Collection[Status] | None = None) -> dict[str, Any]:
    listed = [s for s in Status if statuses is None or s in statuses]
    return {
        "schema_version": SCHEMA_VERSION,
        "mepcheck": __version__,
        "rules": {
            "version": r.ruleset_version,
            "date": r.ruleset_date.isoformat(),
            "fingerprint": r.ruleset_fingerprint,
            "profile": r.profile.name,
            "profile_chain": list(r.profile.chain),
            "provisional": r.profile.provisional,
            "engine": r.engine,
        },
        "plan": {
            "source": r.source,
            "carrier": r.carrier,
            "land": r.land,
            "period": r.period,
            "reference_date": r.reference_date.isoformat(),
            "sha256": r.plan_sha256,
            **_figures(r),
        },
        "summary": {**r.counts(), "exit_code": int(r.exit_code(strict)),
                    "listed": [s.value for s in listed]},
        "findings": [finding_dict(f) for f in r.listed(listed)],
    }


def failure_dict(f: Any) -> dict[str, Any]:
    """A plan that could not be checked: where and why, with exit code 2."""
    return {
        "schema_version": SCHEMA_VERSION,
        "mepcheck": __version__,
        "plan": {"source": f.source},
        "error": {
            "kind": "crash" if f.crash else "input",
            "message": f.crash,
            "issues": [{"file": i.file, "line": i.line, "column": i.column, "path": list(i.path),
                        **({"cell": _cell(i.cell)} if i.cell is not None else {}),
                        "message": i.message} for i in f.issues],
        },
        "summary": {"exit_code": 2},
    }


_SLOT = "\x00findings\x00"


def dumps(data: dict[str, Any]) -> str:
    """The JSON text of one plan: indented, with each finding on one line.

    One line per finding keeps large reports readable and searchable line by line,
    and lets the fast C encoder write the findings (an indented dump is pure Python
    and took most of the time of a JSON report)."""
    findings = data.get("findings")
    if not findings:
        return json.dumps(data, ensure_ascii=False, indent=2)
    text = json.dumps({**data, "findings": _SLOT}, ensure_ascii=False, indent=2)
    lines = ",\n".join("    " + json.dumps(f, ensure_ascii=False) for f in findings)
    return text.replace(json.dumps(_SLOT), "[\n" + lines + "\n  ]", 1)


def render(items: Sequence[Any], statuses: Collection[Status] | None = None) -> str:
    """One object for one plan; ``{"results": [...]}`` in input order for several plans.
    A plan that could not be checked appears with ``error`` instead of ``findings``."""
    from mepcheck.report import render as render_any

    return render_any(list(items), "json", statuses=statuses)
