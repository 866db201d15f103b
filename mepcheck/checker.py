"""Check a plan: facts → engine → verdicts → findings (with waivers), all at once."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from mepcheck.baseline import Baseline, apply_baseline
from mepcheck.derived import Figures, compute_figures
from mepcheck.engine.base import Engine
from mepcheck.engine.compiled import CompiledRule, CompiledRuleset, compile_ruleset
from mepcheck.engine.ids import assign_ids
from mepcheck.engine.verdicts import verdicts
from mepcheck.exitcodes import ExitCode
from mepcheck.facts import REGISTRY, Fact, build_facts, encode
from mepcheck.findings import Finding, LegalRef, Status, WaiverNote
from mepcheck.fmt import by_kind
from mepcheck.keys import ElementKeys
from mepcheck.labels import label
from mepcheck.loading import LoadedPlan
from mepcheck.model import Plan
from mepcheck.rulebase import RuleBase, load_rulebase
from mepcheck.rules.loader import display_value
from mepcheck.rules.profiles import ResolvedProfile, default_profile_name, resolve_profile
from mepcheck.rules.selection import ALL_RULES, Selection
from mepcheck.types import LAND_NAMES, Severity

WAIVER_EXPIRED = "MEP-WAIVER-EXPIRED"
WAIVER_UNKNOWN = "MEP-WAIVER-UNKNOWN-RULE"


@dataclass(frozen=True)
class CheckResult:
    """Everything a report needs about one checked plan."""

    source: str
    plan_sha256: str
    carrier: str
    land: str
    period: str
    reference_date: dt.date
    profile: ResolvedProfile
    ruleset_version: str
    ruleset_date: dt.date
    ruleset_fingerprint: str
    engine: str
    findings: tuple[Finding, ...]
    figures: Figures | None = field(default=None, compare=False, repr=False)
    plan: Plan | None = field(default=None, compare=False, repr=False)
    baseline_used: tuple[int, ...] = ()
    """Indices of the baseline entries that accepted a finding of this plan."""

    def listed(self, statuses: Iterable[Status]) -> tuple[Finding, ...]:
        """The findings with one of ``statuses``, in (rule code, path) order."""
        wanted = frozenset(statuses)
        if wanted.issuperset(Status):
            return self.findings
        return tuple(f for f in self.findings if f.status in wanted)

    def counts(self) -> dict[str, Any]:
        by_status = Counter(f.status.value for f in self.findings)
        failed_by_sev = Counter(f.severity.value for f in self.findings if f.status is Status.FAILED)
        return {
            "by_status": {s.value: by_status.get(s.value, 0) for s in Status},
            "failed_by_severity": {s.value: failed_by_sev.get(s.value, 0) for s in Severity},
            "total": len(self.findings),
        }

    def exit_code(self, strict: bool = False) -> ExitCode:
        if any(f.status is Status.UNDETERMINED for f in self.findings):
            return ExitCode.INPUT_ERROR
        for f in self.findings:
            if f.status is Status.FAILED and (
                f.severity is Severity.ERROR or (strict and f.severity is Severity.WARNING)
            ):
                return ExitCode.FINDINGS
        return ExitCode.OK

    @property
    def land_name(self) -> str:
        return LAND_NAMES.get(self.land, self.land)


@lru_cache(maxsize=64)
def _compiled(base: RuleBase, profile_name: str, land: str,
              selection: Selection = ALL_RULES) -> CompiledRuleset:
    profile = resolve_profile(profile_name, base.profiles, base.rules, base.land_table, land)
    return compile_ruleset(base.rules, selection.narrow(profile, base.rules))


def get_engine(name: str) -> Engine:
    """``durable`` (default) or ``reference``; imports durable-rules only when needed."""
    if name == "durable":
        from mepcheck.engine.durable import DurableEngine

        return DurableEngine()
    if name == "reference":
        from mepcheck.engine.reference import ReferenceEngine

        return ReferenceEngine()
    raise ValueError(f"unbekannte Regelmaschine {name!r} (durable, reference)")


def encode_facts(facts: list[Fact]) -> list[dict[str, Any]]:
    """Encode typed facts for the engines, with unique engine ids."""
    out = []
    for index, fact in enumerate(facts):
        spec = REGISTRY[fact.type]
        record: dict[str, Any] = {"t": fact.type, "id": f"f{index}",
                                  "pfad": "/".join(str(p) for p in fact.path)}
        for name, value in fact.values.items():
            record[name] = encode(spec.fields[name].kind, value)
        out.append(record)
    return assign_ids(out)


class _Default(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "–"


def _render(template: str, values: dict[str, Any], kinds: dict[str, str],
            enums: frozenset[str] = frozenset()) -> str:
    """Fill a message template; enumeration values read as German words ("in Arbeit")."""
    return template.format_map(_Default(
        {name: label(value) if name in enums else by_kind(kinds.get(name, "text"), value)
         for name, value in values.items()}))


@dataclass(frozen=True)
class _RuleText:
    """What rendering a rule's findings needs, computed once per rule and fact type."""

    kinds: dict[str, str]
    enums: frozenset[str]
    fact_names: tuple[str, ...]
    order: tuple[str, ...]
    """Parameter names in their reported (sorted) order."""
    options: dict[str, Any]
    legal: tuple[LegalRef, ...]


