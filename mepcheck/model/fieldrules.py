"""Which rules read a plan field: derived by changing the field and watching the facts.

For every field of the plan model, the field is changed in a few example plans (set,
removed, given another allowed value); the facts are built again and compared with the
unchanged ones. A rule reads the field if its condition reads a fact field that changed.
This follows every derivation (sums, ratios, projections) without a hand-kept list.

The result is stored in ``felder_regeln.yaml`` (read at import, cheap) and checked by a
test; regenerate it after adding fields, facts or rules::

    .venv/bin/python -m mepcheck.model.fieldrules --write
"""

from __future__ import annotations

import copy
import datetime as dt
import sys
import types
import typing
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from mepcheck.model.fieldtexts import RULES_PATH, nested_models, plan_models

ROOT = Path(__file__).resolve().parents[2]
BASE_PLANS = ("fixtures/cases/minimal.yaml", "fixtures/examples/gemeinde-lindenau.yaml",
              "fixtures/examples/freier-traeger-rosenstein.yaml",
              "fixtures/examples/foerderverstoesse.yaml")


def _rule_reads() -> dict[tuple[str, str], set[str]]:
    """(fact type, fact field) → codes of the rules whose conditions read it, over all
    profiles (each with its own Land, general ones with every Land that has rules)."""
    from mepcheck.engine.compiled import compile_ruleset
    from mepcheck.rulebase import load_rulebase
    from mepcheck.rules.conditions import Cmp, Exists, Match, Missing, expr_fields, walk
    from mepcheck.rules.profiles import resolve_profile

    base = load_rulebase()
    reads: dict[tuple[str, str], set[str]] = {}
    lands = sorted({p.land.value for p in base.profiles.values() if p.land} | {"NW"})
    for name, spec in base.profiles.items():
        for land in ([spec.land.value] if spec.land else lands):
            try:
                profile = resolve_profile(name, base.profiles, base.rules, base.land_table, land)
                ruleset = compile_ruleset(base.rules, profile)
            except Exception:
                continue
            for rule in ruleset.rules:
                for node in rule.parts.values():
                    for leaf in walk(node):
                        names: set[str] = set()
                        if isinstance(leaf, Cmp):
                            names = {leaf.field, *expr_fields(leaf.value)}
                        elif isinstance(leaf, Exists | Missing | Match):
                            names = {leaf.field}
                        for field in names:
                            reads.setdefault((rule.scope, field), set()).add(rule.code)
    return reads


def _facts(data: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]] | None:
    from mepcheck.checker import build_facts, compute_figures, encode_facts
    from mepcheck.loading.references import reference_issues
    from mepcheck.model import Plan

    if next(iter(reference_issues(data)), None) is not None:
        return None  # a changed id: the loader would refuse the plan
    try:
        plan = Plan.model_validate(data)
    except (ValidationError, ValueError):
        return None
    encoded = encode_facts(build_facts(plan, compute_figures(plan)))
    return {(f["t"], str(f.get("pfad"))): f for f in encoded}


def _changed(before: dict, after: dict) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for key in before.keys() | after.keys():
        old, new = before.get(key, {}), after.get(key, {})
        for field in old.keys() | new.keys():
            if field not in ("id", "pfad") and old.get(field) != new.get(field):
                out.add((key[0], field))
    return out


def _inner(annotation: Any) -> tuple[Any, bool, bool]:
    """(scalar type, optional, is_list) of a field annotation."""
    optional = False
    is_list = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            annotation = args[0]
        elif origin is list:
            is_list = True
            annotation = typing.get_args(annotation)[0]
        elif origin is typing.Literal:
            return typing.get_args(annotation), optional, is_list
        else:
            return annotation, optional, is_list


