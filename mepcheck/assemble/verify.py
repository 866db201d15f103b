"""``mepcheck verify DOC PLAN``: does a document belong to a plan, which rules made it, was it
changed afterwards?

The answer comes from the ``mepcheck.*`` document properties written at assembly
(:mod:`mepcheck.assemble.package`): the plan's SHA-256 is compared with the plan file, the
content digest (every part but the custom properties) and the text digest are recomputed.
A document saved again by Word keeps its text digest but not its content digest; any edit
of the text changes both. The digests guard against accidental or undeclared changes, not
against someone who recomputes them: they are not a signature.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mepcheck.exitcodes import ExitCode


class VerifyInputError(Exception):
    """Document or plan cannot be read (German message, exit code 2)."""


@dataclass
class VerifyReport:
    """The verdict of ``verify`` and the lines that explain it."""

    belongs: bool
    unchanged: bool
    text_unchanged: bool
    ruleset_installed: bool | None
    properties: dict[str, str]
    lines: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.OK if self.belongs and self.unchanged else ExitCode.FINDINGS


def plan_digest(path: Path) -> str:
    """SHA-256 of a plan file, computed exactly as the loader does (UTF-8, BOM removed)."""
    from mepcheck.loading.yamlsafe import MAX_BYTES

    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise VerifyInputError(f"{path}: Plan-Datei zu groß ({size} Bytes)")
        raw = path.read_bytes()
    except OSError as exc:
        raise VerifyInputError(f"{path}: nicht lesbar: {exc.strerror}") from None
    from mepcheck.workbook.formats import WORKBOOK_SUFFIXES

    if path.suffix.lower() in WORKBOOK_SUFFIXES:  # a workbook plan: digest of the file's bytes
        return hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise VerifyInputError(f"{path}: keine UTF-8-Datei") from None
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _read_document(path: Path) -> dict[str, bytes]:
    from mepcheck.assemble.archive import DOCUMENT_LIMITS, ArchiveRefused, check_archive
    from mepcheck.assemble.package import read_entries

    cap = DOCUMENT_LIMITS.max_file_bytes
    try:
        with path.open("rb") as handle:
            data = handle.read(cap + 1)
    except OSError as exc:
        raise VerifyInputError(f"{path}: nicht lesbar: {exc.strerror}") from None
    try:
        check_archive(data, DOCUMENT_LIMITS, what="Dokument")
    except ArchiveRefused as exc:
        raise VerifyInputError(f"{path}: {exc}") from None
    return read_entries(data)


def verify_document(document: Path, plan: Path) -> VerifyReport:
    """Compare ``document`` with ``plan`` and with its own recorded digests."""
    from mepcheck.assemble.package import content_digest, read_properties, text_digest
    from mepcheck.fmt import date as fmt_date

    entries = _read_document(document)
    props = read_properties(entries)
    if "plan_sha256" not in props or "content_sha256" not in props:
        raise VerifyInputError(f"{document}: kein von mepcheck erzeugtes Dokument "
                               "(die mepcheck-Eigenschaften fehlen)")
    actual_plan = plan_digest(plan)
    belongs = actual_plan == props["plan_sha256"]
    unchanged = content_digest(entries) == props["content_sha256"]
    text_unchanged = text_digest(entries) == props.get("text_sha256", "")
    lines = []
    if belongs:
        lines.append(f"Plan: passt – das Dokument wurde aus {plan.name} erzeugt "
                     f"(SHA-256 {actual_plan[:16]}…).")
    else:
        lines.append(f"Plan: passt NICHT – das Dokument wurde aus einem Plan mit SHA-256 "
                     f"{props['plan_sha256'][:16]}… erzeugt, {plan.name} hat "
                     f"{actual_plan[:16]}….")
    try:
        day = fmt_date(dt.date.fromisoformat(props.get("ruleset_date", "")))
    except ValueError:
        day = props.get("ruleset_date", "–")
    lines.append(f"Regelwerk: Version {props.get('ruleset_version', '–')} vom {day}, "
                 f"Fingerabdruck {props.get('ruleset_fingerprint', '–')}, Profil "
                 f"{props.get('profile', '–')} (mepcheck {props.get('version', '–')}).")
    installed = _installed_ruleset()
    same_rules: bool | None = None
    if installed is not None:
        same_rules = (installed[0] == props.get("ruleset_version")
                      and installed[1] == props.get("ruleset_fingerprint"))
        lines.append("  entspricht dem installierten Regelwerk." if same_rules else
                     f"  installiert ist ein anderes Regelwerk (Version {installed[0]}, "
                     f"Fingerabdruck {installed[1]}).")
    if unchanged:
        lines.append("Inhalt: unverändert seit der Erstellung.")
    elif text_unchanged:
        lines.append("Inhalt: Datei verändert (z. B. erneut gespeichert oder Formatierung "
                     "geändert), der Text ist unverändert.")
    else:
        lines.append("Inhalt: VERÄNDERT – der Text weicht vom erzeugten Dokument ab.")
    findings = props.get("findings_text")
    if findings:
        lines.append(f"Befunde bei der Erstellung: {findings}.")
    return VerifyReport(belongs=belongs, unchanged=unchanged, text_unchanged=text_unchanged,
                        ruleset_installed=same_rules, properties=props, lines=lines)


def _installed_ruleset() -> tuple[str, str] | None:
    try:
        from mepcheck.rulebase import load_rulebase

        base = load_rulebase()
    except Exception:
        return None
    return base.version, base.fingerprint


def report_json(report: VerifyReport) -> dict[str, Any]:
    """A machine-readable form (used by ``verify --json``)."""
    props = report.properties
    return {
        "belongs_to_plan": report.belongs,
        "unchanged": report.unchanged,
        "text_unchanged": report.text_unchanged,
        "ruleset": {"version": props.get("ruleset_version"), "date": props.get("ruleset_date"),
                    "fingerprint": props.get("ruleset_fingerprint"),
                    "profile": props.get("profile"), "installed": report.ruleset_installed},
        "plan_sha256": props.get("plan_sha256"),
        "findings": json.loads(props["findings"]) if props.get("findings") else None,
        "exit_code": int(report.exit_code),
    }
