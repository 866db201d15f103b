"""``mepcheck template check``: does a template fit the view model and the chapter model?

The static part walks the Jinja syntax tree of every templated part (body, headers,
footers, footnotes, core properties) and follows each name through the view-model schema
(:mod:`mepcheck.assemble.shape`), loop variables included: ``{% for s in schools %}
{{ s.nmae }}`` is reported as ``schools[].nmae``. It also records which chapters the
template renders (any use of ``chapters.<key>``) and whether it shows their gaps
(``chapters.<key>.gap``), and refuses ``include``/``import``/``extends``.

The dynamic part renders the template in the sandbox against an example plan and looks
for Jinja tags left in the output. Both run in the worker process: the template is
untrusted (:mod:`mepcheck.assemble.untrusted`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from jinja2 import nodes

from mepcheck.assemble.shape import Shape, view_model_shape

ANY: Shape | None = None
"""Unknown shape: nothing further is checked below it."""

_JINJA_GLOBALS = {"range", "dict", "lipsum", "cycler", "joiner", "namespace", "loop",
                  "caller", "varargs", "kwargs", "super", "self", "true", "false", "none",
                  "True", "False", "None"}
_LEAKING_NAMES = {"lipsum", "cycler", "joiner", "self"}
_LEAKING_FILTERS = {"pprint", "random"}
_DICT_METHODS = {"items", "keys", "values", "get"}
_SAME_SHAPE_FILTERS = {"sort", "reverse", "unique", "list", "selectattr", "rejectattr",
                       "default", "d", "dash", "batch_not"}
_ITEM_FILTERS = {"first", "last", "random", "min", "max"}


@dataclass
class Analysis:
    """What a template uses."""

    unknown: set[str] = field(default_factory=set)
    chapters: set[str] = field(default_factory=set)
    gaps: set[str] = field(default_factory=set)
    all_chapters: bool = False
    forbidden: set[str] = field(default_factory=set)
    leaks: set[str] = field(default_factory=set)
    """Names and filters that would write an object's description, not a value."""
    syntax_error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"unknown": sorted(self.unknown), "chapters": sorted(self.chapters),
                "gaps": sorted(self.gaps), "all_chapters": self.all_chapters,
                "forbidden": sorted(self.forbidden), "leaks": sorted(self.leaks),
                "syntax_error": self.syntax_error}


Value = tuple[Shape | None, str]


