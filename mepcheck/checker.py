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
from mepcheck.engine.verdicts import RuleOutcome, rule_outcomes
from mepcheck.exitcodes import ExitCode
from mepcheck.facts import REGISTRY, Fact, build_facts
from mepcheck.facts.base import ENCODERS
from mepcheck.findings import AcceptanceNote, Finding, LegalRef, Status, WaiverNote
from mepcheck.fmt import by_kind
from mepcheck.keys import ElementKeys
from mepcheck.labels import label
from mepcheck.loading import LoadedPlan
from mepcheck.model import Plan
from mepcheck.rulebase import RuleBase, load_rulebase
from mepcheck.rules.loader import display_value
from mepcheck.rules.profiles import ResolvedProfile, default_profile_name, resolve_profile
from mepcheck.rules.selection import ALL_RULES, Selection
from mepcheck.rules.spec import REMEDY_PLACEHOLDER
from mepcheck.types import LAND_NAMES, Severity

WAIVER_EXPIRED = "MEP-WAIVER-EXPIRED"
WAIVER_UNKNOWN = "MEP-WAIVER-UNKNOWN-RULE"


class Verdicts:
    """The verdicts of one check, turned into :class:`Finding` objects only on demand.

    A large plan has about 90,000 verdicts, most of them "passed" or "not applicable";
    a report usually lists a few hundred. The verdicts stay sets of fact ids per rule
    (:class:`RuleOutcome`) and are counted as such; a finding (message, parameters,
    legal basis, line) is built only for what a report lists, at most once.
    Everything here belongs to this one check (no shared state).
    """

    def __init__(self, outcomes: list[RuleOutcome], encoded: list[dict[str, Any]],
                 facts: list[Fact], loaded: LoadedPlan | None, meta: list[Finding],
                 waived: dict[tuple[str, str], WaiverNote],
                 keys: ElementKeys | None = None) -> None:
        self.outcomes = outcomes
        self.keys = keys
        self.encoded = encoded
        self.facts = facts
        self.loaded = loaded
        self.meta = meta
        self.waived = waived
        """(rule code, fact id) of a failed verdict → the plan's waiver that covers it."""
        self.accepted: dict[tuple[str, str], AcceptanceNote] = {}
        """(rule code, fact id) of a failed verdict → the agency's baseline entry for it."""
        self.texts: dict[tuple[str, str], _RuleText] = {}
        self.built: dict[tuple[str, int], Finding] = {}
        self.index_of = {fact["id"]: i for i, fact in enumerate(encoded)}
        self.statuses: Counter[Status] = Counter()
        self.failed_by_severity: Counter[Severity] = Counter()
        self.total = len(meta)
        waived_by_code = Counter(code for code, _ in waived)
        for o in outcomes:
            passed, na, failed = len(o.passed), len(o.not_applicable), len(o.failed)
            if o.rule.spec.provisional:  # never "passed", see _reported_status
                passed, na = 0, na + passed
            waived_here = waived_by_code.get(o.rule.code, 0)
            self.statuses[Status.PASSED] += passed
            self.statuses[Status.NOT_APPLICABLE] += na
            self.statuses[Status.FAILED] += failed - waived_here
            self.statuses[Status.WAIVED] += waived_here
            self.statuses[Status.UNDETERMINED] += len(o.scope) - len(o.passed) - len(o.not_applicable) - failed
            self.failed_by_severity[o.rule.severity] += failed - waived_here
            self.total += len(o.scope)
        for f in meta:
            self.statuses[f.status] += 1
            if f.status is Status.FAILED:
                self.failed_by_severity[f.severity] += 1

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> Verdicts:
        """Verdicts that are given findings."""
        return cls([], [], [], None, list(findings), {})

    def accept(self, baseline: Baseline, carrier: str) -> tuple[int, ...]:
        """Mark the failed findings the agency's baseline accepts; returns the indices of
        the baseline entries used (see :func:`mepcheck.baseline.apply_baseline`)."""
        failed = self.select(frozenset({Status.FAILED}))
        marked, used = apply_baseline(tuple(failed), carrier, baseline)
        where = {id(f): key for key, f in self.built.items()}
        for before, after in zip(failed, marked, strict=True):
            if after.status is not Status.ACCEPTED:
                continue
            self.statuses[Status.FAILED] -= 1
            self.statuses[Status.ACCEPTED] += 1
            self.failed_by_severity[after.severity] -= 1
            key = where.get(id(before))
            if key is None:  # a finding about the plan's waivers
                self.meta[self.meta.index(before)] = after
                continue
            assert after.acceptance is not None
            self.accepted[(key[0], self.encoded[key[1]]["id"])] = after.acceptance
            self.built[key] = after
        return used

    def __len__(self) -> int:
        return self.total

    def _finding(self, o: RuleOutcome, index: int) -> Finding:
        key = (o.rule.code, index)
        found = self.built.get(key)
        if found is None:
            assert self.loaded is not None
            fid = self.encoded[index]["id"]
            status = o.status_of(fid)
            assert self.keys is not None
            found = _finding(o.rule, self.facts[index], status, o.reason_of(fid, self.encoded[index]),
                             self.loaded, self.texts, self.keys)
            waiver = self.waived.get((o.rule.code, fid))
            if waiver is not None:
                found = replace(found, status=Status.WAIVED, waiver=waiver)
            acceptance = self.accepted.get((o.rule.code, fid))
            if acceptance is not None:
                found = replace(found, status=Status.ACCEPTED, acceptance=acceptance)
            self.built[key] = found
        return found

    def _reported(self, o: RuleOutcome, fid: str) -> Status:
        if (o.rule.code, fid) in self.waived:
            return Status.WAIVED
        if (o.rule.code, fid) in self.accepted:
            return Status.ACCEPTED
        return _reported_status(o.rule, o.status_of(fid))

    def select(self, statuses: frozenset[Status], family: str | None = None) -> list[Finding]:
        """Findings with one of ``statuses`` (and of ``family``), in (rule code, path) order."""
        chosen: list[Finding] = []
        every = statuses.issuperset(Status)
        for o in self.outcomes:
            if family is not None and o.rule.spec.family != family:
                continue
            if every:
                indices = [index for index, _ in o.scope]
            else:
                candidates: set[str] = set()
                provisional = o.rule.spec.provisional
                if statuses & {Status.FAILED, Status.WAIVED, Status.ACCEPTED}:
                    candidates |= o.failed
                if Status.PASSED in statuses and not provisional:
                    candidates |= o.passed
                if Status.NOT_APPLICABLE in statuses:
                    candidates |= o.not_applicable
                    if provisional:
                        candidates |= o.passed
                if Status.UNDETERMINED in statuses:
                    candidates |= {fid for _, fid in o.scope} - o.passed - o.not_applicable - o.failed
                indices = sorted(self.index_of[fid] for fid in candidates
                                 if self._reported(o, fid) in statuses)
            chosen.extend(self._finding(o, index) for index in indices)
        chosen += [f for f in self.meta if f.status in statuses
                   and (family is None or f.family == family)]
        chosen.sort(key=lambda f: f.key)  # stable: equal keys keep the order of evaluation
        return chosen


