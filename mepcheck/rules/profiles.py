"""Profiles select rules and override options and severities; a profile can extend
another. Land parameters (``rules/laender.yaml``) feed options that name a
``land_param``; the plan's Land chooses the value, a profile override wins.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mepcheck.loading.errors import format_path
from mepcheck.loading.files import read_text_file
from mepcheck.loading.messages import german_message
from mepcheck.loading.yamlsafe import ReadError, read_structured
from mepcheck.rules.errors import RuleFileError
from mepcheck.rules.loader import LoadedRule
from mepcheck.rules.severity import OptionOrigin, effective_severity
from mepcheck.rules.spec import OptionType, Source, check_option_value
from mepcheck.types import Land, Severity, SourceStatus


class ProfileSpec(BaseModel):
    """A profile file (``rules/profiles/<name>.yaml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9.\-]*$")
    title: str
    description: str
    extends: str | None = None
    land: Land | None = None
    provisional: bool = False
    select: list[str] = Field(default_factory=list, description="Code-Muster oder family:NAME, tag:NAME")
    ignore: list[str] = Field(default_factory=list)
    options: dict[str, dict[str, Any]] = Field(default_factory=dict)
    severity: dict[str, Severity] = Field(default_factory=dict)
    notes: list[str] = Field(default_factory=list, description="Lücken und Hinweise für dieses Profil")


