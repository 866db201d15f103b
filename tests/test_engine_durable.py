"""The durable-rules adapter and each of its measured pitfalls."""

from __future__ import annotations

import pytest

from mepcheck.checker import check_plan, encode_facts, get_engine
from mepcheck.engine.compiled import compile_ruleset
from mepcheck.engine.durable import DurableEngine, UnsafeRuleError, check_safe, pattern
from mepcheck.engine.ids import assign_ids, fnv1a_32
from mepcheck.engine.reference import ReferenceEngine
from mepcheck.exitcodes import ExitCode
from mepcheck.findings import Status
from mepcheck.loading import load_plan_text
from mepcheck.rulebase import load_rulebase
from mepcheck.rules.profiles import resolve_profile
from tests.conftest import plan_text

BASE = load_rulebase()


def _ruleset():
    profile = resolve_profile("mep-basis", BASE.profiles, BASE.rules, BASE.land_table, "NW")
    return compile_ruleset(BASE.rules, profile)


def _plan(minimal_plan: dict, schools: int = 1, tablets: int = 40):
    data = dict(minimal_plan)
    data["schulen"] = [
        {**minimal_plan["schulen"][0], "id": f"s{i}", "name": f"Schule {i}"} for i in range(schools)
    ]
    data["massnahmen"] = [
        {"id": f"m{i}", "titel": f"Tablets {i}", "schule": f"s{i}", "handlungsfeld": "endgeraete",
         "foerderkategorie": "mobiles_endgeraet", "geraetetyp": "tablet", "zuordnung": "klassensatz",
         "anzahl": tablets, "einzelpreis": 500, "kostenart": "investition",
         "foerderprogramm": "dp2019", "zuschuss": 0}
        for i in range(schools)
    ]
    return load_plan_text(plan_text(data))


def _key(result):
    return [(f.code, f.path, f.status, f.message) for f in result.findings]


def test_durable_and_reference_agree_on_example(minimal_plan: dict) -> None:
    loaded = _plan(minimal_plan, schools=3)
    assert _key(check_plan(loaded, engine="durable")) == _key(check_plan(loaded, engine="reference"))


def test_synchronous_host_runs_no_timer_threads() -> None:
    import threading

    before = {t.name for t in threading.enumerate()}
    engine = DurableEngine()
    engine.evaluate(_ruleset(), [])
    DurableEngine._ensure(_ruleset())
    after = {t.name for t in threading.enumerate()}
    assert not [t for t in after - before if "Timer" in t or t.startswith("Thread")]


def test_more_than_1024_sequential_plans_and_no_lost_findings(minimal_plan: dict) -> None:
    """durable-rules caps live sids at ~1,024 and the stock host lost findings; we delete
    each plan's state and run synchronously, so 1,100 evaluations all match the oracle."""
    ruleset = _ruleset()
    loaded = _plan(minimal_plan, schools=2, tablets=80)
    from mepcheck.facts import build_facts

    facts = encode_facts(build_facts(loaded.plan))
    expected = ReferenceEngine().evaluate(ruleset, facts)
    engine = DurableEngine()
    for _ in range(1100):
        result = engine.evaluate(ruleset, facts)
        assert result.error is None
        assert result.matches == expected.matches


def test_evaluations_do_not_influence_each_other(minimal_plan: dict) -> None:
    small = _plan(minimal_plan, schools=1, tablets=10)
    big = _plan(minimal_plan, schools=4, tablets=200)
    first = _key(check_plan(small))
    other = _key(check_plan(big))
    again = _key(check_plan(small))
    assert first == again
    assert first != other


def test_fact_matching_no_rule_does_not_fail_the_batch() -> None:
    """Without the catch-all sink rule durable raises MessageNotHandled for the whole batch."""
    ruleset = _ruleset()
    host = DurableEngine._ensure(ruleset)
    state = host.assert_facts(ruleset.name, [{"t": "unbekannt", "id": "zz", "sid": "stray1"}])
    assert not (isinstance(state, dict) and "exception" in state)
    host.delete_state(ruleset.name, "stray1")


