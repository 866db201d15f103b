"""Accepted findings of a funding agency (a baseline), as ruff, semgrep and checkov offer.

A baseline file lists findings the Bewilligungsstelle has reviewed and accepted, each
with rule code, element key, reason, reviewer, date and an optional expiry::

    version: 1
    akzeptiert:
      - regel: DP19-TPEK
        element: schulen[gs-am-bach]
        traeger: Gemeinde Lindenau     # optional: only for this Schulträger
        grund: Einsatzkonzept liegt der Bewilligungsstelle in Papierform vor
        pruefer: M. Beispiel
        datum: 2026-12-01
        gueltig_bis: 2027-06-30        # optional

``check --baseline`` reports a matching failed finding with the status "akzeptiert"
(visible and counted, never dropped; it does not count towards exit code 1). An
expired entry is not applied; an entry that matches nothing is stale. Both are
reported. Plan-side waivers (``ausnahmen``) are the Schulträger's, approved and part
of the plan; a baseline is the agency's own record and never changes the plan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mepcheck.findings import AcceptanceNote, Finding, Status
from mepcheck.types import RuleCode

BASELINE_VERSION = 1


class BaselineError(Exception):
    """A baseline file cannot be read; ``problems`` are German, with file and line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class Entry(BaseModel):
    """One accepted finding."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    rule: RuleCode = Field(alias="regel", description="Regelcode des Befunds")
    element: str = Field(min_length=1, description="stabiler Elementschlüssel des Befunds")
    carrier: str | None = Field(None, alias="traeger",
                                description="nur für diesen Schulträger (leer = für jeden Plan)")
    reason: str = Field(alias="grund", min_length=3, description="warum der Befund akzeptiert ist")
    reviewer: str = Field(alias="pruefer", min_length=2, description="wer ihn akzeptiert hat")
    date: dt.date = Field(alias="datum", description="wann")
    until: dt.date | None = Field(None, alias="gueltig_bis", description="gilt bis einschließlich")

    def applies_to(self, code: str, element: str, carrier: str) -> bool:
        return (self.rule == code and self.element == element
                and (self.carrier is None or self.carrier == carrier))

    def describe(self) -> str:
        who = f" ({self.carrier})" if self.carrier else ""
        return f"{self.rule} {self.element}{who}"


class BaselineFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    version: int = Field(BASELINE_VERSION, ge=1, le=BASELINE_VERSION)
    entries: list[Entry] = Field(default_factory=list, alias="akzeptiert")


@dataclass(frozen=True)
class Baseline:
    """A loaded baseline, split at ``today`` into active and expired entries."""

    source: str
    entries: tuple[Entry, ...]
    today: dt.date

    @property
    def active(self) -> tuple[tuple[int, Entry], ...]:
        return tuple((i, e) for i, e in enumerate(self.entries) if e.until is None or e.until >= self.today)

    @property
    def expired(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.until is not None and e.until < self.today)

    def stale(self, used: set[int]) -> tuple[Entry, ...]:
        """Active entries that matched no finding of the run."""
        return tuple(e for i, e in self.active if i not in used)


def read_baseline(path: Path, today: dt.date | None = None) -> Baseline:
    """Read and validate a baseline file; raise :class:`BaselineError` (German, located)."""
    from mepcheck.loading.errors import format_path
    from mepcheck.loading.messages import german_message
    from mepcheck.loading.yamlsafe import ReadError, read_structured

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BaselineError([f"{path}: Baseline-Datei nicht gefunden"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError([f"{path}: nicht lesbar ({exc})"]) from None
    try:
        data, positions = read_structured(text, is_json=path.suffix.lower() == ".json")
    except ReadError as exc:
        raise BaselineError([f"{path}:{exc.line or 0}: {exc.message}"]) from None
    if data is None:
        data = {}
    try:
        parsed = BaselineFile.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            line = positions.find(loc)[0] if hasattr(positions, "find") else None
            problems.append(f"{path}:{line or 0} {format_path(loc)}: {german_message(error)}")
        raise BaselineError(problems) from None
    return Baseline(str(path), tuple(parsed.entries), today or dt.date.today())


def apply_baseline(findings: tuple[Finding, ...], carrier: str,
                   baseline: Baseline) -> tuple[tuple[Finding, ...], tuple[int, ...]]:
    """Mark failed findings that an active entry names as accepted.

    Returns the findings and the indices of the entries that matched."""
    active = baseline.active
    if not active:
        return findings, ()
    index: dict[tuple[str, str], list[tuple[int, Entry]]] = {}
    for i, entry in active:
        index.setdefault((entry.rule, entry.element), []).append((i, entry))
    used: set[int] = set()
    out = []
    for f in findings:
        if f.status is Status.FAILED:
            for i, entry in index.get((f.code, f.element), ()):
                if entry.applies_to(f.code, f.element, carrier):
                    f = replace(f, status=Status.ACCEPTED, acceptance=AcceptanceNote(
                        entry.reason, entry.reviewer, entry.date, entry.until, baseline.source))
                    used.add(i)
                    break
        out.append(f)
    return tuple(out), tuple(sorted(used))


def baseline_entries(results: list[dict[str, Any]], *, reason: str, reviewer: str,
                     on: dt.date, until: dt.date | None, per_carrier: bool,
                     statuses: tuple[str, ...] = ("failed",)) -> list[dict[str, Any]]:
    """Baseline entries for the failed findings of earlier JSON results (one per plan)."""
    entries: dict[tuple[str, str, str], dict[str, Any]] = {}
    for result in results:
        carrier = (result.get("plan") or {}).get("carrier") or ""
        for f in result.get("findings") or ():
            if f.get("status") not in statuses:
                continue
            element = f.get("element") or f.get("path_text")
            entry: dict[str, Any] = {"regel": f["code"], "element": element}
            if per_carrier and carrier:
                entry["traeger"] = carrier
            entry.update({"grund": reason, "pruefer": reviewer, "datum": on})
            if until is not None:
                entry["gueltig_bis"] = until
            entries[(carrier if per_carrier else "", f["code"], element)] = entry
    return [entries[k] for k in sorted(entries)]


def dump_baseline(entries: list[dict[str, Any]], comment: str) -> str:
    """The YAML text of a baseline file (dates as ISO dates, German keys)."""
    import yaml

    class _Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:  # one date on every entry: no &id001
            return True

    head = "".join(f"# {line}\n" for line in comment.splitlines())
    body = yaml.dump({"version": BASELINE_VERSION, "akzeptiert": entries}, Dumper=_Dumper,
                     allow_unicode=True, sort_keys=False, width=100)
    return head + body