class LandValue(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    value: Any
    source: Source


class LandParam(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str
    type: OptionType
    values: dict[Land, LandValue] = Field(default_factory=dict)


class LandTable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    params: dict[str, LandParam] = Field(default_factory=dict)


@dataclass(frozen=True)
class ResolvedProfile:
    """A profile with its chain resolved: selected codes, options and severities."""

    name: str
    title: str
    chain: tuple[str, ...]
    land: str | None
    provisional: bool
    codes: tuple[str, ...]
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    option_sources: dict[str, dict[str, str]] = field(default_factory=dict)
    severity: dict[str, Severity] = field(default_factory=dict)
    """Effective severity of every selected rule (profile override, then the Land policy)."""
    severity_notes: dict[str, str] = field(default_factory=dict)
    """Why a rule's severity was lowered for this Land (German), by code."""
    notes: tuple[str, ...] = ()


def _read(path: Path) -> tuple[Any, Any]:
    try:
        return read_structured(read_text_file(path), is_json=False)
    except ReadError as exc:
        raise RuleFileError([f"{path}:{exc.line or 0}: {exc.message}"]) from None
    except OSError as exc:
        raise RuleFileError([f"{path}: nicht lesbar ({exc})"]) from None


def _validate(model: type[BaseModel], path: Path) -> Any:
    data, positions = _read(path)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise RuleFileError([
            f"{path}:{positions.find(tuple(e['loc']))[0] or 0} {format_path(tuple(e['loc']))}: "
            f"{german_message(e)}" for e in exc.errors(include_url=False)
        ]) from None


def load_profiles(root: Path) -> dict[str, ProfileSpec]:
    """Every profile in ``root/profiles``."""
    profiles: dict[str, ProfileSpec] = {}
    problems: list[str] = []
    for path in sorted((root / "profiles").glob("*.yaml")):
        try:
            spec = _validate(ProfileSpec, path)
        except RuleFileError as exc:
            problems.extend(exc.problems)
            continue
        if spec.name != path.stem:
            problems.append(f"{path} name: muss '{path.stem}' heißen")
        profiles[spec.name] = spec
    if problems:
        raise RuleFileError(problems)
    return profiles


def load_land_table(root: Path) -> LandTable:
    path = root / "laender.yaml"
    if not path.exists():
        return LandTable()
    table = _validate(LandTable, path)
    problems = []
    for key, param in table.params.items():
        for land, entry in param.values.items():
            try:
                check_option_value(param.type, entry.value)
            except ValueError as exc:
                problems.append(f"{path} params.{key}.values.{land.value}: {exc}")
    if problems:
        raise RuleFileError(problems)
    return table


def _matches(pattern: str, rule: LoadedRule) -> bool:
    spec = rule.spec
    if pattern.startswith("family:"):
        return spec.family == pattern[7:]
    if pattern.startswith("tag:"):
        return pattern[4:] in spec.tags
    return fnmatch.fnmatchcase(spec.code, pattern)


def resolve_profile(
    name: str,
    profiles: dict[str, ProfileSpec],
    rules: dict[str, LoadedRule],
    land_table: LandTable,
    plan_land: str | None,
) -> ResolvedProfile:
    """Resolve ``name`` with its ``extends`` chain against the loaded rules."""
    if name not in profiles:
        raise RuleFileError([f"Profil '{name}' gibt es nicht (vorhanden: {', '.join(sorted(profiles))})"])
    chain: list[ProfileSpec] = []
    current: str | None = name
    while current is not None:
        if current in [p.name for p in chain]:
            raise RuleFileError([f"Profil '{name}': Zyklus in 'extends' bei '{current}'"])
        if current not in profiles:
            raise RuleFileError([f"Profil '{chain[-1].name}' erweitert unbekanntes Profil '{current}'"])
        chain.append(profiles[current])
        current = profiles[current].extends
    chain.reverse()  # base first
    land = next((p.land.value for p in reversed(chain) if p.land), None) or plan_land
    selected: set[str] = set()
    options: dict[str, dict[str, Any]] = {}
    severity: dict[str, Severity] = {}
    problems: list[str] = []
    for prof in chain:
        for pattern in prof.select:
            hits = {c for c, r in rules.items() if _matches(pattern, r)}
            if not hits and not pattern.startswith(("family:", "tag:")) and "*" not in pattern:
                problems.append(f"Profil '{prof.name}' select: Regel '{pattern}' gibt es nicht")
            selected |= hits
        for pattern in prof.ignore:
            selected -= {c for c, r in rules.items() if _matches(pattern, r)}
        for code, values in prof.options.items():
            if code not in rules:
                problems.append(f"Profil '{prof.name}' options: Regel '{code}' gibt es nicht")
                continue
            for opt, value in values.items():
                spec = rules[code].spec.options.get(opt)
                if spec is None:
                    problems.append(f"Profil '{prof.name}' options.{code}: Option '{opt}' gibt es nicht")
                    continue
                try:
                    check_option_value(spec.type, value)
                except ValueError as exc:
                    problems.append(f"Profil '{prof.name}' options.{code}.{opt}: {exc}")
                options.setdefault(code, {})[opt] = value
        severity.update(prof.severity)
    # Land-specific rules only for their Land
    selected = {c for c in selected if not rules[c].spec.lands or (land and land in
                {x.value for x in rules[c].spec.lands})}
    resolved_options: dict[str, dict[str, Any]] = {}
    sources: dict[str, dict[str, str]] = {}
    effective: dict[str, Severity] = {}
    severity_notes: dict[str, str] = {}
    for code in sorted(selected):
        spec = rules[code].spec
        origins: dict[str, OptionOrigin] = {}
        for opt_name, opt in spec.options.items():
            value, origin = opt.default, "Standardwert der Regel"
            status = opt.source.status if opt.source else SourceStatus.UNVERIFIED
            if opt.source:
                origin = f"Standardwert der Regel ({status.label})"
            if opt.land_param and land:
                param = land_table.params.get(opt.land_param)
                if param is None:
                    problems.append(f"Regel {code} options.{opt_name}.land_param: "
                                    f"'{opt.land_param}' fehlt in laender.yaml")
                elif Land(land) in param.values:
                    entry = param.values[Land(land)]
                    value = entry.value
                    status = entry.source.status
                    origin = f"Landesparameter {land} ({entry.source.status.label})"
                else:
                    origin = f"kein Landeswert für {land}; Standardwert der Regel ({status.label})"
            if opt_name in options.get(code, {}):
                value, origin = options[code][opt_name], f"Profil {name}"
                status = SourceStatus.UNVERIFIED  # profiles carry no source
            resolved_options.setdefault(code, {})[opt_name] = value
            sources.setdefault(code, {})[opt_name] = origin
            origins[opt_name] = OptionOrigin(status, origin)
        level, reason = effective_severity(spec, severity.get(code, spec.severity), land, origins)
        effective[code] = level
        if reason:
            severity_notes[code] = reason
    if problems:
        raise RuleFileError(problems)
    top = chain[-1]
    return ResolvedProfile(
        name=top.name, title=top.title, chain=tuple(p.name for p in chain), land=land,
        provisional=any(p.provisional for p in chain), codes=tuple(sorted(selected)),
        options=resolved_options, option_sources=sources, severity=effective,
        severity_notes=severity_notes,
        notes=tuple(n for p in chain for n in p.notes),
    )


def default_profile_name(profiles: dict[str, ProfileSpec], land: str, reference: dt.date) -> str:
    """The plan's Land chooses its profile; otherwise the reference date chooses the edition."""
    land_profile = f"land-{land.lower()}"
    if land_profile in profiles:
        return land_profile
    return "digitalpakt-2019" if reference < dt.date(2025, 1, 1) else "digitalpakt-2.0"
