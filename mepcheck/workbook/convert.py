"""Convert plans between YAML, JSON and workbook (.xlsx) files, in every direction."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

import yaml

from mepcheck.model import Plan
from mepcheck.workbook.formats import TEXT_SUFFIXES


class ConvertError(Exception):
    """A conversion that cannot be done (German message)."""


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    return value


class _Dumper(yaml.SafeDumper):
    """Amounts as plain numbers with their cents (``450.00``), never as quoted text."""


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    text = format(value, "f")
    if "." not in text:
        text += ".0"
    return dumper.represent_scalar("tag:yaml.org,2002:float", text)


_Dumper.add_representer(Decimal, _decimal)


def plan_dict(plan: Plan) -> dict[str, Any]:
    """The plan as plain data with German keys, without values equal to their defaults."""
    return _plain(plan.model_dump(by_alias=True, exclude_defaults=True, mode="python"))


def plan_yaml(plan: Plan) -> str:
    """The plan as a YAML plan file."""
    header = "# Medienentwicklungsplan – erzeugt von mepcheck convert\n"
    return header + yaml.dump(plan_dict(plan), Dumper=_Dumper, allow_unicode=True,
                              sort_keys=False, width=100)


def plan_json(plan: Plan) -> str:
    """The plan as a JSON plan file (amounts as text with cents, dates ISO)."""
    def default(value: Any) -> Any:
        if isinstance(value, Decimal):
            return format(value, "f")
        if isinstance(value, dt.date):
            return value.isoformat()
        raise TypeError(type(value).__name__)

    return json.dumps(plan_dict(plan), ensure_ascii=False, indent=2, default=default) + "\n"


def render_plan(plan: Plan, target: Path, *, findings: Sequence[Any] | None = None) -> bytes:
    """The bytes of ``plan`` in the format named by ``target``'s suffix."""
    suffix = target.suffix.lower()
    if suffix == ".xlsx":
        from mepcheck.workbook.writer import workbook_bytes

        return workbook_bytes(plan, findings=findings)[0]
    if findings is not None:
        raise ConvertError("Befunde können nur in eine Arbeitsmappe (.xlsx) geschrieben werden")
    if suffix in (".yaml", ".yml"):
        return plan_yaml(plan).encode("utf-8")
    if suffix == ".json":
        return plan_json(plan).encode("utf-8")
    raise ConvertError(f"{target}: unbekanntes Zielformat; erwartet "
                       f"{', '.join(sorted(TEXT_SUFFIXES))} oder .xlsx")


def write_plan(plan: Plan, target: str | Path, *, force: bool = False,
               inputs: Sequence[str | Path] = (), findings: Sequence[Any] | None = None) -> Path:
    """Write ``plan`` atomically to ``target`` (never over an input, existing only with force)."""
    from mepcheck.io import check_target, write_atomic

    target = Path(target)
    check_target(target, force=force, inputs=inputs)
    return write_atomic(target, render_plan(plan, target, findings=findings), force=force,
                        inputs=inputs)