def _candidates(info: Any, current: Any) -> list[Any]:
    """Other allowed values for a field (``_DELETE`` removes it)."""
    kind, optional, is_list = _inner(info.annotation)
    values: list[Any] = []
    if isinstance(kind, tuple):  # Literal
        values = list(kind)
    elif isinstance(kind, type) and issubclass(kind, Enum):
        members = [m.value for m in kind]
        values = [members[0], members[-1], members[len(members) // 2]]
    elif kind is bool:
        values = [True, False]
    elif kind is dt.date:
        values = ["2020-01-15", "2027-06-30", "2032-12-31"]
    elif kind in (int, float, Decimal):
        values = [0, 1, 3, 2027, 40, 1500, "0.5"]
    elif kind is str:
        values = ["geändert", "x"]
    if is_list:
        values = [[], values[:1], values]
    if optional or info.default is not None or is_list:
        values.append(_DELETE)
    return [v for v in values if v != current]


_DELETE = object()


def _objects(data: Any, model: type[BaseModel], path: tuple = ()) -> list[tuple[tuple, dict]]:
    """Every (path, raw dict) in ``data`` validated by ``model``."""
    from mepcheck.model import Plan

    found: list[tuple[tuple, dict]] = []

    def visit(node: Any, current: type[BaseModel], where: tuple) -> None:
        if not isinstance(node, dict):
            return
        if current is model:
            found.append((where, node))
        for name, info in current.model_fields.items():
            key = info.alias or name
            subs = nested_models(info.annotation)
            if not subs or key not in node:
                continue
            value = node[key]
            items = value if isinstance(value, list) else [value]
            for index, item in enumerate(items):
                visit(item, subs[0], (*where, key, index))

    visit(data, Plan, path)
    return found


def derive() -> dict[str, dict[str, list[str]]]:
    """Model name → German key → sorted rule codes that read the field."""
    from mepcheck.model import Plan

    reads = _rule_reads()
    plans = [yaml.safe_load((ROOT / p).read_text(encoding="utf-8")) for p in BASE_PLANS]
    baselines = [_facts(p) for p in plans]
    result: dict[str, dict[str, list[str]]] = {}
    for model in plan_models(Plan):
        for name, info in model.model_fields.items():
            key = info.alias or name
            if nested_models(info.annotation):
                continue  # a section: its own fields carry the rules
            codes: set[str] = set()
            for data, baseline in zip(plans, baselines, strict=True):
                if baseline is None:
                    continue
                # per place the model is used (a Concept is the Medienkonzept, the
                # Nutzungsordnung …): the first object, and the first that has the field
                chosen: dict[int, dict] = {}
                places: dict[tuple, list[dict]] = {}
                for where, obj in _objects(data, model):
                    places.setdefault(tuple(p for p in where if isinstance(p, str)), []).append(obj)
                for objs in places.values():
                    for obj in objs[:1] + [o for o in objs if key in o][:1]:
                        chosen[id(obj)] = obj
                for obj in chosen.values():
                    for value in _candidates(info, obj.get(key, _DELETE)):
                        had, old = key in obj, obj.get(key)
                        if value is _DELETE:
                            obj.pop(key, None)
                        else:
                            obj[key] = copy.deepcopy(value)
                        facts = _facts(data)
                        if had:
                            obj[key] = old
                        else:
                            obj.pop(key, None)
                        if facts is None:
                            continue
                        for changed in _changed(baseline, facts):
                            codes |= reads.get(changed, set())
            if codes:
                result.setdefault(model.__name__, {})[key] = sorted(codes)
    return result


HEADER = """\
# Which rules read each plan field (model -> German key -> rule codes).
# GENERATED by `python -m mepcheck.model.fieldrules --write`; do not edit by hand.
# Derived by changing each field in the example plans and comparing the facts.
"""


def render() -> str:
    return HEADER + yaml.safe_dump(derive(), allow_unicode=True, sort_keys=True, width=100)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = render()
    if "--write" in args:
        RULES_PATH.write_text(text, encoding="utf-8")
        print(f"geschrieben: {RULES_PATH}")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
