"""Load a plan file: read, validate, cross-check; every problem reported at once."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from mepcheck.loading.errors import CellRef, PlanIssue, PlanLoadError
from mepcheck.loading.files import decode_text, read_input_bytes
from mepcheck.loading.messages import german_message
from mepcheck.loading.references import reference_issues, text_issues
from mepcheck.loading.yamlsafe import MAX_BYTES, Positions, ReadError, read_structured
from mepcheck.model import Plan


@dataclass(frozen=True)
class LoadedPlan:
    """A validated plan together with where it came from."""

    plan: Plan
    source: str
    sha256: str
    positions: Positions
    """Where each value stands: lines for YAML/JSON, sheets and cells for a workbook
    (``mepcheck.workbook.positions.CellPositions``, whose ``marks`` are empty)."""

    def line_of(self, loc: tuple) -> int | None:
        """Line of ``loc`` or its nearest ancestor in the file; ``None`` for the plan as a
        whole and for derived objects that are not in the file (e.g. projection years)."""
        for end in range(len(loc), 0, -1):
            hit = self.positions.marks.get(tuple(loc[:end]))
            if hit:
                return hit[0]
        return None

    def cell_of(self, loc: tuple) -> CellRef | None:
        """Sheet and cell of ``loc`` (or its nearest ancestor) in a workbook; ``None`` for
        YAML and JSON plans."""
        find_cell = getattr(self.positions, "find_cell", None)
        return find_cell(tuple(loc)) if find_cell else None


def _issue(source: str, positions: Positions, loc: tuple, message: str) -> PlanIssue:
    find_cell = getattr(positions, "find_cell", None)
    if find_cell is not None:
        return PlanIssue(source, None, None, loc, message, cell=find_cell(loc))
    line, col = positions.find(loc)
    return PlanIssue(source, line, col, loc, message)


def load_plan_text(text: str, source: str = "<plan>", *, is_json: bool | None = None) -> LoadedPlan:
    """Validate plan text; raise :class:`PlanLoadError` with all located issues."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if is_json is None:
        is_json = source.lower().endswith(".json")
    try:
        data, positions = read_structured(text, is_json=is_json, raw_numbers=True)
    except ReadError as exc:
        raise PlanLoadError([PlanIssue(source, exc.line, exc.column, exc.loc, exc.message)]) from None
    if not isinstance(data, dict):
        raise PlanLoadError([PlanIssue(source, 1, 1, (), "ein Plan ist ein Abschnitt mit "
                                       "'traeger', 'plan', 'schulen' …, keine Liste oder Zahl")])
    return plan_from_data(data, source, digest, positions)


def plan_from_data(data: dict, source: str, digest: str, positions: Positions,
                   issues: list[PlanIssue] | None = None) -> LoadedPlan:
    """Validate plain plan data (German keys) read from ``source``; every problem, including
    ``issues`` found while reading, is raised at once as :class:`PlanLoadError`."""
    issues = list(issues or ())
    plan: Plan | None = None
    try:
        plan = Plan.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            # pydantic appends the tag of a failed union member; keep the data path only
            loc = tuple(p for p in loc if not (isinstance(p, str) and p.startswith(("function-",))))
            issues.append(_issue(source, positions, loc, german_message(err)))
    for loc, message in reference_issues(data):
        issues.append(_issue(source, positions, loc, message))
    for loc, message in text_issues(data):
        issues.append(_issue(source, positions, loc, message))
    if issues or plan is None:
        raise PlanLoadError(issues)
    return LoadedPlan(plan=plan, source=source, sha256=digest, positions=positions)


def load_plan(path: str | Path) -> LoadedPlan:
    """Read and validate a plan file (``.yaml``, ``.yml`` or ``.json``)."""
    path = Path(path)
    name = str(path)
    suffix = path.suffix.lower()
    if path.is_dir():
        raise PlanLoadError([PlanIssue(name, None, None, (), "ist ein Ordner, keine Plan-Datei")])
    from mepcheck.workbook.formats import WORKBOOK_SUFFIXES

    if suffix in WORKBOOK_SUFFIXES:  # Excel/LibreOffice workbooks: mepcheck.workbook
        from mepcheck.workbook.reader import read_workbook_plan

        return read_workbook_plan(path)
    if suffix not in {".yaml", ".yml", ".json"}:
        if not path.exists():
            raise PlanLoadError([PlanIssue(name, None, None, (), "Datei nicht gefunden")])
        raise PlanLoadError([PlanIssue(name, None, None, (),
                                       "unbekanntes Format: erwartet .yaml, .yml, .json oder .xlsx")])
    raw = read_input_bytes(path, MAX_BYTES)
    text = decode_text(raw, name)
    return load_plan_text(text, name, is_json=suffix == ".json")
