"""Load and validate rule files; every error names the file, the rule and the field."""

from __future__ import annotations

import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from mepcheck.facts import REGISTRY
from mepcheck.loading.errors import format_path
from mepcheck.loading.files import read_text_file
from mepcheck.loading.messages import german_message
from mepcheck.loading.yamlsafe import ReadError, read_structured
from mepcheck.rules.conditions import ConditionError, ParseContext, parse_condition, scan_optional
from mepcheck.rules.errors import RuleFileError
from mepcheck.rules.spec import FAMILIES, RuleSpec


def display_value(expr: Any, values: dict[str, Any], options: dict[str, Any],
                  check: dict[str, Any] | None = None) -> Any:
    """Evaluate a display expression on typed values (for messages only)."""
    from decimal import Decimal

    if isinstance(expr, dict) and len(expr) == 1:
        ((key, arg),) = expr.items()
        if key == "field":
            if check is not None:
                if arg not in check:
                    raise ConditionError(f"Feld {arg!r} unbekannt")
                return Decimal(1)
            return values.get(arg)
        if key == "option":
            if arg not in options:
                raise ConditionError(f"Option {arg!r} unbekannt")
            return options[arg] if check is None else Decimal(1)
        if key in ("add", "sub", "mul", "div") and isinstance(arg, list) and len(arg) == 2:
            left = display_value(arg[0], values, options, check)
            right = display_value(arg[1], values, options, check)
            if left is None or right is None:
                return None
            left, right = Decimal(str(left)), Decimal(str(right))
            if key == "add":
                return left + right
            if key == "sub":
                return left - right
            if key == "mul":
                return left * right
            return left / right if right else None
        raise ConditionError(f"unbekannter Ausdruck {key!r}")
    if isinstance(expr, int | float) and not isinstance(expr, bool):
        return Decimal(str(expr))
    raise ConditionError(f"ungültiger Ausdruck {expr!r}")


@dataclass(frozen=True)
class LoadedRule:
    spec: RuleSpec
    path: Path


def default_rules_dir() -> Path:
    """The rules shipped with mepcheck (inside the wheel, or the repository's ``rules/``)."""
    packaged = Path(__file__).resolve().parent.parent / "_data" / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "rules"


def is_rule_file(path: Path, root: Path) -> bool:
    rel = path.relative_to(root)
    return (
        path.suffix == ".yaml"
        and not path.name.endswith(".cases.yaml")
        and rel.parts[0] in FAMILIES
        and len(rel.parts) == 2
    )


def option_context(spec: RuleSpec, overrides: dict[str, Any] | None = None) -> dict[str, tuple[str, Any]]:
    overrides = overrides or {}
    return {
        name: (opt.type.value, overrides.get(name, opt.default)) for name, opt in spec.options.items()
    }


