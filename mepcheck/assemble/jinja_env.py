"""The Jinja environment every MEP template renders in: sandboxed, strict, escaping, German.

The same environment serves the bundled template and templates from outside. It

* escapes every value (``autoescape=True``): docxtpl's XML would otherwise silently lose
  content at a ``<`` or ``&`` (measured: 11 of 92 paragraphs survived);
* fails on undefined names and attributes (``StrictUndefined``);
* is an immutable sandbox that also refuses every attribute of docx/docxtpl objects:
  an ``InlineImage`` carries the ``DocxTemplate`` in ``.tpl``, and through it
  ``.save()`` reaches the file system under the stock sandbox;
* caps string and list repetition, and the sandbox caps ``range()``; a subprocess with
  memory and time limits covers the rest (:mod:`mepcheck.assemble.untrusted`);
* has the German filters ``money``, ``date``, ``percent``, ``number``, ``yesno``, ``dash``;
* prints values only: an object (a template reference such as ``self``, a function such as
  ``lipsum`` or ``range``, the loop, a list or table) is refused instead of being written as
  its Python description (``<… object at 0x7f…>`` holds a memory address and is not
  reproducible); every filter refuses such an object as input or argument (``|string``,
  ``|pprint``, ``"%s"|format(charts)``), and ``lipsum``, ``cycler``, ``joiner``, ``pprint``
  and ``random`` (not reproducible) do not exist here.
"""

from __future__ import annotations

import datetime as dt
import operator
from decimal import ROUND_HALF_UP, Decimal
from types import GeneratorType
from typing import Any

from jinja2 import StrictUndefined, nodes
from jinja2.compiler import CodeGenerator
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from mepcheck import fmt

MAX_REPEAT = 100_000
"""Largest string or list a template may build with ``*`` (items or characters)."""

_LOCKED_MODULES = ("docx", "docxtpl", "docxcompose", "lxml", "mepcheck", "PIL", "matplotlib")
"""Objects from these packages are opaque to templates: no attribute, no item access."""

DASH = "–"


def _is_locked(obj: Any) -> bool:
    module = type(obj).__module__ or ""
    return module.split(".", 1)[0] in _LOCKED_MODULES


def _as_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def money_filter(value: Any, symbol: bool = True, cents: bool = True) -> str:
    """``1234567.891`` → ``1.234.567,89 €``; ``None`` → ``–``.

    ``cents=False`` rounds to whole euros (``1.234.568 €``), for wide budget tables.
    """
    if value is None or value == "":
        return DASH
    if not cents:
        whole = Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return fmt.number(int(whole)) + ("\u00a0€" if symbol else "")
    # a no-break space keeps the euro sign on the line of its amount
    return fmt.money(value, symbol=symbol).replace(" €", "\u00a0€")


def date_filter(value: Any) -> str:
    """``2026-11-23`` (date or ISO text) → ``23.11.2026``; ``None`` → ``–``."""
    return fmt.date(_as_date(value))


def percent_filter(value: Any, digits: int = 1) -> str:
    """A share ``0.2`` → ``20,0 %``; ``None`` → ``–``."""
    return DASH if value is None or value == "" else fmt.percent(value, digits)


def number_filter(value: Any, digits: int | None = None) -> str:
    """German number: ``1234.5`` → ``1.234,5``; ``None`` → ``–``."""
    return DASH if value is None or value == "" else fmt.number(value, digits)


def yesno_filter(value: Any) -> str:
    """``True`` → ``ja``, ``False`` → ``nein``, ``None`` → ``–``."""
    return fmt.yes_no(value)


def dash_filter(value: Any) -> Any:
    """An empty value (``None``, ``""``, empty list) as ``–``."""
    return DASH if value is None or value == "" or value == [] else value


FILTERS = {
    "money": money_filter,
    "date": date_filter,
    "percent": percent_filter,
    "number": number_filter,
    "yesno": yesno_filter,
    "dash": dash_filter,
}


_SCALARS = (str, int, float, Decimal, dt.date)
_RICH = ("InlineImage", "RichText", "Listing", "Subdoc", "AltImage", "RichTextParagraph")
"""docxtpl's own output objects: they render as document content, not as a description."""

REFUSED_GLOBALS = ("lipsum", "cycler", "joiner")
REFUSED_FILTERS = ("pprint", "random")
_TEXT_FILTERS = {"format", "string", "e", "escape", "forceescape", "safe", "upper", "lower",
                 "capitalize", "title", "trim", "replace", "center", "indent", "truncate",
                 "wordwrap", "wordcount", "striptags", "urlize", "urlencode"}
"""Filters that turn their input into text: a list or table is refused there (its Python
form is no value a reader expects)."""


def _is_rich(value: Any) -> bool:
    return type(value).__name__ in _RICH and _is_locked(value)


def is_plain(value: Any, _depth: int = 0) -> bool:
    """A value a template may print or pass to a filter: text, number, date, a docxtpl
    picture, or lists and tables of those. Never a function, template or other object."""
    from jinja2.runtime import Undefined

    if value is None or isinstance(value, (*_SCALARS, Undefined)) or _is_rich(value):
        return True
    if _depth > 12:
        return False
    if isinstance(value, (GeneratorType, range)):
        return True  # made by a filter whose input was checked, or by range()
    if isinstance(value, (list, tuple, type({}.keys()), type({}.values()))):
        return all(is_plain(v, _depth + 1) for v in value)
    if isinstance(value, type({}.items())):
        return all(is_plain(v, _depth + 1) for _, v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and is_plain(v, _depth + 1) for k, v in value.items())
    return False


