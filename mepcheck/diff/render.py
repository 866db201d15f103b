"""``mepcheck diff`` output: German text for people, JSON for integrations."""

from __future__ import annotations

import json
from typing import Any

from mepcheck import __version__
from mepcheck.diff.findings import Pair, severity_direction
from mepcheck.diff.model import PlanDiff

DIFF_SCHEMA_VERSION = 1

_SEVERITY = {"error": "Fehler", "warning": "Warnung", "info": "Hinweis"}
_STATUS = {"failed": "nicht erfüllt", "passed": "erfüllt", "not_applicable": "nicht anwendbar",
           "undetermined": "nicht entscheidbar", "waived": "Ausnahme genehmigt",
           "accepted": "akzeptiert"}


def _line(pair: Pair, side: str) -> str:
    record = pair.new if side == "new" else pair.old
    assert record is not None
    severity = _SEVERITY.get(record.severity, record.severity)
    if record.status != "failed":
        severity = _STATUS.get(record.status, record.status)
    return f"  {record.code} {record.element} [{severity}]: {record.message}"


def _brief(pair: Pair) -> str:
    assert pair.new is not None
    label = _SEVERITY.get(pair.new.severity) if pair.new.status == "failed" else \
        _STATUS.get(pair.new.status, pair.new.status)
    return f"  {pair.new.code} {pair.new.element} [{label}]"


def _resolved(pair: Pair) -> str:
    assert pair.old is not None
    how = ("Element entfallen" if pair.new is None
           else _STATUS.get(pair.new.status, pair.new.status))
    return f"  {pair.old.code} {pair.old.element} [{_SEVERITY.get(pair.old.severity, '')}] – jetzt: {how}"


def _changed(pair: Pair) -> str:
    assert pair.old and pair.new
    direction = severity_direction(pair)
    old = _SEVERITY.get(pair.old.severity) if pair.old.status == "failed" else _STATUS[pair.old.status]
    new = _SEVERITY.get(pair.new.severity) if pair.new.status == "failed" else _STATUS[pair.new.status]
    return f"  {pair.new.code} {pair.new.element}: {old} → {new} ({direction}): {pair.new.message}"


def render_text(diff: PlanDiff) -> str:
    f = diff.findings
    out = [f"Vergleich: {diff.old.source} (alt) → {diff.new.source} (neu)"]
    if diff.new.carrier:
        out.append(f"Schulträger: {diff.new.carrier}")
    out.append("")
    out.append(f"Befunde: {len(f.resolved)} erledigt, {len(f.new)} neu, {len(f.still_open)} weiter offen, "
               f"{len(f.severity_changed)} mit geänderter Schwere; {len(f.new_errors)} neue Fehler.")
    sections = (
        ("Neu", [_line(p, "new") for p in f.new]),
        ("Schwere oder Status geändert", [_changed(p) for p in f.severity_changed]),
        ("Erledigt", [_resolved(p) for p in f.resolved]),
        ("Weiter offen", [_brief(p) for p in f.still_open]),
    )
    for title, lines in sections:
        if lines:
            out += ["", f"{title} ({len(lines)}):", *lines]
    if diff.changes is not None:
        out += ["", f"Änderungen am Plan ({len(diff.changes)}):"]
        out += [f"  {c.text()}" for c in diff.changes] or ["  keine"]
    for note in diff.notes:
        out += ["", f"Hinweis: {note}"]
    return "\n".join(out) + "\n"


def diff_dict(diff: PlanDiff) -> dict[str, Any]:
    f = diff.findings
    return {
        "schema_version": DIFF_SCHEMA_VERSION,
        "kind": "mepcheck-diff",
        "mepcheck": __version__,
        "old": diff.old.summary(),
        "new": diff.new.summary(),
        "summary": diff.summary(),
        "findings": {
            "new": [p.as_dict() for p in f.new],
            "severity_changed": [p.as_dict() for p in f.severity_changed],
            "resolved": [p.as_dict() for p in f.resolved],
            "still_open": [p.as_dict() for p in f.still_open],
        },
        "plan_changes": None if diff.changes is None else [c.as_dict() for c in diff.changes],
        "notes": list(diff.notes),
    }


def render(diff: PlanDiff, fmt: str = "text") -> str:
    if fmt == "json":
        return json.dumps(diff_dict(diff), ensure_ascii=False, indent=2) + "\n"
    return render_text(diff)
