"""Rule documentation generated from the rule files (never typed twice)."""

from __future__ import annotations

from typing import Any

from mepcheck.fmt import by_kind
from mepcheck.rules.loader import LoadedRule
from mepcheck.rules.profiles import LandTable
from mepcheck.rules.spec import CHAPTERS, FAMILIES
from mepcheck.types import LAND_NAMES

_STATUS = {"verified": "im Primärtext geprüft", "secondary": "nur Sekundärquelle",
           "unverified": "NICHT VERIFIZIERT"}


def _option_value(kind: str, value: Any) -> str:
    return by_kind(kind, value)


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
    if s.provisional:
        out.append("- **Vorläufig**: die zugrunde liegende Richtlinie liegt noch nicht vor.")
    if s.tags:
        out.append(f"- Schlagworte: {', '.join(s.tags)}")
    out += ["", "## Was die Regel prüft", "", s.docs.checks.strip(), "",
            "## Warum", "", s.docs.why.strip(), "", "## Rechtsgrundlage und Quellen", ""]
    for src in s.legal_basis:
        line = f"- {src.title}" + (f", {src.paragraph}" if src.paragraph else "")
        line += f" – {src.url} – Status: {_STATUS[src.status.value]}"
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