@dataclass(frozen=True)
class CheckResult:
    """Everything a report needs about one checked plan.

    ``verdicts`` holds every verdict; :attr:`findings` (all of them) and
    :meth:`listed` (some) build the findings when a report asks for them."""

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
    verdicts: Verdicts = field(compare=False, repr=False)
    figures: Figures | None = field(default=None, compare=False, repr=False)
    plan: Plan | None = field(default=None, compare=False, repr=False)
    baseline_used: tuple[int, ...] = ()
    """Indices of the baseline entries that accepted a finding of this plan."""

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every finding, in (rule code, path) order."""
        return self.listed(Status)

    def listed(self, statuses: Iterable[Status], family: str | None = None) -> tuple[Finding, ...]:
        """The findings with one of ``statuses`` (and of ``family``), in (rule code, path) order."""
        wanted = frozenset(statuses)
        cache: dict[tuple[frozenset[Status], str | None], tuple[Finding, ...]] = \
            self.__dict__.setdefault("_listed", {})
        key = (wanted, family)
        if key not in cache:
            cache[key] = tuple(self.verdicts.select(wanted, family))
        return cache[key]

    def with_findings(self, findings: Iterable[Finding]) -> CheckResult:
        """The same result with exactly ``findings`` (e.g. to show a report of a selection)."""
        return replace(self, verdicts=Verdicts.of(findings))

    def __getstate__(self) -> dict[str, Any]:
        # sent to another process: the findings travel, the plan's facts do not
        state = {k: v for k, v in self.__dict__.items() if k not in ("verdicts", "_listed")}
        state["_findings"] = self.findings
        state["_counts"] = (dict(self.verdicts.statuses), dict(self.verdicts.failed_by_severity))
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        findings = state.pop("_findings")
        statuses, by_severity = state.pop("_counts")
        self.__dict__.update(state)
        verdicts = Verdicts.of(findings)
        verdicts.statuses, verdicts.failed_by_severity = Counter(statuses), Counter(by_severity)
        self.__dict__["verdicts"] = verdicts

    def counts(self) -> dict[str, Any]:
        by_status = self.verdicts.statuses
        failed_by_sev = self.verdicts.failed_by_severity
        return {
            "by_status": {s.value: by_status.get(s, 0) for s in Status},
            "failed_by_severity": {s.value: failed_by_sev.get(s, 0) for s in Severity},
            "total": len(self.verdicts),
        }

    def exit_code(self, strict: bool = False) -> ExitCode:
        if self.verdicts.statuses.get(Status.UNDETERMINED):
            return ExitCode.INPUT_ERROR
        failed = self.verdicts.failed_by_severity
        if failed.get(Severity.ERROR) or (strict and failed.get(Severity.WARNING)):
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


@lru_cache(maxsize=64)
def _fields(base: RuleBase, profile_name: str, land: str,
            selection: Selection = ALL_RULES) -> dict[str, frozenset[str]]:
    return _compiled(base, profile_name, land, selection).fields_by_type()


def get_engine(name: str) -> Engine:
    """``durable`` (default) or ``reference``; imports durable-rules only when needed."""
    if name == "durable":
        from mepcheck.engine.durable import DurableEngine

        return DurableEngine()
    if name == "reference":
        from mepcheck.engine.reference import ReferenceEngine

        return ReferenceEngine()
    raise ValueError(f"unbekannte Regelmaschine {name!r} (durable, reference)")


def encode_facts(facts: list[Fact],
                 fields: dict[str, frozenset[str]] | None = None) -> list[dict[str, Any]]:
    """Encode typed facts for the engines, with unique engine ids.

    ``fields`` (from :meth:`CompiledRuleset.fields_by_type`) limits each fact to the
    fields some rule reads: the engines see nothing else, and reports render from
    the typed facts."""
    out = []
    encoders: dict[str, dict[str, Any]] = {}
    shared = fields.get("*", frozenset()) if fields is not None else frozenset()
    for index, fact in enumerate(facts):
        by_field = encoders.get(fact.type)
        if by_field is None:
            declared = REGISTRY[fact.type].fields
            wanted = declared.keys() if fields is None else \
                (fields.get(fact.type, frozenset()) | shared) & declared.keys()
            by_field = encoders[fact.type] = {name: ENCODERS[declared[name].kind]
                                              for name in wanted}
        record: dict[str, Any] = {"t": fact.type, "id": f"f{index}",
                                  "pfad": "/".join([str(p) for p in fact.path])}
        for name, value in fact.values.items():
            encoder = by_field.get(name)
            if encoder is not None:
                record[name] = encoder(value)
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


def _remedy(template: str, options: dict[str, Any], kinds: dict[str, str]) -> str:
    """The remedy with the rule's options filled in (``{max_monate}`` → ``12``)."""
    if "{" not in template:
        return template
    return REMEDY_PLACEHOLDER.sub(
        lambda m: by_kind(kinds.get(m.group(1), "text"), options[m.group(1)])
        if m.group(1) in options else m.group(0), template)


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
    remedy: str


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
                        for s in spec.legal_basis  # a Land's own source only for that Land
                        if not s.lands or rule.land in {x.value for x in s.lands}),
            remedy=_remedy(spec.remedy, {name: value for name, (_, value) in rule.options.items()},
                           kinds),
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
    params = tuple([(name, values[name]) for name in text.order if name in values])
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
        missing = _render(spec.pending, values, text.kinds, text.enums) if spec.pending else \
            "die Verwaltungsvereinbarung bzw. Landesrichtlinie"
        message = (f"{spec.title}: nach heutigem Stand unauffällig, aber vorläufig – "
                   f"abschließend prüfbar erst mit {missing}.")
    elif spec.provisional and status is Status.FAILED:
        missing = _render(spec.pending, values, text.kinds, text.enums) if spec.pending else \
            "die endgültige Richtlinie"
        message += f" (vorläufige Regel – es fehlen noch {missing})"
    if rule.severity_note and status is Status.FAILED:
        message += f" ({rule.severity_note}.)"
    return Finding(
        code=spec.code, title=spec.title, family=spec.family, chapter=spec.chapter,
        severity=rule.severity, status=status, path=fact.path, message=message, params=params,
        legal_basis=text.legal, remedy=text.remedy, line=loaded.line_of(fact.path),
        cell=loaded.cell_of(fact.path), provisional=spec.provisional, subject=fact.subject,
        element=keys.for_fact(fact.type, fact.path, fact.values),
    )