def test_facts_no_rule_can_match_are_not_asserted(minimal_plan: dict) -> None:
    loaded = _plan(minimal_plan)
    from mepcheck.facts import build_facts

    facts = encode_facts(build_facts(loaded.plan))
    stray = [*facts, {"t": "unbekannt", "id": "zz", "pfad": "x", "wert": 1}]
    ruleset = _ruleset()
    result = DurableEngine().evaluate(ruleset, stray)
    assert result.error is None
    assert result.matches == DurableEngine().evaluate(ruleset, facts).matches


def test_fnv_collisions_are_resolved_before_the_engine() -> None:
    # measured: durable-rules keys facts by FNV-1a 32 and treats these two as duplicates
    assert fnv1a_32("school-152728") == fnv1a_32("school-1060882")
    facts = assign_ids([{"t": "schule", "id": "school-152728"}, {"t": "schule", "id": "school-1060882"}])
    assert facts[0]["id"] != facts[1]["id"]
    assert fnv1a_32(facts[0]["id"]) != fnv1a_32(facts[1]["id"])


def test_colliding_ids_still_give_all_findings(minimal_plan: dict) -> None:
    loaded = _plan(minimal_plan, schools=2)
    from mepcheck.facts import build_facts

    facts = encode_facts(build_facts(loaded.plan))
    schools = [f for f in facts if f["t"] == "schule"]
    schools[0]["id"], schools[1]["id"] = "school-152728", "school-1060882"
    facts = assign_ids(facts)
    ruleset = _ruleset()
    durable = DurableEngine().evaluate(ruleset, facts)
    assert durable.error is None
    assert durable.matches == ReferenceEngine().evaluate(ruleset, facts).matches


def test_crashing_join_forms_are_refused() -> None:
    with pytest.raises(UnsafeRuleError):
        check_safe([{"p": {"t": "plan"}}, {"b": {"$and": [{"t": "budget"}, {"$gt": {"amount": {"p": "x"}}}]}}])
    with pytest.raises(UnsafeRuleError):
        check_safe([{"p": {"t": "plan"}}, {"b": {"$or": [{"t": "a"}, {"t": "b"}]}}])
    with pytest.raises(UnsafeRuleError):  # multi-key dicts silently ignore keys
        check_safe([{"p": {"t": "plan"}}, {"b": {"t": "x", "y": {"p": "z"}}}])
    with pytest.raises(UnsafeRuleError):  # no positive type test: loops on the state object
        check_safe([{"m": {"$nex": {"budget": 1}}}])
    check_safe([{"m": pattern("dienst", __import__("mepcheck.rules.conditions", fromlist=["And"]).And(()))},
                {"r": {"dienst_ref": {"m": "pfad"}}}])


def test_every_compiled_rule_of_the_corpus_is_safe() -> None:
    rules = DurableEngine.build_rules(_ruleset())  # check_safe runs for every rule
    for name, rule in rules.items():
        if name == "~sink":
            continue
        first = rule["all"][0]["m"]
        assert first.get("t") or first["$and"][0].get("t"), name

        def no_multikey(node, name=name):
            if isinstance(node, dict):
                keys = [k for k in node if not k.startswith("$")]
                assert len(node) == 1 or keys == [] or node.keys() <= {"$l", "$r"}, (name, node)
                for value in node.values():
                    no_multikey(value, name)
            elif isinstance(node, list):
                for item in node:
                    no_multikey(item, name)

        no_multikey(first)


def test_engine_error_gives_undetermined_and_exit_2(minimal_plan: dict, monkeypatch) -> None:
    loaded = _plan(minimal_plan)

    def broken(self, ruleset, facts):
        from mepcheck.engine.base import EngineResult

        return EngineResult(frozenset(), error="simulierter Absturz")

    monkeypatch.setattr(DurableEngine, "evaluate", broken)
    result = check_plan(loaded)
    assert result.findings
    rule_findings = [f for f in result.findings if f.family != "meta"]
    assert all(f.status is Status.UNDETERMINED for f in rule_findings)
    assert "simulierter Absturz" in rule_findings[0].message
    assert result.exit_code() is ExitCode.INPUT_ERROR


