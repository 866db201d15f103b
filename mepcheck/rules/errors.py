"""Errors in rule files and profiles."""

from __future__ import annotations


class RuleFileError(Exception):
    """A rule file or profile is invalid; the message names file, rule and field."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))
