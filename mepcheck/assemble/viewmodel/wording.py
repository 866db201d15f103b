"""Reader's words for texts that come from rules and facts: no plan keys, no raw values.

Rule messages and remedies name the plan's keys (``unter 'zweckbindung_bis' eintragen``)
and fact subjects carry raw values (``Gesamtschule: interaktives_display``): right for the
plan's author in the check report, tool internals in a document for a council. The
document shows the field's German title (the ``title`` of the model field, else its
description, else the key in words) and the German label of a value
(:mod:`mepcheck.labels`). Line numbers never appear in the body or the main annex; an
optional technical annex carries paths and lines for the plan's author.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from mepcheck.labels import _LABELS, label

_QUOTED = re.compile(r"'([A-Za-z_][\w.\[\]]*)(?::\s*([^']*))?'")
"""A quoted plan key (``'zweckbindung_bis'``, ``'traeger.datenpannen_prozess'``) or a
quoted key with its value (``'avv: vorhanden'``)."""

_RAW_TOKEN = re.compile(r"(?<![\w'./:@{-])([a-z][a-z0-9]*(?:_[a-z0-9]+)+)(?![\w'])")
"""An unquoted snake_case token (a raw enum value such as ``interaktives_display``)."""

_VALUES = {"true": "ja", "false": "nein", "null": "leer"}

_LINE = re.compile(r"\s*\(Zeile \d+\)")
_PAREN_KEYS = re.compile(r"\s*\('[\w.\[\]]+'(?:,\s*'[\w.\[\]]+')*\)")
"""``('bandbreite')`` or ``('beginn', 'ende')`` after the words that already say it."""


def _humanize(key: str) -> str:
    text = key.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


@cache
def field_titles() -> dict[str, str]:
    """Plan key (alias) → German title, collected from every model field."""
    from pydantic import BaseModel

    from mepcheck.model import Plan

    titles: dict[str, str] = {}
    seen: set[type] = set()

    def visit(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            alias = info.alias or name
            title = info.title
            if (not title and info.description and len(info.description) <= 40
                    and not info.description.startswith("Kap.")):
                title = info.description
            if title:
                titles.setdefault(alias, title)
            for sub in _models_in(info.annotation):
                visit(sub)

    visit(Plan)
    return titles


def _models_in(annotation: Any) -> list[type]:
    from typing import get_args

    from pydantic import BaseModel

    found = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found.append(annotation)
    for arg in get_args(annotation):
        found.extend(_models_in(arg))
    return found


def field_title(key: str) -> str:
    """The German title of a plan key; for a dotted path, of its last part."""
    last = re.sub(r"\[\d*\]", "", key).split(".")[-1]
    titles = field_titles()
    if last in titles:
        return titles[last]
    if last in _LABELS:
        return _LABELS[last]
    return _humanize(last)


def _quoted(match: re.Match[str]) -> str:
    key, value = match.group(1), match.group(2)
    if value is not None:
        value = value.strip()
        shown = _VALUES.get(value) or (label(value) if value in _LABELS else value_words(value))
        return f"„{field_title(key)}: {shown}“"
    if key in _LABELS and key not in field_titles():
        return f"„{_LABELS[key]}“"
    return f"„{field_title(key)}“"


def value_words(text: str) -> str:
    """Raw snake_case values in ``text`` replaced by their German labels."""
    def word(match: re.Match[str]) -> str:
        token = match.group(1)
        if token in _LABELS:
            return label(token)
        if token in field_titles():
            return field_titles()[token]
        return token.replace("_", " ")

    return _RAW_TOKEN.sub(word, text)


def reader_text(text: str | None) -> str:
    """A rule or fact text as a reader sees it: German titles and labels, no line numbers."""
    if not text:
        return text or ""
    return _reader_text(text)


@lru_cache(maxsize=1 << 14)
def _reader_text(text: str) -> str:
    # cached: titles, remedies and sources repeat for every place of a rule
    text = _LINE.sub("", text)
    text = _PAREN_KEYS.sub("", text)
    text = _QUOTED.sub(_quoted, text)
    return value_words(text)


def reader_place(subject: str) -> str:
    """A finding's place: ``Gesamtschule: interaktives_display`` → ``Gesamtschule: Interaktives
    Display``, ``Gerätetyp tablet`` → ``Gerätetyp Tablet``; a bare raw value (``access_point``)
    → its label."""
    if subject in _LABELS:
        return _LABELS[subject]
    for sep in (": ", " "):
        head, found, tail = subject.rpartition(sep)
        if found and tail in _LABELS:
            return f"{head}{sep}{_LABELS[tail]}"
    return reader_text(subject)


__all__ = ["field_title", "field_titles", "reader_place", "reader_text", "value_words"]
