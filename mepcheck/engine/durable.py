"""The durable-rules adapter: the only module that imports ``durable``.

Measured pitfalls of durable-rules 2.0.28 and how this adapter handles them
(see ``docs/durable-rules-und-docxtpl.md``):

* the stock ``Host`` dispatches actions on timer threads and loses findings:
  :class:`SyncHost` disables them, so all actions have run when
  ``assert_facts`` returns;
* ``$and``/``$or`` inside a *joined* pattern crash the process: joins are only
  emitted with a single reference test in the joined pattern
  (:func:`check_safe` refuses anything else);
* a pattern with no positive type test loops forever: every pattern starts
  with ``{"t": scope}``; multi-key pattern dicts silently ignore keys, so we
  never emit them;
* a fact matching no rule, or a duplicate, fails the whole batch: a catch-all
  sink rule, and engine ids checked for FNV-1 32-bit collisions;
* rulesets are global and never freed: each compiled ruleset is registered
  once per process; each evaluation uses its own sid and deletes its state;
* facts with 255 or more properties crash: the fact builder caps the fields;
* an action's exception is swallowed into the state: we check the state;
* the Python glue of the stock host costs more than the matching (per action call:
  decoding every matched fact into dicts and wrapper objects, re-encoding the
  state): :meth:`DurableEngine._drain` drives the same native calls
  (``start_action_for_state``, ``update_state``, ``complete_and_start_action``)
  directly and reads only the ids of the matched facts.
"""

from __future__ import annotations

import copy
import itertools
import json
import re
import threading
from typing import Any

import durable_rules_engine as native
from durable import engine as durable_engine

from mepcheck.engine.base import EngineError, EngineResult, Match
from mepcheck.engine.compiled import KINDS, CompiledRuleset
from mepcheck.engine.ids import assign_ids
from mepcheck.rules.conditions import (
    MAX_LOGIC_NODES,
    And,
    Arith,
    Cmp,
    Const,
    Exists,
    Expr,
    FieldRef,
    Missing,
    Node,
    Or,
    simplify,
)
from mepcheck.rules.conditions import (
    Match as MatchNode,
)

CAP = 1000
_ID = re.compile(r'"id":\s*"([^"\\]*)"')
"""The id of a matched fact in durable's JSON. A string followed by a colon is always
a key, and only facts carry the key ``id``, so this finds exactly the matched facts."""
EXACT = 2**53 - 1
"""durable-rules compares numbers as C doubles/int64: beyond 2**53 it is no longer exact, beyond
int64 it overflows silently (a huge pupil count made a failed rule pass)."""


def unrepresentable(batch: list[dict[str, Any]]) -> str | None:
    """The first fact value durable-rules cannot compare exactly, described in German."""
    for record in batch:
        for key, value in record.items():
            if isinstance(value, bool) or not isinstance(value, int | float):
                continue
            if value != value or value in (float("inf"), float("-inf")) or abs(value) > EXACT:
                return (f"Wert {value!r} ({record.get('t')}, Feld {key}) ist für durable-rules "
                        "nicht exakt darstellbar; nicht verglichen")
    return None


_OPS = {"ne": "$neq", "lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte"}


class UnsafeRuleError(ValueError):
    """A compiled pattern uses a form known to crash durable-rules."""


class SyncHost(durable_engine.Host):
    """A durable host without the background timer threads (synchronous actions)."""

    def _run(self) -> None:  # the stock Host re-arms two threading.Timer loops here
        pass


Alias = dict[str, str]


def _name(alias: Alias | None, field: str) -> str:
    return alias.get(field, field) if alias else field


def _expr(expr: Expr, alias: Alias | None = None) -> Any:
    if isinstance(expr, Const):
        return expr.value
    if isinstance(expr, FieldRef):
        return {"$m": _name(alias, expr.name)}
    assert isinstance(expr, Arith)
    return {f"${expr.op}": {"$l": _expr(expr.left, alias), "$r": _expr(expr.right, alias)}}