def test_failing_action_is_detected(minimal_plan: dict, monkeypatch) -> None:
    """A match the adapter cannot read ends the evaluation with an error (every verdict
    undetermined), never with a partial result; the engine stays usable afterwards."""
    import mepcheck.engine.durable as durable_module

    loaded = _plan(minimal_plan)

    class Unreadable:
        def findall(self, message):
            raise RuntimeError("Aktion kaputt")

    from mepcheck.facts import build_facts

    facts = encode_facts(build_facts(loaded.plan))
    monkeypatch.setattr(durable_module, "_ID", Unreadable())
    result = DurableEngine().evaluate(_ruleset(), facts)
    assert result.error is not None and "Aktion kaputt" in result.error
    assert not result.matches
    monkeypatch.undo()
    again = DurableEngine().evaluate(_ruleset(), facts)
    assert again.error is None and again.matches


def test_lost_match_becomes_undetermined_never_pass(minimal_plan: dict) -> None:
    from mepcheck.engine.base import EngineResult
    from mepcheck.engine.verdicts import verdicts
    from mepcheck.facts import build_facts

    loaded = _plan(minimal_plan)
    ruleset = _ruleset()
    facts = encode_facts(build_facts(loaded.plan))
    full = ReferenceEngine().evaluate(ruleset, facts)
    dropped = frozenset(m for m in full.matches if m[1] not in ("a", "p"))  # engine "lost" matches
    statuses = {v.status for v in verdicts(ruleset, facts, EngineResult(dropped))}
    assert Status.PASSED not in statuses
    assert Status.UNDETERMINED in statuses


def test_too_many_fact_fields_refused(minimal_plan: dict, monkeypatch) -> None:
    import mepcheck.facts.build as build

    monkeypatch.setattr(build, "MAX_FIELDS", 3)
    with pytest.raises(AssertionError, match="fields"):
        build.build_facts(_plan(minimal_plan).plan)


def test_get_engine_names() -> None:
    assert get_engine("durable").name == "durable"
    assert get_engine("reference").name == "reference"
    with pytest.raises(ValueError):
        get_engine("drools")


def test_numbers_reach_the_engine_without_exponent(minimal_plan: dict) -> None:
    """durable-rules misreads JSON numbers in exponent notation (found by the differential
    test: a WLAN coverage of 1e-05 made the verdict ambiguous)."""
    from mepcheck.facts.base import Kind, encode

    assert encode(Kind.PERCENT, 1e-05) == 0.0
    assert "e" not in repr(encode(Kind.NUMBER, 0.00012))
    minimal_plan["schulen"][0]["abdeckung"] = {"lan": 0.0, "wlan": 1e-05}
    loaded = load_plan_text(plan_text(minimal_plan))
    durable = check_plan(loaded, engine="durable")
    reference = check_plan(loaded, engine="reference")
    assert _key(durable) == _key(reference)
    assert not [f for f in durable.findings if f.status is Status.UNDETERMINED]


def test_expression_limit_of_durable_is_respected() -> None:
    """durable-rules refuses patterns with 16 or more $and/$or nodes (error 113)."""
    from mepcheck.engine.durable import count_logic

    nested = {"$and": [{"t": "x"}] + [{"$or": [{f"a{i}": 1}, {f"b{i}": 1}]} for i in range(15)]}
    assert count_logic(nested) == 16
    with pytest.raises(UnsafeRuleError, match="113"):
        check_safe([{"m": nested}])
    for name, rule in DurableEngine.build_rules(_ruleset()).items():
        assert count_logic(rule["all"][0]["m"]) <= 15, name


def test_constant_arithmetic_is_folded_and_division_rewritten() -> None:
    """Measured: durable-rules never matches arithmetic on two constants, and division is
    unreliable; the compiler folds constants and turns division into multiplication."""
    from mepcheck.facts import REGISTRY
    from mepcheck.rules.conditions import (
        Arith,
        Cmp,
        ConditionError,
        Const,
        ParseContext,
        parse_condition,
    )

    ctx = ParseContext(REGISTRY["schule"], {"faktor": ("number", 2)}, "test")
    node = parse_condition({"greater": {"schueler": {"mul": [{"option": "faktor"}, 3]}}}, ctx)
    assert node == Cmp("gt", "schueler", Const(6))
    node = parse_condition({"greater": {"schueler": {"div": [{"field": "lehrkraefte"}, 4]}}}, ctx)
    assert isinstance(node.value, Arith) and node.value.op == "mul" and node.value.right == Const(0.25)
    with pytest.raises(ConditionError, match="Division durch ein Feld"):
        parse_condition({"greater": {"schueler": {"div": [10, {"field": "lehrkraefte"}]}}}, ctx)
