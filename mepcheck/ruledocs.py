"""Rule documentation generated from the rule files (never typed twice)."""

from __future__ import annotations

from typing import Any

from mepcheck.fmt import by_kind
from mepcheck.rules.loader import LoadedRule
from mepcheck.rules.profiles import LandTable
from mepcheck.rules.spec import CHAPTERS, FAMILIES
from mepcheck.types import LAND_NAMES, Land, Severity

_STATUS = {"verified": "im Primärtext geprüft", "secondary": "nur Sekundärquelle",
           "unverified": "NICHT VERIFIZIERT"}


def _option_value(kind: str, value: Any) -> str:
    return by_kind(kind, value)


def severity_in_land(rule: LoadedRule, land_table: LandTable, land: Land) -> Severity:
    """The rule's severity in ``land`` by the severity policy (without profile overrides)."""
    from mepcheck.rules.severity import OptionOrigin, effective_severity
    from mepcheck.types import SourceStatus

    spec = rule.spec
    origins = {}
    for name, opt in spec.options.items():
        status = opt.source.status if opt.source else SourceStatus.UNVERIFIED
        param = land_table.params.get(opt.land_param or "")
        if param is not None and land in param.values:
            status = param.values[land].source.status
        origins[name] = OptionOrigin(status, "")
    level, _ = effective_severity(spec, spec.severity, land.value, origins)
    return level


def severity_by_land(rule: LoadedRule, land_table: LandTable) -> dict[str, list[str]]:
    """Severity label → Länder, by the severity policy (without profile overrides)."""
    spec = rule.spec
    out: dict[str, list[str]] = {}
    for land in Land:
        if spec.lands and land not in spec.lands:
            continue
        out.setdefault(severity_in_land(rule, land_table, land).label, []).append(land.value)
    return out


def rule_markdown(rule: LoadedRule, land_table: LandTable | None = None) -> str:
    """The full documentation page of a rule (German, Markdown)."""
    s = rule.spec
    lands = ", ".join(LAND_NAMES[x.value] for x in s.lands) or "alle Länder"
    out = [
        f"# {s.code} – {s.title}",
        "",
        f"- Name: `{s.name}`",
        f"- Familie: {FAMILIES[s.family]}",
        f"- Schwere: {s.severity.label} (`{s.severity.value}`)",
        f"- Kapitel: {s.chapter} {CHAPTERS[s.chapter]}",
        f"- Geltung: {s.validity.edition}"
        + (f", ab {by_kind('date', s.validity.valid_from)}" if s.validity.valid_from else "")
        + (f", bis {by_kind('date', s.validity.valid_until)}" if s.validity.valid_until else ""),
        f"- Länder: {lands}",
        f"- Prüft: Fakt `{s.scope}`" + (f", verknüpft mit `{s.related.fact}`" if s.related else ""),
    ]
    if land_table is not None and s.severity.value == "error":
        by_land = severity_by_land(rule, land_table)
        if len(by_land) > 1:
            out.append("- Schwere je Land (docs/schweregrade.md): " + "; ".join(
                f"{label}: {', '.join(codes)}" for label, codes in by_land.items()))
    if s.provisional:
        out.append("- **Vorläufig**: nie „erfüllt“; es fehlen noch "
                   + (s.pending or "die zugrunde liegende Richtlinie") + ".")
    if s.tags:
        out.append(f"- Schlagworte: {', '.join(s.tags)}")
    out += ["", "## Was die Regel prüft", "", s.docs.checks.strip(), "",
            "## Warum", "", s.docs.why.strip(), "", "## Rechtsgrundlage und Quellen", ""]
    for src in s.legal_basis:
        line = f"- {src.title}" + (f", {src.paragraph}" if src.paragraph else "")
        line += f" – {src.url} – Status: {_STATUS[src.status.value]}"
        if src.lands:
            line += f" – gilt für: {', '.join(x.value for x in src.lands)}"
        if src.note:
            line += f" ({src.note})"
        out.append(line)
    out += ["", "## Optionen", ""]
    if not s.options:
        out.append("Keine.")
    for name, opt in s.options.items():
        line = f"- `{name}` ({opt.type.value}): {opt.description} – Standard: " \
               f"{_option_value(opt.type.value, opt.default)}"
        if opt.unit:
            line += f" {opt.unit}"
        if opt.source:
            line += f"; Quelle: {opt.source.title} – {opt.source.url} – Status: {_STATUS[opt.source.status.value]}"
        out.append(line)
        if opt.land_param and land_table and opt.land_param in land_table.params:
            param = land_table.params[opt.land_param]
            out.append(f"  - Landesparameter `{opt.land_param}`:")
            for land, entry in sorted(param.values.items(), key=lambda kv: kv[0].value):
                out.append(f"    - {land.value}: {_option_value(param.type.value, entry.value)} "
                           f"({entry.source.title}, Status: {_STATUS[entry.source.status.value]})")
    out += ["", "## Beispiel: verstößt", "", s.docs.violating.strip(), "",
            "## Beispiel: erfüllt", "", s.docs.satisfying.strip(), "",
            "## Bekannte Grenzen", "", s.docs.limitations.strip(), "",
            "## Meldung", "", s.message.strip(), "", "## Abhilfe", "", s.remedy.strip(), ""]
    return "\n".join(out)