def _waivers(outcomes: list[RuleOutcome], facts: list[Fact], encoded: list[dict[str, Any]],
             loaded: LoadedPlan, base: RuleBase,
             waived: dict[tuple[str, str], WaiverNote], keys: ElementKeys) -> list[Finding]:
    """Find the failed verdicts the plan's waivers cover (into ``waived``); return the
    findings about the waivers themselves (unknown rule, expired)."""
    plan = loaded.plan
    today = plan.meta.reference_date
    meta: list[Finding] = []
    active = []
    for i, waiver in enumerate(plan.waivers):
        path = ("ausnahmen", i)
        if waiver.rule not in base.rules:
            meta.append(Finding(
                code=WAIVER_UNKNOWN, title="Ausnahme für unbekannte Regel", family="meta", chapter=15,
                severity=Severity.WARNING, status=Status.FAILED, path=path,
                message=f"Die Ausnahme nennt die Regel {waiver.rule}, die es nicht gibt.",
                params=(("regel", waiver.rule),), remedy="Regelcode prüfen (mepcheck rules list).",
                line=loaded.line_of(path), cell=loaded.cell_of(path), subject=waiver.rule,
                element=keys.key(path),
            ))
        elif waiver.until < today:
            meta.append(Finding(
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
    if active:
        index_of = {fact["id"]: i for i, fact in enumerate(encoded)}
        for o in outcomes:
            rule = o.rule
            mine = [w for w in active if w.rule == rule.code]
            if not mine or rule.spec.family == "meta":
                continue
            for fid in o.failed:
                refs = set(facts[index_of[fid]].refs)
                for waiver in mine:
                    if waiver.target is None or waiver.target in refs:
                        waived[(rule.code, fid)] = WaiverNote(
                            waiver.justification, waiver.approved_by, waiver.until)
                        break
    return meta


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
    encoded = encode_facts(facts, _fields(base, profile_name, land, selection))
    result = get_engine(engine).evaluate(ruleset, encoded)
    outcomes = rule_outcomes(ruleset, encoded, result)
    waived: dict[tuple[str, str], WaiverNote] = {}
    keys = ElementKeys(plan)
    meta = _waivers(outcomes, facts, encoded, loaded, base, waived, keys)
    if selection.ignore:  # the waiver checks are rules too
        meta = [f for f in meta if selection.keeps(f.code, f.family)]
    verdicts = Verdicts(outcomes, encoded, facts, loaded, meta, waived, keys)
    used = verdicts.accept(baseline, plan.carrier.name) if baseline is not None else ()
    return CheckResult(
        source=loaded.source, plan_sha256=loaded.sha256, carrier=plan.carrier.name, land=land,
        period=f"{plan.meta.period.start}–{plan.meta.period.end}",
        reference_date=plan.meta.reference_date, profile=ruleset.profile,
        ruleset_version=base.version, ruleset_date=base.date,
        ruleset_fingerprint=base.fingerprint, engine=engine,
        verdicts=verdicts, figures=figures, plan=plan, baseline_used=used,
    )


def _reported_status(rule: CompiledRule, status: Status) -> Status:
    """A provisional rule (DigitalPakt 2.0 before its guidelines exist) never passes:
    what looks fine today is reported as not yet decidable under the final text."""
    if rule.spec.provisional and status is Status.PASSED:
        return Status.NOT_APPLICABLE
    return status