def _rule_text(rule: CompiledRule, fact_type: str, cache: dict[tuple[str, str], _RuleText]) -> _RuleText:
    key = (rule.code, fact_type)
    if key not in cache:
        spec = rule.spec
        fields = REGISTRY[fact_type].fields
        used = spec.message_fields() | {
            f for p in spec.display.values() for f in _expr_fields(p.expr)}
        kinds = {name: fields[name].kind.value for name in used if name in fields}
        kinds.update({name: opt.type.value for name, opt in spec.options.items()})
        kinds.update({name: p.kind for name, p in spec.display.items()})
        cache[key] = _RuleText(
            kinds=kinds,
            enums=frozenset(n for n in used if n in fields and fields[n].values),
            fact_names=tuple(sorted(n for n in used if n in fields)),
            order=tuple(sorted({n for n in used if n in fields} | set(spec.options)
                               | set(spec.display))),
            options={name: value for name, (_, value) in rule.options.items()},
            legal=tuple(LegalRef(s.title, s.url, s.status.value, s.paragraph, s.note)
                        for s in spec.legal_basis),
        )
    return cache[key]


def _expr_fields(expr: Any) -> set[str]:
    if isinstance(expr, dict):
        if "field" in expr:
            return {expr["field"]}
        return {f for arg in expr.values() if isinstance(arg, list) for a in arg for f in _expr_fields(a)}
    return set()


def _finding(rule: CompiledRule, fact: Fact, status: Status, reason: str,
             loaded: LoadedPlan, cache: dict[tuple[str, str], _RuleText],
             keys: ElementKeys) -> Finding:
    spec = rule.spec
    text = _rule_text(rule, fact.type, cache)
    values: dict[str, Any] = {n: fact.values[n] for n in text.fact_names if n in fact.values}
    values.update(text.options)
    if spec.display and status in (Status.FAILED, Status.PASSED):
        merged = {**fact.values, **text.options}
        for name, param in spec.display.items():
            values[name] = display_value(param.expr, merged, text.options)
    params = tuple((name, values[name]) for name in text.order if name in values)
    if status is Status.FAILED:
        message = _render(spec.message, values, text.kinds, text.enums)
    elif status is Status.PASSED:
        message = _render(spec.message_passed, values, text.kinds, text.enums) if spec.message_passed else \
            f"{spec.title}: erfüllt."
    elif status is Status.NOT_APPLICABLE:
        message = f"{spec.title}: nicht anwendbar."
    else:
        message = f"{spec.title}: nicht entscheidbar – {reason}."
    if spec.provisional and status is Status.PASSED:
        # A provisional rule (DigitalPakt 2.0 before its guidelines exist) never passes:
        # what looks fine today is reported as not yet decidable under the final text.
        status = Status.NOT_APPLICABLE
        message = (f"{spec.title}: nach heutigem Stand unauffällig, aber vorläufig – "
                   "abschließend prüfbar erst mit der Verwaltungsvereinbarung bzw. Landesrichtlinie.")
    elif spec.provisional and status is Status.FAILED:
        message += " (vorläufige Regel: die endgültige Richtlinie liegt noch nicht vor)"
    return Finding(
        code=spec.code, title=spec.title, family=spec.family, chapter=spec.chapter,
        severity=rule.severity, status=status, path=fact.path, message=message, params=params,
        legal_basis=text.legal, remedy=spec.remedy, line=loaded.line_of(fact.path), cell=loaded.cell_of(fact.path),
        provisional=spec.provisional, subject=fact.subject,
        element=keys.for_fact(fact.type, fact.path, fact.values),
    )


