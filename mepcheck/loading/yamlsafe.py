"""A bounded YAML/JSON reader that keeps the line and column of every value.

Aliases are not expanded by the composer; we construct the Python objects
ourselves, count every node we build (so an alias "bomb" is refused after a
bounded amount of work), limit the nesting depth and reject duplicate keys.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:  # the C composer is much faster where libyaml is present
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_STR = "tag:yaml.org,2002:str"
MAX_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 1_000_000


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
    def __init__(self, max_nodes: int, max_depth: int):
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
                return node.value
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


def read_structured(text: str, *, is_json: bool, max_nodes: int = MAX_NODES,
                    max_depth: int = MAX_DEPTH) -> tuple[Any, Positions]:
    """Parse YAML or JSON text into plain Python data and its positions."""
    if is_json:
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            raise ReadError(f"JSON-Syntaxfehler: {exc.msg}", exc.lineno, exc.colno) from exc
        except RecursionError as exc:
            raise ReadError(f"zu tief verschachtelt (mehr als {max_depth} Ebenen)") from exc
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or str(exc)
        raise ReadError(
            f"YAML-Syntaxfehler: {problem}",
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
    builder = _Builder(max_nodes, max_depth)
    data = builder.build(node, (), 0)
    return data, builder.positions
