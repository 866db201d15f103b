"""SARIF 2.1.0 output (for code-scanning tools): one run per plan."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from mepcheck import __version__
from mepcheck.checker import CheckResult
from mepcheck.findings import Status

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def run(r: CheckResult, statuses: Collection[Status] | None = None) -> dict[str, Any]:
    """One SARIF run: failed, undetermined and waived findings (as far as ``statuses`` lists them)."""
    codes = sorted({f.code for f in r.findings})
    by_code = {f.code: f for f in r.findings}
    rules = []
    for code in codes:
        f = by_code[code]
        rules.append({
            "id": code,
            "name": code,
            "shortDescription": {"text": f.title},
            "helpUri": f.legal_basis[0].url if f.legal_basis else None,
            "defaultConfiguration": {"level": _LEVEL[f.severity.value]},
            "properties": {"family": f.family, "chapter": f.chapter},
        })
    results = []
    for f in r.findings:
        if f.status not in (Status.FAILED, Status.UNDETERMINED, Status.WAIVED, Status.ACCEPTED):
            continue
        if statuses is not None and f.status not in statuses:
            continue
        region = {"startLine": f.line} if f.line else {"startLine": 1}
        location: dict[str, Any] = {
            "physicalLocation": {"artifactLocation": {"uri": _uri(r.source)}, "region": region},
            "logicalLocations": [{"fullyQualifiedName": f.element or f.path_text,
                                  "name": f.path_text}],
        }
        message = f.message
        if f.cell is not None:  # a workbook has no lines: the sheet and cell say where
            location["properties"] = {  # as in the JSON report: no cell for a whole row
                "sheet": f.cell.sheet, "row": f.cell.row,
                "cell": f"{f.cell.column}{f.cell.row}" if f.cell.column else None}
            message += f" [{f.cell}]"
        item: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": codes.index(f.code),
            "level": "error" if f.status is Status.UNDETERMINED else _LEVEL[f.severity.value],
            "message": {"text": message},
            "locations": [location],
            # code-scanning tools match results across runs by this, not by the position
            "partialFingerprints": {"mepcheckElement/v1": f"{f.code}:{f.element or f.path_text}"},
            "properties": {"status": f.status.value, "params": f.params_json()},
        }
        if f.status is Status.ACCEPTED and f.acceptance:
            item["suppressions"] = [{"kind": "external", "status": "accepted",
                                     "justification": f"{f.acceptance.reason} ({f.acceptance.reviewer})"}]
        if f.status is Status.WAIVED and f.waiver:
            item["suppressions"] = [{"kind": "external", "justification": f.waiver.justification}]
        results.append(item)
    return {
        "tool": {"driver": {"name": "mepcheck", "version": __version__,
                            "informationUri": "https://example.invalid/mepcheck",
                            "rules": rules}},
        "automationDetails": {"id": f"mepcheck/{r.profile.name}/{r.plan_sha256[:12]}"},
        "properties": {"ruleset_version": r.ruleset_version, "profile": r.profile.name},
        "results": results,
    }


def _uri(source: str) -> str:
    path = Path(source)
    return path.as_uri() if path.is_absolute() else source


def failure_run(f: Any) -> dict[str, Any]:
    results = [{
        "ruleId": "MEP-INPUT",
        "level": "error",
        "message": {"text": message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(f.source)},
                                            "region": {"startLine": line}}}],
    } for message, line in ([(str(i), i.line or 1) for i in f.issues] or [(f.crash or "", 1)])]
    return {
        "tool": {"driver": {"name": "mepcheck", "version": __version__,
                            "informationUri": "https://example.invalid/mepcheck",
                            "rules": [{"id": "MEP-INPUT",
                                       "shortDescription": {"text": "Plan nicht prüfbar"}}]}},
        "invocations": [{"executionSuccessful": False}],
        "results": results,
    }


def render(items: Sequence[Any]) -> str:
    payload = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run(i) if isinstance(i, CheckResult) else failure_run(i) for i in items],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
