"""check and assemble agree about what is missing.

Every example and plans generated from them (chapters and school data removed) are checked;
the gaps of the document's view model (chapters, budget table, life-cycle table, school data
sheets) must be exactly the open findings of the gap rules, and a rendered document must carry
one gap label per such finding.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from mepcheck.assemble.assembler import assemble_document
from mepcheck.assemble.gaps import GAP_RULES, gap_findings
from mepcheck.assemble.viewmodel import build_view_model
from mepcheck.assemble.viewmodel.wording import reader_text
from mepcheck.checker import CheckResult
from mepcheck.loading import load_plan, load_plan_text
from mepcheck.loading.errors import format_path
from mepcheck.rules.loader import default_rules_dir, load_rules
from tests.test_assemble_support import EXAMPLES, check, docx_text

Change = Callable[[dict[str, Any]], None]
_EXAMPLE = {p.stem: p for p in EXAMPLES}


def _drop(*keys: str) -> Change:
    def change(plan: dict[str, Any]) -> None:
        for key in keys:
            plan.pop(key, None)
    return change


def _drop_measures(plan: dict[str, Any]) -> None:
    plan.pop("massnahmen", None)
    for milestone in plan.get("meilensteine", []):
        milestone.pop("massnahmen", None)
    for procurement in plan.get("nachhaltigkeit", {}).get("beschaffungen", []):
        procurement.pop("massnahmen", None)
    plan["ausnahmen"] = [w for w in plan.get("ausnahmen", []) if "massnahme" not in w]


def _drop_services(plan: dict[str, Any]) -> None:
    plan.pop("dienste", None)
    for licence in plan.get("lizenzen", []):
        licence.pop("dienst", None)
    plan["ausnahmen"] = [w for w in plan.get("ausnahmen", []) if "dienst" not in w]


def _drop_school_keys(*keys: str, only_first: bool = False) -> Change:
    def change(plan: dict[str, Any]) -> None:
        for school in plan["schulen"][:1] if only_first else plan["schulen"]:
            for key in keys:
                school.pop(key, None)
    return change


def _no_dates(plan: dict[str, Any]) -> None:
    plan.pop("meilensteine", None)
    for m in plan.get("massnahmen", []):
        for key in ("beginn", "ende", "vertrag", "abnahme"):
            m.pop(key, None)


def _update_without_retrospective(plan: dict[str, Any]) -> None:
    plan["plan"]["art"] = "fortschreibung"
    plan.pop("rueckblick", None)


def _everything(plan: dict[str, Any]) -> None:
    for change in VARIANTS.values():
        change(plan)


VARIANTS: dict[str, Change] = {
    "ohne-rahmenbedingungen": _drop("rahmenbedingungen"),
    "fortschreibung-ohne-rueckblick": _update_without_retrospective,
    "ohne-bedarf": _drop("ziele", "beteiligung"),
    "ohne-massnahmen": _drop_measures,
    "ohne-betrieb": _drop("betrieb"),
    "ohne-qualifizierung": lambda p: (_drop("qualifizierung")(p),
                                      _drop_school_keys("fortbildungsplanung")(p)),
    "ohne-dienste": _drop_services,
    "ohne-nachhaltigkeit": _drop("nachhaltigkeit"),
    "ohne-haushalt": _drop("haushalt"),
    "ohne-folgekosten": _drop("folgekosten"),
    "ohne-termine": _no_dates,
    "ohne-monitoring": _drop("monitoring"),
    "ohne-bestand": _drop_school_keys("bestand", "bandbreite"),
    "ohne-konzepte": _drop_school_keys("medienkonzept", "einsatzkonzept"),
    "erste-schule-ohne-abdeckung": _drop_school_keys("abdeckung", only_first=True),
}

CASES: list[tuple[str, str | None]] = [(name, None) for name in sorted(_EXAMPLE)]
CASES += [("gemeinde-lindenau", v) for v in [*VARIANTS, "alles-entfernt"]]
CASES += [("freier-traeger-rosenstein", v) for v in ("ohne-haushalt", "ohne-folgekosten",
                                                     "ohne-dienste", "ohne-bestand")]


def _result(example: str, variant: str | None) -> CheckResult:
    path: Path = _EXAMPLE[example]
    if variant is None:
        return check(load_plan(path))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    (_everything if variant == "alles-entfernt" else VARIANTS[variant])(data)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return check(load_plan_text(text, f"{example}-{variant}.yaml"))


def _document_gaps(vm: dict[str, Any]) -> list[tuple[str, str]]:
    """(where, text) of every gap the view model marks."""
    gaps = [(f"chapter:{key}", ch["gap"]["missing"]) for key, ch in vm["chapters"].items()
            if ch["gap"]]
    for key in ("budget_gap", "lifecycle_gap"):
        gap = vm["finance"][key]
        if gap and not vm["chapters"]["finance"]["gap"]:  # shown only inside the chapter
            gaps.append((key, gap["missing"]))
    for school in vm["schools"]:
        gaps += [(f"school:{school['id']}", g["missing"]) for g in school["gaps"]]
    return gaps


def test_gap_rules_exist_and_speak_about_their_chapter() -> None:
    from mepcheck.assemble.chapters import BY_KEY

    rules = load_rules(default_rules_dir())
    for code, gap in GAP_RULES.items():
        assert code in rules, f"{code} is a gap rule but no rule file exists"
        assert rules[code].spec.chapter == BY_KEY[gap.chapter].number, code


@pytest.mark.parametrize(("example", "variant"), CASES,
                         ids=[f"{e}:{v or 'beispiel'}" for e, v in CASES])
def test_document_gaps_are_the_gap_findings(example: str, variant: str | None) -> None:
    result = _result(example, variant)
    findings = gap_findings(result.findings)
    vm = build_view_model(result)
    marked = _document_gaps(vm)
    # the same number of gaps, each carrying the message of one finding (and nothing else)
    assert len(marked) == len(findings), (marked, [(f.code, f.path) for f in findings])
    texts = sorted(text for _, text in marked)
    for f in findings:
        place = GAP_RULES[f.code].place
        # the document words the message for its reader (no plan keys)
        hit = [t for t in texts if reader_text(f.message) in t]
        assert hit, f"{f.code} at {format_path(f.path)} ({f.status.value}) has no gap: {texts}"
        texts.remove(hit[0])
        if place == "school":
            school = result.plan.schools[int(f.path[1])]
            assert (f"school:{school.id}", hit[0]) in marked
    assert not texts
    if variant in ("ohne-betrieb", "ohne-haushalt", "alles-entfernt"):
        assert findings, "the variant removes data, so some gap rule must fail"


def test_rendered_document_has_one_gap_label_per_gap_finding() -> None:
    result = _result("gemeinde-lindenau", "alles-entfernt")
    text = docx_text(assemble_document(result).docx)
    labels = re.findall(r"(?:Abschnitt|Angabe) fehlt – ", text)
    assert len(labels) == len(gap_findings(result.findings)) > 5
    for f in gap_findings(result.findings):
        assert f.code in text
