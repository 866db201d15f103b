"""A bounded YAML/JSON reader that keeps the line and column of every value.

Aliases are not expanded by the composer; we construct the Python objects
ourselves, count every node we build (so an alias "bomb" is refused after a
bounded amount of work), limit the nesting depth and reject duplicate keys.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from mepcheck.loading.syntax import json_message, yaml_message
from mepcheck.types import RawFloat

try:  # the C composer is much faster where libyaml is present
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_CANONICAL_INT = re.compile(r"-?(0|[1-9][0-9]*)")
# characters XML 1.0 (and so Word) cannot store: C0 controls except tab/newline/return,
# lone surrogates and the non-characters U+FFFE/U+FFFF
BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# a JSON surrogate pair escape (\ud83c\udfeb) that YAML's reader refuses; an odd number of
# backslashes before the 'u' makes it an escape
_SURROGATE_PAIR = re.compile(
    r"(?<!\\)((?:\\\\)*)\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})")
MAX_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 1_000_000


def bad_char_message(text: str) -> str:
    """German message for a text with a character XML (and so Word) cannot store."""
    bad = BAD_CHARS.search(text)
    code = ord(bad.group()) if bad else 0
    return (f"Text enthält das Steuerzeichen U+{code:04X}, das ein Word-Dokument nicht "
            "speichern kann; bitte entfernen")


class ReadError(Exception):
    """A syntax error or a limit violation, with a position if known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None,
                 loc: tuple[Any, ...] = ()):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.loc = loc


@dataclass
class Positions:
    """Maps a location tuple to the (line, column) where it starts (1-based)."""

    marks: dict[tuple[Any, ...], tuple[int, int]] = field(default_factory=dict)

    def find(self, loc: tuple[Any, ...]) -> tuple[int | None, int | None]:
        """Position of ``loc`` or of its nearest ancestor that has one."""
        for end in range(len(loc), -1, -1):
            hit = self.marks.get(tuple(loc[:end]))
            if hit:
                return hit
        return (None, None)