def semantic_problems(spec: RuleSpec, where: str) -> list[str]:
    """Checks beyond the schema: scope, fields, options, messages, related facts."""
    problems: list[str] = []
    fact = REGISTRY.get(spec.scope)
    if fact is None:
        return [f"{where} scope: Fakt '{spec.scope}' unbekannt (bekannt: {', '.join(sorted(REGISTRY))})"]
    ctx = ParseContext(fact, option_context(spec), f"{where} condition",
                       scan_optional(spec.applies_when, spec.condition))
    try:
        parse_condition(spec.condition, ctx)
    except ConditionError as exc:
        problems.append(str(exc))
    if spec.applies_when is not None:
        ctx.where = f"{where} applies_when"
        try:
            node = parse_condition(spec.applies_when, ctx)
            from mepcheck.rules.conditions import negate
            negate(node, ctx.optional, ctx.where)
        except ConditionError as exc:
            problems.append(str(exc))
    known = set(fact.fields) | set(spec.options) | set(spec.display) | {"pfad"}
    for name, param in spec.display.items():
        try:
            display_value(param.expr, {}, {k: o.default for k, o in spec.options.items()}, check=fact.fields)
        except (ConditionError, KeyError, TypeError) as exc:
            problems.append(f"{where} display.{name}: {exc}")
    for template_name, template in (("message", spec.message), ("message_passed", spec.message_passed),
                                    ("pending", spec.pending)):
        if not template:
            continue
        try:
            fields = [f for _, f, _, _ in string.Formatter().parse(template) if f]
        except ValueError as exc:
            problems.append(f"{where} {template_name}: ungültige Vorlage ({exc})")
            continue
        for name in fields:
            if name not in known:
                problems.append(f"{where} {template_name}: Platzhalter {{{name}}} ist weder Feld "
                                f"von '{spec.scope}' noch Option")
    for name in spec.remedy_fields():
        if name not in spec.options:
            problems.append(f"{where} remedy: Platzhalter {{{name}}} ist keine Option der Regel; "
                            "die Abhilfe steht für alle Fundstellen einer Regel einmal und darf "
                            "daher nur Optionen einsetzen (Werte einer Fundstelle gehören in "
                            "die Meldung)")
    if spec.related is not None:
        rel = REGISTRY.get(spec.related.fact)
        if rel is None:
            problems.append(f"{where} related.fact: Fakt '{spec.related.fact}' unbekannt")
        elif spec.related.key not in rel.fields:
            problems.append(f"{where} related.key: Feld '{spec.related.key}' fehlt bei '{rel.name}'")
        else:
            others = [t for t, ft in REGISTRY.items() if t != rel.name and spec.related.key in ft.fields]
            if others:
                problems.append(f"{where} related.key: Feld '{spec.related.key}' kommt auch bei "
                                f"{', '.join(others)} vor; ein Verknüpfungsfeld muss eindeutig sein")
    if not problems:  # the compiled parts must fit the engine's limits
        from mepcheck.engine.compiled import compile_rule

        try:
            compile_rule(LoadedRule(spec, Path(where.split(" ")[0])), {}, spec.severity)
        except ConditionError as exc:
            problems.append(str(exc))
    for name, opt in spec.options.items():
        if opt.source is None and opt.land_param is None:
            problems.append(f"{where} options.{name}.source: jede Option braucht eine Quelle")
    return problems


def load_rule_file(path: Path, root: Path | None = None) -> LoadedRule:
    """Load one rule file; raise :class:`RuleFileError` with every problem."""
    try:
        data, positions = read_structured(read_text_file(path), is_json=False)
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError([f"{path}: nicht lesbar ({exc})"]) from None
    except ReadError as exc:
        raise RuleFileError([f"{path}:{exc.line or 0}: {exc.message}"]) from None
    code = data.get("code", "?") if isinstance(data, dict) else "?"
    try:
        spec = RuleSpec.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            line = positions.find(loc)[0]
            problems.append(f"{path}:{line or 0} {code} {format_path(loc)}: {german_message(err)}")
        raise RuleFileError(problems) from None
    where = f"{path} {spec.code}"
    problems = semantic_problems(spec, where)
    if root is not None:
        rel = path.relative_to(root)
        if rel.parts[0] != spec.family:
            problems.append(f"{where} family: '{spec.family}' passt nicht zum Ordner '{rel.parts[0]}'")
    if path.stem != spec.code:
        problems.append(f"{where} code: Dateiname muss '{spec.code}.yaml' sein")
    if problems:
        raise RuleFileError(problems)
    return LoadedRule(spec, path)


def load_rules(*dirs: Path) -> dict[str, LoadedRule]:
    """Load every rule below the given folders, sorted by code; all problems at once."""
    rules: dict[str, LoadedRule] = {}
    problems: list[str] = []
    for root in dirs:
        root = Path(root)
        if not root.is_dir():
            problems.append(f"{root}: Regelordner nicht gefunden")
            continue
        for path in sorted(root.rglob("*.yaml")):
            if not is_rule_file(path, root):
                continue
            try:
                rule = load_rule_file(path, root)
            except RuleFileError as exc:
                problems.extend(exc.problems)
                continue
            if rule.spec.code in rules:
                problems.append(f"{path} {rule.spec.code} code: Code ist schon vergeben "
                                f"({rules[rule.spec.code].path})")
                continue
            rules[rule.spec.code] = rule
    if problems:
        raise RuleFileError(problems)
    return dict(sorted(rules.items()))
