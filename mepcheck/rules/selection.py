"""``--select`` / ``--ignore``: narrow a profile's rules by code, prefix, family or tag.

A pattern is a rule code (``DP19-TPEK``), a prefix (``DSGVO-`` or ``DSGVO``: every
code that starts with it and a dash), a glob (``DP19-*-CAP``), ``family:NAME`` or
``tag:NAME``. ``select`` keeps only matching rules of the profile (it never adds a
rule the profile leaves out, e.g. another Land's rule); ``ignore`` removes matching
rules. The profile's notes name the selection so every report shows it.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, replace
from typing import Any

from mepcheck.rules.errors import RuleFileError


def pattern_matches(pattern: str, code: str, family: str, tags: tuple[str, ...] | list[str] = ()) -> bool:
    """Whether ``pattern`` names the rule ``code``."""
    if pattern.startswith("family:"):
        return family == pattern[7:]
    if pattern.startswith("tag:"):
        return pattern[4:] in tags
    if any(ch in pattern for ch in "*?["):
        return fnmatch.fnmatchcase(code, pattern)
    if pattern.endswith("-"):
        return code.startswith(pattern)
    return code == pattern or code.startswith(pattern + "-")


@dataclass(frozen=True)
class Selection:
    """The rules chosen on the command line or in the configuration file."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.select or self.ignore)

    def keeps(self, code: str, family: str, tags: tuple[str, ...] | list[str] = ()) -> bool:
        if self.select and not any(pattern_matches(p, code, family, tags) for p in self.select):
            return False
        return not any(pattern_matches(p, code, family, tags) for p in self.ignore)

    def check(self, rules: dict[str, Any]) -> None:
        """Raise :class:`RuleFileError` for patterns that name no rule at all (a typo)."""
        problems = []
        for option, patterns in (("--select", self.select), ("--ignore", self.ignore)):
            for pattern in patterns:
                if not any(pattern_matches(pattern, code, r.spec.family, r.spec.tags)
                           for code, r in rules.items()) and not pattern.startswith("MEP-WAIVER"):
                    problems.append(f"{option} {pattern}: keine Regel passt dazu "
                                    "(Code, Präfix wie 'DSGVO-', family:NAME oder tag:NAME)")
        if problems:
            raise RuleFileError(problems)

    def narrow(self, profile: Any, rules: dict[str, Any]) -> Any:
        """The profile with only the kept rules, and a note naming the selection."""
        if not self:
            return profile
        codes = tuple(c for c in profile.codes
                      if self.keeps(c, rules[c].spec.family, rules[c].spec.tags))
        note = "Regelauswahl:" + (f" nur {', '.join(self.select)}" if self.select else "") + \
            (f"; ohne {', '.join(self.ignore)}" if self.ignore else "")
        return replace(profile, codes=codes, notes=(*profile.notes, note.replace(":;", ":")))


def split_patterns(values: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """``("DP19-,DSGVO-", "FOLGEK-")`` → ``("DP19-", "DSGVO-", "FOLGEK-")``."""
    return tuple(p.strip() for v in values for p in v.split(",") if p.strip())


ALL_RULES = Selection()
"""No selection: every rule of the profile."""
