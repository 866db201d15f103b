"""The severity policy, applied per Land (documented in ``docs/schweregrade.md``).

A rule file states the severity its source supports where the source holds. For a
given Land the checker may only report ``error`` if

* at least one legal-basis source of the rule is ``verified`` and holds for that Land
  (a source without ``lands`` holds everywhere; a verified Land-table value alone is not
  enough – a value that *permits* something is no legal basis for a duty), and
* every option that decides the verdict (an option named in ``condition``) has a
  verified value for that Land: a verified Land-table value, or a default whose own
  source is verified (a profile override counts as unverified: profiles carry no source).

Otherwise the severity drops to the rule's ``severity_unverified`` (``warning`` unless
the rule says ``info``) and the finding says why. Updating a Land value to ``verified``
in ``rules/laender.yaml`` therefore raises the verdict back to ``error`` – a data edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mepcheck.rules.spec import RuleSpec
from mepcheck.types import LAND_NAMES, Severity, SourceStatus


@dataclass(frozen=True)
class OptionOrigin:
    """Where the value of one option comes from for one Land, and how sure it is."""

    status: SourceStatus
    origin: str
    """German, e.g. "Landesparameter NW (im Primärtext geprüft)"."""


def condition_options(node: Any) -> set[str]:
    """Names of the options referenced anywhere in a condition (``{option: name}``)."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "option" and isinstance(value, str):
                found.add(value)
            else:
                found |= condition_options(value)
    elif isinstance(node, list):
        for item in node:
            found |= condition_options(item)
    return found


def deciding_options(spec: RuleSpec) -> list[str]:
    """The options that decide passed/failed (named in ``condition``), sorted."""
    return sorted(condition_options(spec.condition) & set(spec.options))


def verified_basis_for(spec: RuleSpec, land: str | None) -> bool:
    """Whether a verified legal-basis source of the rule holds for ``land``."""
    for source in spec.legal_basis:
        if source.status is not SourceStatus.VERIFIED:
            continue
        if not source.lands or (land is not None and land in {x.value for x in source.lands}):
            return True
    return False


def effective_severity(spec: RuleSpec, severity: Severity, land: str | None,
                       origins: dict[str, OptionOrigin]) -> tuple[Severity, str | None]:
    """The severity to report in ``land`` and, if lowered, the German reason."""
    if severity is not Severity.ERROR or land is None:
        return severity, None
    lowered = spec.severity_unverified
    land_name = LAND_NAMES.get(land, land)
    if not verified_basis_for(spec, land):
        return lowered, (f"{lowered.label} statt Fehler: keine im Primärtext geprüfte Rechtsgrundlage "
                         f"dieser Regel gilt für {land_name}")
    weak = [f"{name} ({origins[name].origin})" for name in deciding_options(spec)
            if name in origins and origins[name].status is not SourceStatus.VERIFIED]
    if weak:
        return lowered, (f"{lowered.label} statt Fehler: der entscheidende Wert für {land_name} ist "
                         f"nicht im Primärtext geprüft – {', '.join(weak)}")
    return severity, None
