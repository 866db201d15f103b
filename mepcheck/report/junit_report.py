"""JUnit XML: one test suite per plan, one test case per rule and object."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from lxml import etree

from mepcheck.checker import CheckResult
from mepcheck.findings import Status


def suite(r: Any, statuses: Collection[Status] | None = None) -> Any:
    """The test suite of one plan (or of a plan that could not be checked)."""
    if not isinstance(r, CheckResult):  # a plan that could not be checked
        node = etree.Element("testsuite", name=r.source, tests="1", failures="0",
                             errors="1", skipped="0")
        case = etree.SubElement(node, "testcase", classname="input", name="Plan lesen")
        error = etree.SubElement(case, "error", message="Plan nicht prüfbar", type="input")
        error.text = "\n".join(r.messages())
        return node
    wanted = [s for s in Status if s is not Status.NOT_APPLICABLE
              and (statuses is None or s in statuses)]
    counted = list(r.listed(wanted))
    failures = sum(f.status is Status.FAILED for f in counted)
    errors = sum(f.status is Status.UNDETERMINED for f in counted)
    skipped = sum(f.status in (Status.WAIVED, Status.ACCEPTED) for f in counted)
    node = etree.Element("testsuite", name=f"{r.carrier} ({r.source})",
                         tests=str(len(counted)), failures=str(failures),
                         errors=str(errors), skipped=str(skipped))
    for f in counted:
        case = etree.SubElement(node, "testcase", classname=f"{f.family}.{f.code}",
                                name=f"{f.code} {f.element or f.path_text}")
        if f.status is Status.FAILED:
            failure = etree.SubElement(case, "failure", message=f.message, type=f.severity.value)
            failure.text = f.remedy
        elif f.status is Status.UNDETERMINED:
            etree.SubElement(case, "error", message=f.message, type="undetermined")
        elif f.status is Status.ACCEPTED:
            etree.SubElement(case, "skipped", message=f"Akzeptiert: {f.acceptance.reason if f.acceptance else ''}")
        elif f.status is Status.WAIVED:
            etree.SubElement(case, "skipped", message=f"Ausnahme: {f.waiver.justification if f.waiver else ''}")
    return node


def render(items: Sequence[Any], statuses: Collection[Status] | None = None) -> str:
    suites = etree.Element("testsuites", name="mepcheck")
    for r in items:
        suites.append(suite(r, statuses))
    return etree.tostring(suites, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode()
