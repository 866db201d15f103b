"""Meta-tests over the whole rule corpus: each collects every offender and fails once."""

from __future__ import annotations

import yaml

from mepcheck.rulebase import load_rulebase
from mepcheck.rules.cases import case_files
from mepcheck.rules.profiles import resolve_profile
from mepcheck.rules.spec import FAMILIES
from tests.conftest import ROOT

BASE = load_rulebase()


def test_rules_load_and_codes_unique() -> None:
    codes = [r.spec.code for r in BASE.rules.values()]
    assert len(codes) == len(set(codes))
    assert codes, "no rules loaded"


def test_folder_matches_family_and_file_name_matches_code() -> None:
    offenders = [
        str(r.path) for r in BASE.rules.values()
        if r.path.parent.name != r.spec.family or r.path.stem != r.spec.code
    ]
    assert not offenders


def test_every_family_has_rules() -> None:
    present = {r.spec.family for r in BASE.rules.values()}
    assert present == set(FAMILIES)


def test_every_rule_has_a_wellformed_source() -> None:
    offenders = [
        r.spec.code for r in BASE.rules.values()
        if not r.spec.legal_basis or any(not s.url.startswith(("http://", "https://"))
                                          for s in r.spec.legal_basis)
    ]
    assert not offenders


def test_every_rule_has_its_documentation_sections() -> None:
    offenders = []
    for rule in BASE.rules.values():
        docs = rule.spec.docs
        for section in ("checks", "why", "violating", "satisfying", "limitations"):
            if len(getattr(docs, section).strip()) < 5:
                offenders.append(f"{rule.spec.code}.{section}")
    assert not offenders


def test_every_rule_has_a_failing_and_a_passing_case() -> None:
    statuses: dict[str, set[str]] = {}
    for path in case_files(ROOT / "rules"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            for expect in case.get("expect", []):
                statuses.setdefault(data["rule"], set()).add(expect["status"])
    offenders = [
        code for code in BASE.rules
        if not {"failed", "passed"} <= statuses.get(code, set())
        and not (BASE.rules[code].spec.provisional and "failed" in statuses.get(code, set()))
    ]
    assert not offenders, f"rules without a failing and a passing case: {offenders}"


def test_case_files_name_existing_rules() -> None:
    offenders = []
    for path in case_files(ROOT / "rules"):
        rule = yaml.safe_load(path.read_text(encoding="utf-8"))["rule"]
        if rule not in BASE.rules or path.name != f"{rule}.cases.yaml":
            offenders.append(path.name)
    assert not offenders


def test_unverified_thresholds_are_options_with_status() -> None:
    offenders = [
        f"{r.spec.code}.{name}" for r in BASE.rules.values()
        for name, opt in r.spec.options.items()
        if opt.source is None and opt.land_param is None
    ]
    assert not offenders


def test_error_severity_only_on_verified_or_secondary_sources() -> None:
    """An unverified source never carries an error on its own."""
    offenders = [
        r.spec.code for r in BASE.rules.values()
        if r.spec.severity.value == "error"
        and all(s.status.value == "unverified" for s in r.spec.legal_basis)
    ]
    assert not offenders


def test_every_profile_resolves() -> None:
    for name, spec in BASE.profiles.items():
        resolved = resolve_profile(name, BASE.profiles, BASE.rules, BASE.land_table,
                                   spec.land.value if spec.land else "NW")
        assert resolved.codes, name


def test_deprecated_rules_are_not_loaded() -> None:
    deprecated = {p.stem for p in (ROOT / "rules" / "_deprecated").glob("*.yaml")}
    assert not deprecated & set(BASE.rules)
