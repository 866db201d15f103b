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


# --- severity policy (docs/schweregrade.md) -------------------------------------------------

def _resolved_everywhere():  # type: ignore[no-untyped-def]
    """Every profile resolved for every Land it can be used in (Land profiles: their Land)."""
    from mepcheck.types import Land

    for name, spec in BASE.profiles.items():
        lands = [spec.land.value] if spec.land else [land.value for land in Land]
        for land in lands:
            yield land, resolve_profile(name, BASE.profiles, BASE.rules, BASE.land_table, land)


def _option_status(code: str, option: str, land: str, profile) -> str:  # type: ignore[no-untyped-def]
    """The verification status of an option's value for a Land, computed from the raw data."""
    opt = BASE.rules[code].spec.options[option]
    if option in _profile_overrides(profile).get(code, {}):
        return "unverified"  # profiles carry no source
    if opt.land_param:
        entry = BASE.land_table.params[opt.land_param].values.get(land)  # type: ignore[call-overload]
        if entry is not None:
            return entry.source.status.value
    return opt.source.status.value if opt.source else "unverified"


def _profile_overrides(profile) -> dict:  # type: ignore[no-untyped-def]
    out: dict = {}
    for name in profile.chain:
        for code, values in BASE.profiles[name].options.items():
            out.setdefault(code, {}).update(values)
    return out


def test_error_only_with_a_verified_basis_and_verified_deciding_values_for_the_land() -> None:
    """`error` only where a verified source holds for the plan's Land and every option the
    condition compares has a verified value there; everything else is at most a warning."""
    from mepcheck.rules.severity import condition_options

    offenders = set()
    for land, profile in _resolved_everywhere():
        for code in profile.codes:
            if profile.severity[code].value != "error":
                continue
            spec = BASE.rules[code].spec
            basis = [s for s in spec.legal_basis if s.status.value == "verified"
                     and (not s.lands or land in {x.value for x in s.lands})]
            if not basis:
                offenders.add(f"{code} in {land}: keine verifizierte Quelle für das Land")
            for option in sorted(condition_options(spec.condition) & set(spec.options)):
                status = _option_status(code, option, land, profile)
                if status != "verified":
                    offenders.add(f"{code} in {land}: Option {option} nur {status}")
    assert not offenders, sorted(offenders)


def test_lowered_severity_says_why() -> None:
    offenders = {
        f"{code} in {land}" for land, profile in _resolved_everywhere() for code in profile.codes
        if BASE.rules[code].spec.severity.value == "error" and code not in profile.severity_notes
        and profile.severity[code].value != "error" and code not in
        {c for n in profile.chain for c in BASE.profiles[n].severity}
    }
    assert not offenders, sorted(offenders)


def test_an_error_rule_is_an_error_somewhere() -> None:
    """A rule file that says `error` must be an error in at least one Land; otherwise the file
    overstates its source (write `warning` and explain it in the docs)."""
    errors_somewhere = {code for _, profile in _resolved_everywhere() for code in profile.codes
                        if profile.severity[code].value == "error"}
    offenders = [code for code, rule in BASE.rules.items()
                 if rule.spec.severity.value == "error" and code not in errors_somewhere]
    assert not offenders, offenders


def test_land_specific_sources_name_their_lands() -> None:
    """In a rule for one or a few Länder every source is read for those; in a rule for all
    Länder a source that carries `lands` must name Länder the rule can run in."""
    offenders = [
        f"{code}: {s.title[:40]}" for code, rule in BASE.rules.items() for s in rule.spec.legal_basis
        if s.lands and rule.spec.lands and not {x.value for x in s.lands} <= {x.value for x in rule.spec.lands}
    ]
    assert not offenders, offenders


def _judged_fields(spec) -> frozenset[str]:  # type: ignore[no-untyped-def]
    """The fact fields a condition compares (not mere presence checks)."""
    found: set[str] = set()

    def walk(node) -> None:  # type: ignore[no-untyped-def]
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("all", "any", "none"):
                    for item in value:
                        walk(item)
                elif key in ("exists", "missing"):
                    continue
                elif isinstance(value, dict):
                    found.update(value)
    walk(spec.condition)
    return frozenset(found)


def _runs_in(code: str, land: str, profile) -> bool:  # type: ignore[no-untyped-def]
    """False if the rule's applies_when excludes the Land outright (a top-level test on `land`)."""
    spec = BASE.rules[code].spec
    node = spec.applies_when or {}
    items = node.get("all", [node]) if isinstance(node, dict) else []
    options = profile.options.get(code, {})
    for item in items:
        for op in ("in", "not_in", "equals"):
            test = item.get(op, {}) if isinstance(item, dict) else {}
            if "land" not in test:
                continue
            value = test["land"]
            if isinstance(value, dict) and "option" in value:
                value = options[value["option"]]
            values = value if isinstance(value, list) else [value]
            if (op == "not_in") == (land in values):
                return False
    return True


def test_no_two_rules_judge_the_same_fact_with_different_severities() -> None:
    """Rules that judge the same matter – declared with the same `judges` key, or comparing the
    same fields of the same fact type under the same applicability – must have the same
    severity in every Land where both run."""
    import json

    offenders = set()
    for land, profile in _resolved_everywhere():
        seen: dict[object, str] = {}
        for code in profile.codes:
            if not _runs_in(code, land, profile):
                continue
            spec = BASE.rules[code].spec
            keys: list[object] = [("judges", key) for key in spec.judges]
            if _judged_fields(spec):
                keys.append((spec.scope, _judged_fields(spec),
                             json.dumps(spec.applies_when, sort_keys=True, default=str)))
            for key in keys:
                other = seen.setdefault(key, code)
                if other != code and profile.severity[other] != profile.severity[code]:
                    offenders.add(f"{other}/{code} in {land} ({key})")
    assert not offenders, sorted(offenders)