def to_durable(node: Node, alias: Alias | None = None) -> dict[str, Any] | None:
    """Translate an IR node into a durable-rules expression (``None`` for *true*).

    ``alias`` maps field names to the short keys the facts are asserted with."""
    if isinstance(node, And):
        items = [x for x in (to_durable(i, alias) for i in node.items) if x is not None]
        if not items:
            return None
        return items[0] if len(items) == 1 else {"$and": items}
    if isinstance(node, Or):
        items = [to_durable(i, alias) for i in node.items]
        if any(i is None for i in items):
            return None
        return items[0] if len(items) == 1 else {"$or": items}
    if isinstance(node, Exists):
        return {"$ex": {_name(alias, node.field): 1}}
    if isinstance(node, Missing):
        return {"$nex": {_name(alias, node.field): 1}}
    if isinstance(node, MatchNode):
        return {"$mt": {_name(alias, node.field): node.pattern}}
    assert isinstance(node, Cmp)
    if node.op == "eq":
        return {_name(alias, node.field): _expr(node.value, alias)}
    return {_OPS[node.op]: {_name(alias, node.field): _expr(node.value, alias)}}


def aliases(ruleset: CompiledRuleset) -> Alias:
    """Short keys for every field the ruleset reads: about half of the JSON that
    durable-rules encodes and decodes for each fact and match is field names."""
    names = sorted({n for fields in ruleset.fields_by_type().values() for n in fields})
    return {name: f"_{index:x}" for index, name in enumerate(names)}


def pattern(scope: str, node: Node, alias: Alias | None = None) -> dict[str, Any]:
    """A single-fact pattern with its positive type test first."""
    expr = to_durable(simplify(node), alias)
    if expr is None:
        return {"t": scope}
    if "$and" in expr:
        return {"$and": [{"t": scope}, *expr["$and"]]}
    return {"$and": [{"t": scope}, expr]}


def count_logic(expr: Any) -> int:
    """Number of ``$and``/``$or`` nodes of a durable expression."""
    if isinstance(expr, dict):
        own = sum(1 for k in expr if k in ("$and", "$or"))
        return own + sum(count_logic(v) for v in expr.values())
    if isinstance(expr, list):
        return sum(count_logic(v) for v in expr)
    return 0


def check_safe(rule_all: list[dict[str, Any]]) -> None:
    """Refuse rule forms that crash durable-rules 2.0.28 (see module docstring)."""
    for index, entry in enumerate(rule_all):
        ((_, pat),) = entry.items()
        if count_logic(pat) > MAX_LOGIC_NODES + 1:
            raise UnsafeRuleError(f"Muster mit {count_logic(pat)} $and/$or-Knoten: durable-rules "
                                  "erlaubt höchstens 15 (Fehler 113)")
        if index == 0:
            if "t" not in pat and not ("$and" in pat and "t" in pat["$and"][0]):
                raise UnsafeRuleError("erstes Muster ohne positiven Typtest")
            continue
        if len(pat) != 1 or any(k.startswith("$") for k in pat):
            raise UnsafeRuleError("verknüpftes Muster darf nur einen einfachen Vergleich enthalten "
                                  "(kein $and/$or, keine weiteren Schlüssel)")


def _completed_by_drain(c: Any) -> None:
    """The action of every rule: durable needs one, but :meth:`DurableEngine._drain`
    completes the actions itself and reads the matches; this is never called."""