def _describe(value: Any) -> str:
    kind = type(value).__name__
    return {"TemplateReference": "die Vorlage selbst (self)", "LoopContext": "die Schleife (loop)",
            "function": "eine Funktion", "builtin_function_or_method": "eine Funktion",
            "method": "eine Methode", "Cycler": "ein Objekt", "list": "eine Liste",
            "dict": "eine Tabelle", "tuple": "eine Liste"}.get(kind, f"ein Objekt ({kind})")


def _guard_filter(name: str, func: Any) -> Any:
    import functools

    from jinja2.nodes import EvalContext
    from jinja2.runtime import Context

    skip = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0
    text_filter = name in _TEXT_FILTERS

    @functools.wraps(func)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        values = [*args[skip:], *kwargs.values()]
        text_only = text_filter
        if name == "join" and len(args) > skip and isinstance(args[skip], (list, tuple)):
            values += list(args[skip])  # joined items become text
            text_only = True
        for value in values:
            if isinstance(value, (Context, EvalContext)):
                continue
            if name == "join" and value is args[skip]:
                continue
            if (text_only and isinstance(value, (list, tuple, dict))) or not is_plain(value):
                raise SecurityError(f"Filter |{name} bekommt {_describe(value)}; Vorlagen "
                                    "verarbeiten nur Werte (Text, Zahlen, Daten).")
        return func(*args, **kwargs)

    return guarded


def _finalize(value: Any) -> Any:
    # ``{{ x }}`` with x = None prints a dash, never the word "None".
    if value is None:
        return DASH
    if isinstance(value, (list, tuple, dict)) or not is_plain(value):
        raise SecurityError(f"{{{{ … }}}} gibt {_describe(value)} aus; eine Vorlage gibt nur "
                            "Werte aus (Text, Zahlen, Daten, Bilder), nie ein Objekt oder eine "
                            "ganze Liste.")
    if isinstance(value, Decimal):
        return fmt.number(value)
    if isinstance(value, dt.date):
        return fmt.date(_as_date(value))
    return value


class _CheckedConcat(CodeGenerator):
    """``a ~ b`` joins values only: the operands pass :func:`is_plain` first (``self ~ ''``
    would otherwise write the template's Python description)."""

    def visit_Concat(self, node: nodes.Concat, frame: Any) -> None:
        if frame.eval_ctx.volatile:
            func_name = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            func_name = "markup_join"
        else:
            func_name = "str_join"
        self.write(f"{func_name}(environment.plain_operands((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write(")))")


class LockedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, closed also for docx/docxtpl objects and large repetitions."""

    intercepted_binops = frozenset({"*", "**", "%"})
    code_generator_class = _CheckedConcat

    @staticmethod
    def plain_operands(values: tuple[Any, ...], op: str = "~") -> tuple[Any, ...]:
        for value in values:
            if isinstance(value, (list, tuple, dict)) or not is_plain(value):
                raise SecurityError(f"'{op}' bekommt {_describe(value)}; eine Vorlage verbindet "
                                    "nur Werte (Text, Zahlen, Daten).")
        return values

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if _is_locked(obj):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def is_safe_callable(self, obj: Any) -> bool:
        owner = getattr(obj, "__self__", None)
        if owner is not None and _is_locked(owner):
            return False
        return super().is_safe_callable(obj)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        from jinja2.runtime import Context

        for value in (*args, *kwargs.values()):
            if not isinstance(value, Context) and not is_plain(value):
                raise SecurityError(f"Ein Aufruf bekommt {_describe(value)}; Vorlagen übergeben "
                                    "nur Werte (Text, Zahlen, Daten).")
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(count, int):
                    if len(seq) * max(count, 0) > MAX_REPEAT:
                        raise SecurityError(
                            f"Wiederholung zu groß (höchstens {MAX_REPEAT} Zeichen/Elemente)"
                        )
            return operator.mul(left, right)
        if operator_name == "%":
            self.plain_operands((left, *(right if isinstance(right, tuple) else (right,))), "%")
            return operator.mod(left, right)
        if operator_name == "**":
            if isinstance(right, int) and abs(right) > 100:
                raise SecurityError("Potenz zu groß (Exponent höchstens 100)")
            return operator.pow(left, right)
        return super().call_binop(context, operator_name, left, right)


def make_environment() -> LockedSandbox:
    """A fresh environment for one document (never shared between renders)."""
    env = LockedSandbox(
        undefined=StrictUndefined,
        autoescape=True,
        finalize=_finalize,
        keep_trailing_newline=False,
    )
    env.filters.update(FILTERS)
    for name in REFUSED_FILTERS:
        env.filters.pop(name, None)
    for name in REFUSED_GLOBALS:
        env.globals.pop(name, None)
    env.filters = {name: _guard_filter(name, func) for name, func in env.filters.items()}
    return env