def test_judges_keys_are_shared() -> None:
    """A `judges` key names a matter more than one rule touches; a lone key is a typo."""
    from collections import Counter

    counts = Counter(key for rule in BASE.rules.values() for key in rule.spec.judges)
    assert not [key for key, n in counts.items() if n < 2], counts


# --- changelog (rules/CHANGELOG.yaml) -------------------------------------------------------

def test_changelog_matches_the_rule_set() -> None:
    from mepcheck.rules.changelog import ChangeKind, load_changelog

    log = load_changelog(ROOT / "rules")
    assert log.versions[0].version == BASE.version, "newest changelog version != ruleset.yaml"
    assert log.versions[0].date == BASE.date
    keys = [v.key for v in log.versions]
    assert keys == sorted(keys, reverse=True) and len(set(keys)) == len(keys)
    deprecated = {p.stem for p in (ROOT / "rules" / "_deprecated").glob("*.yaml")}
    offenders = []
    for version in log.versions:
        for change in version.changes:
            if change.rule.startswith("param:"):
                if change.rule[6:] not in BASE.land_table.params:
                    offenders.append(f"{version.version} {change.rule}: Landesparameter fehlt")
            elif change.kind is ChangeKind.REMOVED:
                if change.rule in BASE.rules or change.rule not in deprecated:
                    offenders.append(f"{version.version} {change.rule}: entfernt, aber nicht in _deprecated")
            elif change.rule not in BASE.rules:
                offenders.append(f"{version.version} {change.rule}: Regel gibt es nicht")
            if change.kind is ChangeKind.SEVERITY and not (change.severity_from and change.severity_to):
                offenders.append(f"{version.version} {change.rule}: Schwereänderung ohne from/to")
    assert not offenders, offenders


def test_every_rule_is_in_the_changelog() -> None:
    """A rule is in the first version's baseline or recorded as added in its version, so
    that `rules changes --seit` shows every rule an agency has not seen before."""
    from mepcheck.rules.changelog import ChangeKind, load_changelog

    log = load_changelog(ROOT / "rules")
    known = {code for v in log.versions for code in v.baseline}
    known |= {c.rule for v in log.versions for c in v.changes if c.kind is ChangeKind.ADDED}
    missing = sorted(set(BASE.rules) - known)
    assert not missing, f"rules/CHANGELOG.yaml: not recorded as added: {missing}"
    assert all(not v.baseline for v in log.versions[:-1]), "only the oldest version has a baseline"


def test_changelog_severity_changes_hold_today() -> None:
    """The newest severity change of a rule states what the rule does now in those Länder."""
    import datetime as dt

    from mepcheck.rules.changelog import ChangeKind, load_changelog
    from mepcheck.rules.profiles import default_profile_name
    from mepcheck.types import Land

    latest: dict[str, object] = {}
    for version in reversed(load_changelog(ROOT / "rules").versions):
        for change in version.changes:
            if change.kind is ChangeKind.SEVERITY and change.rule in BASE.rules:
                latest[change.rule] = change
    offenders = []
    for code, change in latest.items():
        lands = change.lands or [x.value for x in Land]  # type: ignore[attr-defined]
        for land in lands:
            name = default_profile_name(BASE.profiles, land, dt.date(2024, 1, 1))
            profile = resolve_profile(name, BASE.profiles, BASE.rules, BASE.land_table, land)
            if code in profile.codes and profile.severity[code] != change.severity_to:  # type: ignore[attr-defined]
                offenders.append(f"{code} in {land}: {profile.severity[code].value}")
    assert not offenders, offenders


# --- DigitalPakt 2.0 --------------------------------------------------------------------------

def test_provisional_rules_say_what_is_missing() -> None:
    offenders = [code for code, rule in BASE.rules.items()
                 if rule.spec.provisional and not (rule.spec.pending or "").strip()]
    assert not offenders, offenders


def test_dp20_states_the_public_facts_and_never_claims_unreadiness() -> None:
    """The profile states the agreement of 18.12.2025, the period, the start date and the federal
    volume; no rule claims a measure is "nicht antragsreif" against the 2019 documents."""
    profile = BASE.profiles["digitalpakt-2.0"]
    text = " ".join([profile.description, *profile.notes])
    for fact in ("18.12.2025", "2026–2030", "01.01.2025", "2,5 Mrd. €"):
        assert fact in text, fact
    offenders = [code for code, rule in BASE.rules.items()
                 if "antragsreif" in f"{rule.spec.message} {rule.spec.message_passed or ''}"]
    assert not offenders, offenders
    dp20 = [rule for rule in BASE.rules.values() if rule.spec.code.startswith("DP20-")]
    assert dp20 and all(rule.spec.provisional for rule in dp20)


def test_dp20_land_parameters_are_in_the_land_table() -> None:
    """A Land's DP 2.0 values are data: every DP20 option with a Land value reads it from the
    Land table, and every dp20_* parameter there is read by a rule."""
    used = {opt.land_param for rule in BASE.rules.values() for opt in rule.spec.options.values()
            if opt.land_param}
    dp20_params = {key for key in BASE.land_table.params if key.startswith("dp20_")}
    assert dp20_params and dp20_params <= used, dp20_params - used