class _Builder:
    def __init__(self, max_nodes: int, max_depth: int, raw_numbers: bool = False):
        self.raw_numbers = raw_numbers
        self.scalars = SafeConstructor()
        self.count = 0
        self.max_nodes = max_nodes
        self.max_depth = max_depth
        self.positions = Positions()

    def build(self, node: Node, loc: tuple[Any, ...], depth: int) -> Any:
        self.count += 1
        if self.count > self.max_nodes:
            raise ReadError(
                f"Datei zu groß oder zu stark verschachtelt (mehr als {self.max_nodes} Werte, "
                "z. B. durch YAML-Aliase); abgebrochen",
                node.start_mark.line + 1, node.start_mark.column + 1,
            )
        if depth > self.max_depth:
            raise ReadError(
                f"zu tief verschachtelt (mehr als {self.max_depth} Ebenen)",
                node.start_mark.line + 1, node.start_mark.column + 1,
            )
        self.positions.marks.setdefault(loc, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, ScalarNode):
            if node.tag == _STR:  # most values: no constructor needed
                if BAD_CHARS.search(node.value):
                    raise ReadError(bad_char_message(node.value), node.start_mark.line + 1,
                                    node.start_mark.column + 1, loc)
                return node.value
            if self.raw_numbers and node.tag in (_INT, _FLOAT) and not node.style:
                return self._number(node)
            try:
                return self.scalars.construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError, OverflowError) as exc:
                what = "kein gültiges Datum" if node.tag.endswith(":timestamp") else "ungültig"
                raise ReadError(f"{node.value!r} ist {what}", node.start_mark.line + 1,
                                node.start_mark.column + 1, loc) from exc
        if isinstance(node, SequenceNode):
            return [self.build(child, (*loc, i), depth + 1) for i, child in enumerate(node.value)]
        if isinstance(node, MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise ReadError("YAML-Merge-Schlüssel '<<' werden nicht unterstützt",
                                    key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                key = self.build(key_node, (*loc, "<key>"), depth + 1)
                if not isinstance(key, str | int) or isinstance(key, bool):
                    raise ReadError(f"Schlüssel {key!r} ist kein Text",
                                    key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                key = str(key)
                if key in result:
                    raise ReadError(f"Schlüssel '{key}' kommt doppelt vor",
                                    key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                                    (*loc, key))
                self.positions.marks[(*loc, key)] = (key_node.start_mark.line + 1,
                                                     key_node.start_mark.column + 1)
                result[key] = self.build(value_node, (*loc, key), depth + 1)
            return result
        raise ReadError("unbekannter YAML-Knoten")  # pragma: no cover

    def _number(self, node: ScalarNode) -> Any:
        """A plain number as written: an int, a :class:`RawFloat` that remembers its text
        (``4.900`` must not silently become 4,9), or the text itself for YAML 1.1 forms a
        plan author does not mean as numbers (``010`` octal, ``1:30`` base 60, ``.inf``)."""
        raw = node.value
        if node.tag == _INT:
            return int(raw) if _CANONICAL_INT.fullmatch(raw) else raw
        try:
            value = float(raw.replace("_", ""))
        except ValueError:
            return raw
        return RawFloat(value, raw) if math.isfinite(value) else raw


def virtual_size(root: Node, limit: int) -> int:
    """Number of values the document expands to, counting every alias use.

    Memoised per node, so a "billion laughs" document is measured in time
    proportional to its *distinct* nodes and refused before anything is built.
    """
    sizes: dict[int, int] = {}
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if id(node) in sizes:
            continue
        children: list[Node] = []
        if isinstance(node, SequenceNode):
            children = list(node.value)
        elif isinstance(node, MappingNode):
            children = [n for pair in node.value for n in pair]
        if expanded or not children:
            total = 1 + sum(sizes.get(id(c), 0) for c in children)
            sizes[id(node)] = min(total, limit + 1)
            continue
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in sizes)
    return sizes[id(root)]


_QUOTED_START = re.compile(r"""^\s*(?:-\s+)?(?:[^\s"'#][^:#]*:\s+|-\s+)?(["'])""")


def _unclosed_quote(text: str, upto: int | None) -> tuple[int, int] | None:
    """(line, column), 0-based, of a value that opens a quote and does not close it on its
    line, before line ``upto``: the usual cause of a syntax error further down."""
    if upto is None:
        return None
    for number, line in enumerate(text.splitlines()[: upto + 1]):
        match = _QUOTED_START.match(line)
        if not match:
            continue
        quote = match.group(1)
        rest = line[match.end():]
        closed = (rest.replace('\\\\', "").replace('\\"', "").count('"') >= 1 if quote == '"'
                  else rest.replace("''", "").count("'") >= 1)
        if not closed:
            return number, match.end(1) - 1
    return None


def _join_surrogates(match: re.Match[str]) -> str:
    high, low = int(match.group(2), 16), int(match.group(3), 16)
    code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
    return f"{match.group(1)}\\U{code:08X}"


def read_structured(text: str, *, is_json: bool, max_nodes: int = MAX_NODES,
                    max_depth: int = MAX_DEPTH, raw_numbers: bool = False) -> tuple[Any, Positions]:
    """Parse YAML or JSON text into plain Python data and its positions.

    ``raw_numbers`` (for plan files): numbers keep their written form (see
    :meth:`_Builder._number`), so that the model can refuse ``4.900`` as ambiguous."""
    if is_json:
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            raise ReadError(json_message(exc.msg), exc.lineno, exc.colno) from exc
        except RecursionError as exc:
            raise ReadError(f"zu tief verschachtelt (mehr als {max_depth} Ebenen)") from exc
        # YAML's reader refuses the surrogate-pair escapes JSON uses for characters
        # outside the Basic Multilingual Plane (emoji); write them as one \\U escape
        text = _SURROGATE_PAIR.sub(_join_surrogates, text)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or str(exc)
        mark = exc.problem_mark or exc.context_mark
        if exc.context and "quoted scalar" in exc.context and exc.context_mark:
            mark = exc.context_mark  # where the unclosed quote begins
        if "cannot start any token" in problem and mark and "'" not in problem:
            # libyaml does not name the character; a tab is by far the most common one
            line_text = text.splitlines()[mark.line] if mark.line < len(text.splitlines()) else ""
            char = line_text[mark.column: mark.column + 1]
            problem = f"found character {char!r} that cannot start any token"
        message = yaml_message(problem, exc.context)
        quote = _unclosed_quote(text, mark.line if mark else None)
        if quote is not None and "Anführungszeichen" not in message:
            message += (f"; vermutlich wird das Anführungszeichen in Zeile {quote[0] + 1} "
                        "nicht geschlossen")
            mark = yaml.Mark("", 0, quote[0], quote[1], "", 0)
        raise ReadError(
            message,
            mark.line + 1 if mark else None, mark.column + 1 if mark else None,
        ) from exc
    except yaml.YAMLError as exc:
        raise ReadError(f"YAML-Syntaxfehler: {exc}") from exc
    except RecursionError as exc:
        raise ReadError(f"zu tief verschachtelt (mehr als {max_depth} Ebenen)") from exc
    if node is None:
        raise ReadError("die Datei ist leer", 1, 1)
    # without an anchor ('&') there can be no alias, so nothing can expand
    if "&" in text and virtual_size(node, max_nodes) > max_nodes:
        raise ReadError(
            f"Datei expandiert zu mehr als {max_nodes} Werten (YAML-Aliase, \"Billion Laughs\"); "
            "abgelehnt", node.start_mark.line + 1, node.start_mark.column + 1,
        )
    builder = _Builder(max_nodes, max_depth, raw_numbers)
    data = builder.build(node, (), 0)
    return data, builder.positions