class DurableEngine:
    """Evaluates compiled rulesets in durable-rules, synchronously, one sid per plan."""

    name = "durable"
    _lock = threading.Lock()
    _host: SyncHost | None = None
    _registered: set[str] = set()
    _sids = itertools.count(1)

    _joined: dict[str, frozenset[str]] = {}

    @classmethod
    def _ensure(cls, ruleset: CompiledRuleset) -> SyncHost:
        if cls._host is None:
            cls._host = SyncHost()
        if ruleset.name not in cls._registered:
            rules = cls.build_rules(ruleset)
            cls._joined[ruleset.name] = frozenset(
                name for name, rule in rules.items() if len(rule["all"]) > 1)
            cls._host.register_rulesets({ruleset.name: rules})
            cls._registered.add(ruleset.name)
        return cls._host

    @classmethod
    def _drain(cls, ruleset_name: str, batch: list[dict[str, Any]], sink: set[Match]) -> None:
        """Assert ``batch`` and collect every match as (code, kind, fact id) in ``sink``.

        The same native calls as the stock ``Ruleset.assert_facts`` + ``do_actions``;
        each action is completed right away (no state change), reading only ids."""
        assert cls._host is not None
        rules = cls._host.get_ruleset(ruleset_name)
        handle = rules._handle
        joined = cls._joined[ruleset_name]
        state = rules._handle_result(
            native.assert_facts(handle, json.dumps(batch, ensure_ascii=False)), batch)
        started = native.start_action_for_state(handle, state)
        if not started:
            return
        state_json, message = started[0], started[1]
        try:
            while message:
                name = message[2:message.index('"', 2)]
                if name in joined:
                    code, kind = name.rsplit("|", 1)
                    payload = json.loads(message)[name]
                    matches = payload if isinstance(payload, list) else [payload]
                    sink.update((code, kind, m["m"]["id"]) for m in matches)
                elif name != "~sink":
                    code, kind = name.rsplit("|", 1)
                    sink.update((code, kind, fid) for fid in _ID.findall(message))
                native.update_state(handle, state_json)
                message = native.complete_and_start_action(handle, state)
        except BaseException:
            native.abandon_action(handle, state)
            raise

    @classmethod
    def build_rules(cls, ruleset: CompiledRuleset) -> dict[str, Any]:
        """The durable ruleset dict (with actions). Fresh objects each call:
        ``register_rulesets`` mutates its input."""
        rules: dict[str, Any] = {}
        alias = aliases(ruleset)
        for rule in ruleset.rules:
            for kind in KINDS:
                node = rule.parts.get(kind)
                if node is None:
                    continue
                patterns = [{"m": pattern(rule.scope, node, alias)}]
                if kind == "p" and rule.related is not None:
                    patterns.append({"r": {alias[rule.related.key]: {"m": "pfad"}}})
                check_safe(patterns)
                # cap: one action call receives up to CAP matches (the glue per call,
                # not the matching, dominates durable's cost)
                rules[f"{rule.code}|{kind}"] = {"cap": CAP, "all": copy.deepcopy(patterns),
                                                "run": _completed_by_drain}
        # catch-all: a fact that matches no rule would fail the whole batch
        rules["~sink"] = {"cap": 1000, "all": [{"m": {"$ex": {"t": 1}}}], "run": _completed_by_drain}
        return rules

    _fields: dict[str, dict[str, frozenset[str]]] = {}
    _aliases: dict[str, Alias] = {}

    @classmethod
    def _project(cls, ruleset: CompiledRuleset, facts: list[dict[str, Any]],
                 sid: str) -> list[dict[str, Any]]:
        """Only the facts a rule can match, with only the fields some rule reads:
        everything else would only cost JSON encoding and decoding in durable."""
        if ruleset.name not in cls._fields:
            cls._fields[ruleset.name] = ruleset.fields_by_type()
            cls._aliases[ruleset.name] = aliases(ruleset)
        fields = cls._fields[ruleset.name]
        alias = cls._aliases[ruleset.name]
        keys = fields["*"]
        batch = []
        for fact in facts:
            wanted = fields.get(fact["t"])
            related = keys.intersection(fact)
            if wanted is None and not related:
                continue
            record = {"t": fact["t"], "id": fact["id"], "pfad": fact["pfad"], "sid": sid}
            for name in (wanted or ()):
                if name in fact:
                    record[alias[name]] = fact[name]
            for name in related:
                record[alias[name]] = fact[name]
            batch.append(record)
        return batch

    def evaluate(self, ruleset: CompiledRuleset, facts: list[dict[str, Any]]) -> EngineResult:
        with self._lock:
            host = self._ensure(ruleset)
            sid = f"plan{next(self._sids)}"
            found: set[Match] = set()
            batch = self._project(ruleset, assign_ids(facts), sid)
            try:
                problem = unrepresentable(batch)
                if problem:
                    raise EngineError(problem)
                if batch:
                    self._drain(ruleset.name, batch, found)
                return EngineResult(frozenset(found))
            except EngineError as exc:
                return EngineResult(frozenset(), error=str(exc))
            except Exception as exc:  # durable raises plain Exceptions with numeric codes
                return EngineResult(frozenset(), error=f"durable-rules: {exc}")
            finally:
                try:
                    host.delete_state(ruleset.name, sid)
                except Exception:
                    pass