class _Walker:
    def __init__(self) -> None:
        self.root = view_model_shape()
        self.result = Analysis()

    # --- statements -----------------------------------------------------------------

    def block(self, body: list[nodes.Node], scope: dict[str, Value]) -> None:
        for node in body:
            self.stmt(node, scope)

    def bind(self, target: nodes.Node, value: Value, scope: dict[str, Value]) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = value
        elif isinstance(target, (nodes.Tuple, nodes.List)):
            for item in target.items:
                self.bind(item, (ANY, ""), scope)
        elif isinstance(target, nodes.NSRef):
            pass

    def stmt(self, node: nodes.Node, scope: dict[str, Value]) -> None:
        if isinstance(node, nodes.For):
            shape, path = self.expr(node.iter, scope)
            item: Value = (ANY, "")
            if shape is not None and shape.kind == "list":
                item = (shape.item, f"{path}[]")
            inner = dict(scope)
            self.bind(node.target, item, inner)
            inner["loop"] = (ANY, "")
            if node.test is not None:
                self.expr(node.test, inner)
            self.block(node.body, inner)
            self.block(node.else_, scope)
        elif isinstance(node, nodes.If):
            self.expr(node.test, scope)
            self.block(node.body, scope)
            for branch in node.elif_:
                self.stmt(branch, scope)
            self.block(node.else_, scope)
        elif isinstance(node, nodes.Assign):
            value = self.expr(node.node, scope)
            self.bind(node.target, value, scope)
        elif isinstance(node, nodes.AssignBlock):
            self.block(node.body, scope)
            self.bind(node.target, (ANY, ""), scope)
        elif isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values, strict=False):
                self.bind(target, self.expr(value, scope), inner)
            self.block(node.body, inner)
        elif isinstance(node, (nodes.Macro, nodes.CallBlock)):
            inner = dict(scope)
            for arg in node.args:
                self.bind(arg, (ANY, ""), inner)
            for default in node.defaults:
                self.expr(default, scope)
            if isinstance(node, nodes.Macro):
                scope[node.name] = (ANY, "")
            else:
                self.expr(node.call, scope)
            self.block(node.body, inner)
        elif isinstance(node, (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
            self.result.forbidden.add(type(node).__name__.lower())
        elif isinstance(node, nodes.Output):
            for child in node.nodes:
                if not isinstance(child, nodes.TemplateData):
                    self.expr(child, scope)
        elif isinstance(node, nodes.Expr):
            self.expr(node, scope)
        else:
            for child in node.iter_child_nodes():
                if isinstance(child, nodes.Stmt):
                    self.stmt(child, scope)
                elif isinstance(child, nodes.Expr):
                    self.expr(child, scope)

    # --- expressions ----------------------------------------------------------------

    def member(self, base: Value, attr: str) -> Value:
        shape, path = base
        if shape is None:
            return (ANY, "")
        if path == "chapters":
            if attr in shape.fields:
                self.result.chapters.add(attr)
            elif attr in ("values", "items"):
                self.result.all_chapters = True
        if path.startswith("chapters.") and path.count(".") == 1 and attr == "gap":
            self.result.gaps.add(path.split(".", 1)[1])
        if shape.kind == "dict":
            if attr in shape.fields:
                return (shape.fields[attr], f"{path}.{attr}" if path else attr)
            if attr in _DICT_METHODS:
                return (ANY, "")
        if shape.kind == "scalar" and str in shape.types:
            return (ANY, "")  # string methods such as upper(); the sandbox decides
        self.result.unknown.add(f"{path}.{attr}" if path else attr)
        return (ANY, "")

    def expr(self, node: nodes.Node, scope: dict[str, Value]) -> Value:
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            if node.name in self.root.fields:
                return (self.root.fields[node.name], node.name)
            if node.name in _LEAKING_NAMES:
                self.result.leaks.add(node.name)
            if node.name not in _JINJA_GLOBALS:
                self.result.unknown.add(node.name)
            return (ANY, "")
        if isinstance(node, nodes.Getattr):
            return self.member(self.expr(node.node, scope), node.attr)
        if isinstance(node, nodes.Getitem):
            base = self.expr(node.node, scope)
            arg = node.arg
            if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                return self.member(base, arg.value)
            self.expr(arg, scope)
            shape, path = base
            if shape is not None and shape.kind == "list":
                if isinstance(arg, nodes.Slice):
                    return base
                return (shape.item, f"{path}[]")
            return (ANY, "")
        if isinstance(node, nodes.Filter):
            base = self.expr(node.node, scope) if node.node is not None else (ANY, "")
            for arg in (*node.args, *(kw.value for kw in node.kwargs)):
                self.expr(arg, scope)
            shape, path = base
            if node.name in _LEAKING_FILTERS:
                self.result.leaks.add(f"|{node.name}")
            if node.name in _SAME_SHAPE_FILTERS:
                return base
            if node.name in _ITEM_FILTERS and shape is not None and shape.kind == "list":
                return (shape.item, f"{path}[]")
            return (ANY, "")
        if isinstance(node, nodes.Call):
            func = node.node
            for arg in (*node.args, *(kw.value for kw in node.kwargs)):
                self.expr(arg, scope)
            if isinstance(func, nodes.Getattr):
                self.member(self.expr(func.node, scope), func.attr)
                return (ANY, "")
            self.expr(func, scope)
            return (ANY, "")
        if isinstance(node, nodes.CondExpr):
            self.expr(node.test, scope)
            first = self.expr(node.expr1, scope)
            if node.expr2 is not None:
                self.expr(node.expr2, scope)
            return first
        for child in node.iter_child_nodes():
            if isinstance(child, nodes.Expr):
                self.expr(child, scope)
        return (ANY, "")


def template_sources(template: bytes) -> list[tuple[str, str]]:
    """The Jinja source of every templated part, prepared as docxtpl prepares it."""
    from docx.oxml import parse_xml
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(template))
    tpl.init_docx()
    docx = tpl.docx
    sources = [("word/document.xml", tpl.patch_xml(tpl.get_xml()))]
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for _key, part in tpl.get_headers_footers(uri):
            sources.append((str(part.partname).lstrip("/"),
                            tpl.patch_xml(tpl.xml_to_string(parse_xml(part.blob)))))
    for part in docx.part.package.parts:
        if part.content_type.endswith(".footnotes+xml"):
            blob = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
            sources.append((str(part.partname).lstrip("/"), tpl.patch_xml(blob)))
    core = docx.core_properties
    for prop in ("author", "comments", "identifier", "language", "subject", "title"):
        sources.append((f"docProps/core.xml#{prop}", getattr(core, prop) or ""))
    return sources


def analyze(template: bytes) -> Analysis:
    """Static analysis of a template against the view-model schema."""
    from jinja2 import TemplateSyntaxError

    from mepcheck.assemble.jinja_env import make_environment

    env = make_environment()
    walker = _Walker()
    for name, source in template_sources(template):
        try:
            tree = env.parse(source)
        except TemplateSyntaxError as exc:
            walker.result.syntax_error = f"{name}: Zeile {exc.lineno}: {exc.message}"
            continue
        walker.block(tree.body, {})
    return walker.result


def leftover_tags(docx: bytes) -> list[str]:
    """Jinja tags still visible in a rendered document (text of body, headers, footers)."""
    import re
    import zipfile

    from mepcheck.assemble.textextract import part_text

    found: list[str] = []
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        for name in zf.namelist():
            if re.match(r"^word/(document|header\d*|footer\d*|footnotes)\.xml$", name):
                text = part_text(zf.read(name))
                for match in re.finditer(r"\{[{%#].{0,60}", text):
                    found.append(f"{name}: {match.group(0)}")
    return found
