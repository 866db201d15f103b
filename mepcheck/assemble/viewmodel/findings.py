"""Findings in the view model: plain items, row markers, the index by row and chapter, Annex B."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from mepcheck.assemble.chapters import CHAPTER_SPECS, ChapterSpec
from mepcheck.assemble.gaps import is_gap
from mepcheck.assemble.viewmodel.common import OPEN, SOURCE_STATUS
from mepcheck.assemble.viewmodel.wording import reader_place, reader_text
from mepcheck.findings import Finding, Status
from mepcheck.fmt import date as fmt_date
from mepcheck.loading.errors import format_path
from mepcheck.rules.spec import FAMILIES
from mepcheck.types import Severity

_ROW_COLLECTIONS = ("massnahmen", "dienste", "haushalt", "folgekosten", "lizenzen",
                    "meilensteine", "projektion")
"""Plan collections whose items are table rows in the document (findings get a marker there)."""


def _marker(f: Finding) -> str:
    if f.status is Status.WAIVED:
        return f"Ausnahme {f.code}"
    if f.status is Status.UNDETERMINED:
        return f"nicht entscheidbar {f.code}"
    return f"{f.severity.label} {f.code}"


def _basis(f: Finding) -> str:
    parts = []
    for ref in f.legal_basis:
        text = ref.title + (f" {ref.paragraph}" if ref.paragraph else "")
        parts.append(f"{text} [{SOURCE_STATUS.get(ref.status, ref.status)}]")
    return "; ".join(parts)


def finding_item(f: Finding) -> dict[str, Any]:
    waiver = None
    if f.waiver is not None:
        waiver = (f"Ausnahme genehmigt von {f.waiver.approved_by}, gültig bis "
                  f"{fmt_date(f.waiver.until)}: {f.waiver.justification}")
    return {
        "code": f.code,
        "title": reader_text(f.title),
        "severity": f.severity.value,
        "severity_label": f.severity.label,
        "status": f.status.value,
        "status_label": f.status.label,
        "place": reader_place(f.subject) if f.subject else _path_place(f.path),
        "path": format_path(f.path),
        "line": f.line,
        "message": reader_text(f.message),
        "remedy": reader_text(f.remedy),
        "basis": _basis(f),
        "waiver": waiver,
        "provisional": f.provisional,
        "chapter": f.chapter,
        "family": FAMILIES.get(f.family, "Ausnahmen"),
        "marker": _marker(f),
    }


def _path_place(path: tuple[str | int, ...]) -> str:
    """A place without a subject: the plan, or the plan part in words (no key, no index)."""
    if not path:
        return "Plan insgesamt"
    from mepcheck.assemble.viewmodel.wording import field_title

    words = [field_title(str(p)) for p in path if not isinstance(p, int)]
    numbers = [str(p + 1) for p in path if isinstance(p, int)]
    return " › ".join(words) + (f" Nr. {'.'.join(numbers)}" if numbers else "")


def anchors(path: tuple[str | int, ...]) -> list[tuple[Any, ...]]:
    """The rows of the document a finding at ``path`` belongs to (none: the chapter)."""
    if len(path) >= 2 and path[0] == "schulen" and isinstance(path[1], int):
        keys: list[tuple[Any, ...]] = [("schulen", path[1])]
        if len(path) >= 4 and path[2] == "bestand" and isinstance(path[3], int):
            keys.append(("bestand", path[1], path[3]))
        return keys
    if len(path) >= 2 and path[0] in _ROW_COLLECTIONS and isinstance(path[1], int):
        return [(path[0], path[1])]
    if (len(path) >= 3 and path[0] == "nachhaltigkeit" and path[1] == "beschaffungen"
            and isinstance(path[2], int)):
        return [("beschaffungen", path[2])]
    if len(path) == 2 and path[0] == "foerderprogramme":
        return [("foerderprogramme", path[1])]
    return []


_COUNT_WORDS = (
    ("error", "failed", ("Fehler", "Fehler")),
    ("warning", "failed", ("Warnung", "Warnungen")),
    ("info", "failed", ("Hinweis", "Hinweise")),
    (None, "undetermined", ("nicht entscheidbar", "nicht entscheidbar")),
    (None, "waived", ("Ausnahme", "Ausnahmen")),
)


def count_marker(items: Sequence[dict[str, Any]]) -> str:
    """``2 Fehler, 1 Warnung``: the shortest marker."""
    parts = []
    for severity, status, (one, many) in _COUNT_WORDS:
        n = sum(1 for i in items if i["status"] == status
                and (severity is None or i["severity"] == severity))
        if n:
            parts.append(f"{n}\u00a0{one if n == 1 else many}")
    return ", ".join(parts)


def row_marker(items: Sequence[dict[str, Any]]) -> str:
    """Codes for one or two findings (``Fehler DP19-EIGENANTEIL``), counts for more."""
    if not items:
        return ""
    if len(items) <= 2:
        return "; ".join(i["marker"] for i in items)
    return f"{count_marker(items)} (Anlage B)"


FINDINGS_MODES = ("keine", "gruppiert", "vollstaendig")
"""How much of the findings a document's chapters show: ``keine`` (a clean copy for the
client: no finding in chapters, tables or gaps), ``gruppiert`` (the default: one block per
rule with the affected places and the remedy once) or ``vollstaendig`` (every finding with
its message where it occurs). Annex B always lists every finding."""

MAX_GROUP_PLACES = 12
"""A group block names up to this many places; the rest are counted (all are in Annex B)."""


def _places_text(places: Sequence[str]) -> str:
    unique = list(dict.fromkeys(places))
    if len(unique) <= MAX_GROUP_PLACES:
        return ", ".join(unique)
    rest = len(unique) - MAX_GROUP_PLACES
    return ", ".join(unique[:MAX_GROUP_PLACES]) + f" und {rest}\u00a0weitere (Anlage\u00a0B)"


def group_blocks(items: Sequence[dict[str, Any]], mode: str) -> list[dict[str, Any]]:
    """Findings as blocks for a chapter: per rule (``gruppiert``) or one per finding.

    A block names the rule (marker and title), how many places, the places, the message
    when there is just one, and the remedy once.
    """
    if mode == "keine" or not items:
        return []
    if mode == "vollstaendig":
        groups = [[i] for i in items]
    else:
        by_rule: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for item in items:
            by_rule.setdefault((item["code"], item["status"]), []).append(item)
        groups = list(by_rule.values())
    blocks = []
    for group in groups:
        first = group[0]
        n = len(group)
        remedy = next((i["remedy"] for i in group if i["remedy"]), "")
        blocks.append({
            "code": first["code"],
            "title": first["title"],
            "marker": first["marker"],
            "severity": first["severity"],
            "severity_label": first["severity_label"],
            "status": first["status"],
            "status_label": first["status_label"],
            "count": n,
            "count_text": f"{n}\u00a0Stelle{'' if n == 1 else 'n'}",
            "places": _places_text([i["place"] for i in group]),
            "message": first["message"] if n == 1 else None,
            "remedy": remedy if first["status"] in ("failed", "undetermined") else "",
            "waiver": first["waiver"] if n == 1 else None,
        })
    return blocks


class FindingIndex:
    """Open findings by the table row they concern, and by chapter for the rest."""

    def __init__(self, findings: Sequence[Finding], mode: str = "gruppiert"):
        self.mode = mode
        """How much of the findings the chapters show (see :data:`FINDINGS_MODES`)."""
        self.body = mode != "keine"
        self._items: dict[int, dict[str, Any]] = {}
        self._keep = findings  # the ids below stay valid while the findings live
        self.by_anchor: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
        self.by_chapter: dict[int, list[dict[str, Any]]] = defaultdict(list)
        self.gap_candidates: dict[int, list[dict[str, Any]]] = defaultdict(list)
        self.by_code: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.gaps: dict[tuple[str, tuple[str | int, ...]], dict[str, Any]] = {}
        """Findings that mark a gap (see :mod:`mepcheck.assemble.gaps`), by (code, path); they
        are shown as the gap, not again as markers."""
        self.open_by_chapter: dict[int, list[dict[str, Any]]] = defaultdict(list)
        # ``findings`` come sorted by (rule, path); a stable sort by severity keeps that order
        ordered = sorted(findings, key=lambda f: f.severity.rank)
        for f in ordered:
            if f.status not in OPEN:
                continue
            item = self.item(f)
            if self.body:
                self.by_code[f.code].append(item)
            if is_gap(f):  # a gap shows in every mode: it is about the plan, not a marker
                self.gaps[(f.code, tuple(f.path))] = item
                continue
            if not self.body:  # a clean copy: no finding in chapters, tables or gap lists
                continue
            self.open_by_chapter[f.chapter].append(item)
            if f.status is not Status.WAIVED:
                self.gap_candidates[f.chapter].append(item)
            keys = anchors(f.path)
            for key in keys:
                self.by_anchor[key].append(item)
            if not keys:
                self.by_chapter[f.chapter].append(item)

    def item(self, f: Finding) -> dict[str, Any]:
        """The plain form of ``f``, built once (a finding appears in several places)."""
        item = self._items.get(id(f))
        if item is None:
            item = self._items[id(f)] = finding_item(f)
        return item

    def gap(self, code: str, *path: str | int) -> dict[str, Any] | None:
        """The finding of gap rule ``code`` at ``path`` (the plan itself if empty), if open."""
        return self.gaps.get((code, tuple(path)))

    def gaps_for(self, codes: set[str], *path: str | int) -> list[dict[str, Any]]:
        return [item for (code, at), item in sorted(self.gaps.items())
                if code in codes and at == tuple(path)]

    def at(self, *key: Any) -> list[dict[str, Any]]:
        return list(self.by_anchor.get(tuple(key), ()))

    def under(self, collection: str) -> list[dict[str, Any]]:
        """Every finding anchored in one collection (e.g. all budget years), in order."""
        keys = sorted(k for k in self.by_anchor if k[0] == collection)
        return [item for k in keys for item in self.by_anchor[k]]

    @staticmethod
    def marker(items: Sequence[dict[str, Any]]) -> str:
        return row_marker(items)

    @staticmethod
    def chapter_markers(items: Sequence[dict[str, Any]]) -> dict[str, str]:
        return {spec.key: row_marker([i for i in items if i["chapter"] == spec.number])
                for spec in CHAPTER_SPECS}

    def chapter_groups(self, number: int) -> list[dict[str, Any]]:
        """The blocks a chapter shows: per rule over all its open findings (``gruppiert``),
        or each finding not shown at a table row (``vollstaendig``)."""
        if self.mode == "vollstaendig":
            return group_blocks(self.by_chapter.get(number, ()), self.mode)
        return group_blocks(self.open_by_chapter.get(number, ()), self.mode)

    def groups(self, items: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        return group_blocks(items, self.mode)

    def for_gap(self, spec: ChapterSpec) -> list[dict[str, Any]]:
        seen: dict[tuple[str, str], dict[str, Any]] = {}
        for item in self.gap_candidates.get(spec.number, ()):
            seen[(item["code"], item["path"])] = item
        for code in spec.rules:
            for item in self.by_code.get(code, ()):
                if item["status"] != "waived":
                    seen.setdefault((item["code"], item["path"]), item)
        return sorted(seen.values(), key=lambda i: (
            {"error": 0, "warning": 1, "info": 2}[i["severity"]], i["code"], i["path"]))


def count_findings(findings: Sequence[Finding]) -> dict[str, int]:
    by = defaultdict(int)
    for f in findings:
        by[f.status] += 1
    failed = [f for f in findings if f.status is Status.FAILED]
    return {
        "total": len(findings),
        "open": sum(1 for f in findings if f.status in OPEN),
        "failed": by[Status.FAILED],
        "passed": by[Status.PASSED],
        "waived": by[Status.WAIVED],
        "undetermined": by[Status.UNDETERMINED],
        "not_applicable": by[Status.NOT_APPLICABLE],
        "errors": sum(1 for f in failed if f.severity is Severity.ERROR),
        "warnings": sum(1 for f in failed if f.severity is Severity.WARNING),
        "infos": sum(1 for f in failed if f.severity is Severity.INFO),
    }


def build_findings_annex(findings: Sequence[Finding], index: FindingIndex) -> dict[str, Any]:
    open_ = [f for f in findings if f.status in OPEN]
    groups = []
    for spec in CHAPTER_SPECS:
        in_chapter = [f for f in open_ if f.chapter == spec.number]
        if not in_chapter:
            continue
        severities = []
        for sev in Severity:
            items = [f for f in in_chapter if f.severity is sev]
            if items:
                severities.append({"severity": sev.value, "label": _SEVERITY_PLURAL[sev],
                                   "findings": [index.item(f) for f in items]})
        groups.append({"number": spec.number, "title": spec.title,
                       "heading": f"Kapitel {spec.heading}", "count": len(in_chapter),
                       "severities": severities})
    evidence: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        if f.status not in OPEN:
            evidence[(f.code, f.status.value)].append(f)
    rows = []
    for (code, _status_value), items in sorted(evidence.items()):
        rows.append({"code": code, "title": reader_text(items[0].title),
                     "status_label": items[0].status.label,
                     "count": len(items), "places": _places(items)})
    return {
        "counts": count_findings(findings),
        "groups": groups,
        "evidence": rows,
        "all": [index.item(f) for f in sorted(findings, key=lambda f: f.chapter)],
        "technical": [index.item(f) for f in open_],
    }


_SEVERITY_PLURAL = {Severity.ERROR: "Fehler", Severity.WARNING: "Warnungen",
                    Severity.INFO: "Hinweise"}


MAX_PLACES = 10
"""Up to this many places of a passed check are named; above, they are counted by kind."""


_PLACE_KINDS = {
    "schulen": ("Schule", "Schulen"), "bestand": ("Bestandsposition", "Bestandspositionen"),
    "massnahmen": ("Maßnahme", "Maßnahmen"), "dienste": ("Dienst", "Dienste"),
    "haushalt": ("Haushaltsjahr", "Haushaltsjahre"),
    "folgekosten": ("Gerätekategorie", "Gerätekategorien"),
    "lizenzen": ("Lizenz", "Lizenzen"), "projektion": ("Projektionsjahr", "Projektionsjahre"),
    "beschaffungen": ("Beschaffung", "Beschaffungen"),
    "meilensteine": ("Meilenstein", "Meilensteine"),
}


def _place_kind(path: tuple[str | int, ...]) -> str:
    keys = anchors(path)
    if not keys:
        return "Plan" if not path else str(path[0])
    return str(keys[-1][0])


def _places(items: Sequence[Finding]) -> str:
    """The places of passed or not applicable checks: named, or counted by kind when many
    (the JSON report lists each one; the document stays readable for 400 schools)."""
    if len(items) <= MAX_PLACES:
        return ", ".join(reader_place(f.subject) if f.subject else _path_place(f.path)
                         for f in items)
    kinds: dict[str, int] = defaultdict(int)
    for f in items:
        kinds[_place_kind(f.path)] += 1
    parts = []
    for kind, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])):
        one, many = _PLACE_KINDS.get(kind, (kind, kind))
        parts.append(f"{n} {one if n == 1 else many}")
    return "; ".join(parts)