def _apply_waivers(findings: list[Finding], facts: list[Fact], index_of: dict[int, int],
                   loaded: LoadedPlan, base: RuleBase, keys: ElementKeys) -> list[Finding]:
    plan = loaded.plan
    today = plan.meta.reference_date
    out = list(findings)
    active = []
    for i, waiver in enumerate(plan.waivers):
        path = ("ausnahmen", i)
        if waiver.rule not in base.rules:
            out.append(Finding(
                code=WAIVER_UNKNOWN, title="Ausnahme für unbekannte Regel", family="meta", chapter=15,
                severity=Severity.WARNING, status=Status.FAILED, path=path,
                message=f"Die Ausnahme nennt die Regel {waiver.rule}, die es nicht gibt.",
                params=(("regel", waiver.rule),), remedy="Regelcode prüfen (mepcheck rules list).",
                line=loaded.line_of(path), cell=loaded.cell_of(path), subject=waiver.rule,
                element=keys.key(path),
            ))
        elif waiver.until < today:
            out.append(Finding(
                code=WAIVER_EXPIRED, title="Ausnahme abgelaufen", family="meta", chapter=15,
                severity=Severity.WARNING, status=Status.FAILED, path=path,
                message=(f"Die Ausnahme für {waiver.rule} galt bis {by_kind('date', waiver.until)} "
                         f"und ist zum Stichtag {by_kind('date', today)} abgelaufen; sie wird nicht angewandt."),
                params=(("regel", waiver.rule), ("gueltig_bis", waiver.until)),
                remedy="Ausnahme erneut genehmigen lassen und 'gueltig_bis' anpassen, oder den Mangel beheben.",
                line=loaded.line_of(path), cell=loaded.cell_of(path), subject=waiver.rule,
                element=keys.key(path),
            ))
        else:
            active.append(waiver)
    result = []
    for finding in out:
        if finding.status is Status.FAILED and finding.family != "meta":
            fact = facts[index_of[id(finding)]] if id(finding) in index_of else None
            refs = set(fact.refs) if fact else set()
            for waiver in active:
                if waiver.rule == finding.code and (waiver.target is None or waiver.target in refs):
                    finding = replace(finding, status=Status.WAIVED, waiver=WaiverNote(
                        waiver.justification, waiver.approved_by, waiver.until))
                    break
        result.append(finding)
    return result


def check_plan(
    loaded: LoadedPlan,
    *,
    profile: str | None = None,
    rules_dirs: tuple[Path, ...] = (),
    engine: str = "durable",
    rules_root: Path | None = None,
    selection: Selection = ALL_RULES,
    baseline: Baseline | None = None,
) -> CheckResult:
    """Evaluate every selected rule against ``loaded``; never stops at the first failure.

    ``rules_dirs`` add rule folders to the shipped rules; ``rules_root`` replaces the
    shipped rule base by another complete one (with ``ruleset.yaml`` and profiles).
    ``selection`` narrows the profile's rules (``--select``/``--ignore``); a ``baseline``
    marks the failed findings the funding agency has accepted."""
    base = load_rulebase(tuple(Path(d).resolve() for d in rules_dirs),
                         Path(rules_root).resolve() if rules_root else None)
    plan = loaded.plan
    land = plan.carrier.land.value
    profile_name = profile or default_profile_name(base.profiles, land, plan.meta.reference_date)
    ruleset = _compiled(base, profile_name, land, selection)
    figures = compute_figures(plan)
    facts = build_facts(plan, figures)
    encoded = encode_facts(facts)
    result = get_engine(engine).evaluate(ruleset, encoded)
    findings: list[Finding] = []
    index_of: dict[int, int] = {}
    cache: dict[tuple[str, str], _RuleText] = {}
    keys = ElementKeys(plan)
    for verdict in verdicts(ruleset, encoded, result):
        finding = _finding(verdict.rule, facts[verdict.fact_index], verdict.status, verdict.reason,
                           loaded, cache, keys)
        index_of[id(finding)] = verdict.fact_index
        findings.append(finding)
    findings = _apply_waivers(findings, facts, index_of, loaded, base, keys)
    if selection.ignore:  # the waiver checks are rules too
        findings = [f for f in findings if f.family != "meta" or selection.keeps(f.code, f.family)]
    findings.sort(key=lambda f: f.key)  # (rule code, path); the key is computed once each
    used: tuple[int, ...] = ()
    if baseline is not None:
        accepted, used = apply_baseline(tuple(findings), plan.carrier.name, baseline)
        findings = list(accepted)
    return CheckResult(
        source=loaded.source, plan_sha256=loaded.sha256, carrier=plan.carrier.name, land=land,
        period=f"{plan.meta.period.start}–{plan.meta.period.end}",
        reference_date=plan.meta.reference_date, profile=ruleset.profile,
        ruleset_version=base.version, ruleset_date=base.date,
        ruleset_fingerprint=base.fingerprint, engine=engine, findings=tuple(findings),
        figures=figures, plan=plan, baseline_used=used,
    )
