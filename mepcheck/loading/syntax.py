"""German messages for YAML and JSON syntax errors (libyaml and ``json`` speak English)."""

from __future__ import annotations

import re

_YAML: list[tuple[str, str]] = [
    (r"found character '\\t' that cannot start any token|tab character",
     "Tabulatorzeichen sind in YAML nicht erlaubt; bitte mit Leerzeichen einrücken"),
    (r"mapping values are not allowed",
     "ein Doppelpunkt mit Leerzeichen (': ') ist hier nicht erlaubt: fehlt eine Einrückung, oder "
     "gehört der Text in Anführungszeichen (\"…\")?"),
    (r"could not find expected ':'",
     "erwartet 'Schlüssel: Wert' – fehlt der Doppelpunkt, oder ist der Text über mehrere Zeilen "
     "umgebrochen?"),
    (r"did not find expected key",
     "erwartet einen weiteren Schlüssel auf dieser Ebene: stimmt die Einrückung?"),
    (r"did not find expected '-' indicator",
     "erwartet einen Listeneintrag ('- …'): stimmt die Einrückung?"),
    (r"did not find expected node content",
     "erwartet einen Wert: fehlt nach einem '-' oder ':' der Inhalt?"),
    (r"expected <block end>, but found",
     "die Einrückung passt nicht zur Ebene darüber"),
    (r"found undefined alias", "Verweis '*…' auf einen Anker '&…', den es nicht gibt"),
    (r"found unknown escape character",
     "unbekannte Escape-Sequenz in \"…\": einen Backslash als \\\\ schreiben oder den Text in "
     "einfache Anführungszeichen '…' setzen"),
    (r"found invalid Unicode character escape code",
     "ungültige Unicode-Escape-Sequenz (z. B. ein einzelnes Surrogat \\ud83c): das Zeichen direkt "
     "schreiben oder als \\U0001F3EB"),
    (r"expected a comment or a line break",
     "nach dem Wert folgt noch Text in derselben Zeile: Anführungszeichen prüfen"),
    (r"found character '([^']*)' that cannot start any token",
     "das Zeichen '{0}' darf einen Wert nicht beginnen: den Text in Anführungszeichen setzen"),
    (r"(control|special) characters are not allowed",
     "die Datei enthält Steuerzeichen, die YAML nicht erlaubt"),
    (r"found unexpected end of stream",
     "die Datei endet mitten in einem Wert: ein Anführungszeichen oder eine Klammer wird nicht "
     "geschlossen"),
    (r"expected ',' or '\]'", "in einer Liste [a, b] fehlt ein Komma oder die schließende ']'"),
    (r"expected ',' or '\}'", "in einem Abschnitt {a: 1} fehlt ein Komma oder die schließende '}'"),
    (r"found duplicate anchor", "ein Anker '&…' ist doppelt vergeben"),
    (r"expected alphabetic or numeric character",
     "nach '&' oder '*' muss ein Name folgen; '&' und '*' am Wertanfang in Anführungszeichen setzen"),
    (r"found incompatible YAML document|found duplicate YAML directive|expected '<document start>'",
     "ungültige YAML-Direktive oder mehrere Dokumente ('---') in einer Datei"),
    (r"but found another document", "die Datei enthält mehrere YAML-Dokumente ('---'); erwartet genau eins"),
]

_JSON: list[tuple[str, str]] = [
    (r"Expecting ',' delimiter", "erwartet ein Komma zwischen zwei Einträgen"),
    (r"Expecting ':' delimiter", "erwartet ':' zwischen Schlüssel und Wert"),
    (r"Expecting property name enclosed in double quotes",
     "erwartet einen Schlüssel in doppelten Anführungszeichen (\"…\"); ein Komma zu viel?"),
    (r"Expecting value", "erwartet einen Wert (Text in \"…\", Zahl, true/false, null, [ ] oder { })"),
    (r"Unterminated string", "Text in Anführungszeichen wird nicht geschlossen"),
    (r"Invalid control character", "Steuerzeichen (z. B. Zeilenumbruch) in einem Text: als \\n schreiben"),
    (r"Invalid \\escape", "ungültige Escape-Sequenz: einen Backslash als \\\\ schreiben"),
    (r"Invalid \\uXXXX escape", "ungültige \\u-Escape-Sequenz (vier Hexadezimalziffern erwartet)"),
    (r"Extra data", "nach dem Ende des Plans folgt noch Text"),
]


def _translate(table: list[tuple[str, str]], problem: str) -> str | None:
    for pattern, german in table:
        match = re.search(pattern, problem)
        if match:
            return german.format(*match.groups())
    return None


def yaml_message(problem: str, context: str | None = None) -> str:
    """German text for a libyaml problem (the English original is kept in parentheses)."""
    german = _translate(_YAML, problem)
    if german is None and context and "quoted scalar" in context:
        german = "Text in Anführungszeichen wird nicht geschlossen"
    if german is None:
        return f"YAML-Syntaxfehler: {problem}"
    return f"YAML-Syntaxfehler: {german} ({problem})"


def json_message(problem: str) -> str:
    """German text for a ``json`` decoder problem."""
    german = _translate(_JSON, problem)
    return f"JSON-Syntaxfehler: {german} ({problem})" if german else f"JSON-Syntaxfehler: {problem}"
