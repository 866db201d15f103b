"""Reports written plan by plan: each plan becomes one *chunk* as soon as it is checked.

A chunk is rendered where the plan was checked (in a batch: in the worker process),
so the process that writes the report only ever holds text, never a plan or its
findings. :class:`Stream` wraps the chunks in what the format needs around them
(the JSON ``results`` array, the SARIF ``runs``, the JUnit ``testsuites``); the
result is byte-identical to rendering all plans at once.

If a batch ends early (a fatal error), :meth:`Stream.tail` with ``complete=False``
closes the document validly and marks it: JSON ``"incomplete": true``, SARIF
``"properties": {"incomplete": true}``, a JUnit ``<properties>`` entry, a text line.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from mepcheck import __version__
from mepcheck.findings import Status

STREAM_FORMATS = ("text", "json", "jsonl", "sarif", "junit")
ALL_STATUSES = frozenset(Status)
TEXT_DEFAULT = frozenset({Status.FAILED, Status.UNDETERMINED, Status.WAIVED, Status.ACCEPTED})


def default_statuses(fmt: str, verbose: bool = False) -> frozenset[Status]:
    """What a format lists without ``--status``: the text report shows what needs action
    (``-v`` adds the passed checks), machine-readable formats list everything."""
    if fmt == "text":
        return TEXT_DEFAULT | ({Status.PASSED} if verbose else set())
    return ALL_STATUSES


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line if line else line for line in text.split("\n"))


def plan_chunk(item: Any, fmt: str, *, statuses: Collection[Status], single: bool,
               strict: bool = False) -> str:
    """The report text of one plan (``item``: a CheckResult or a PlanFailure)."""
    from mepcheck.checker import CheckResult

    checked = isinstance(item, CheckResult)
    if fmt == "text":
        from mepcheck.report import text_report

        return text_report.render_one(item, statuses=statuses) if checked else ""
    if fmt in ("json", "jsonl"):
        from mepcheck.report.json_report import dumps, failure_dict, result_dict

        data = result_dict(item, strict, statuses) if checked else failure_dict(item)
        if fmt == "jsonl":
            return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
        text = dumps(data)
        return text + "\n" if single else _indent(text, "    ")
    if fmt == "sarif":
        from mepcheck.report.sarif_report import failure_run, run

        data = run(item, statuses) if checked else failure_run(item)
        return _indent(json.dumps(data, ensure_ascii=False, indent=2), "    ")
    if fmt == "junit":
        from lxml import etree

        from mepcheck.report.junit_report import suite

        root = etree.Element("testsuites", name="mepcheck")
        root.append(suite(item, statuses))
        text = etree.tostring(root, encoding="unicode", pretty_print=True)
        # the suite exactly as lxml indents it inside <testsuites> (text content untouched)
        return text[text.index("\n") + 1:text.rindex("</testsuites>")].rstrip("\n")
    raise ValueError(f"unbekanntes Format {fmt!r}")


class Stream:
    """Head, separators and tail around the chunks of one report."""

    def __init__(self, fmt: str, total: int) -> None:
        self.fmt = fmt
        self.single = total == 1 and fmt == "json"
        self.written = 0

    def head(self) -> str:
        if self.fmt == "json" and not self.single:
            from mepcheck.report.json_report import SCHEMA_VERSION

            return (f'{{\n  "schema_version": {SCHEMA_VERSION},\n  "mepcheck": '
                    f'{json.dumps(__version__)},\n  "results": [\n')
        if self.fmt == "sarif":
            return ('{\n  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",\n'
                    '  "version": "2.1.0",\n  "runs": [\n')
        if self.fmt == "junit":
            return "<?xml version='1.0' encoding='UTF-8'?>\n<testsuites name=\"mepcheck\">\n"
        return ""

    def add(self, chunk: str) -> str:
        """What to write for the next chunk (with the separator before it)."""
        if not chunk:
            return ""
        sep = ""
        if self.written:
            sep = {"text": "\n", "json": ",\n", "sarif": ",\n", "junit": "\n"}.get(self.fmt, "")
        self.written += 1
        return sep + chunk

    def tail(self, complete: bool = True) -> str:
        fmt = self.fmt
        if fmt == "text":
            return "" if complete else "\n(Bericht unvollständig: der Lauf wurde abgebrochen.)\n"
        if fmt == "json" and not self.single:
            close = "\n  ]" if self.written else "]"
            return f'{close}\n}}\n' if complete else f'{close},\n  "incomplete": true\n}}\n'
        if fmt == "sarif":
            close = "\n  ]" if self.written else "]"
            return f'{close}\n}}\n' if complete else \
                f'{close},\n  "properties": {{\n    "incomplete": true\n  }}\n}}\n'
        if fmt == "junit":
            mark = "" if complete else (
                '  <properties>\n    <property name="incomplete" value="true"/>\n  </properties>\n')
            return ("\n" if self.written else "") + mark + "</testsuites>\n"
        return ""
