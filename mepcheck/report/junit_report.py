"""JUnit XML: one test suite per plan, one test case per rule and object."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lxml import etree

from mepcheck.checker import CheckResult
from mepcheck.findings import Status


def render(items: Sequence[Any]) -> str:
    suites = etree.Element("testsuites", name="mepcheck")
    for r in items:
        if not isinstance(r, CheckResult):  # a plan that could not be checked
            suite = etree.SubElement(suites, "testsuite", name=r.source, tests="1", failures="0",
                                     errors="1", skipped="0")
            case = etree.SubElement(suite, "testcase", classname="input", name="Plan lesen")
            error = etree.SubElement(case, "error", message="Plan nicht prüfbar", type="input")
            error.text = "\n".join(r.messages())
            continue
        counted = [f for f in r.findings if f.status is not Status.NOT_APPLICABLE]
        failures = sum(f.status is Status.FAILED for f in counted)
        errors = sum(f.status is Status.UNDETERMINED for f in counted)
        skipped = sum(f.status is Status.WAIVED for f in counted)
        suite = etree.SubElement(suites, "testsuite", name=f"{r.carrier} ({r.source})",
                                 tests=str(len(counted)), failures=str(failures),
                                 errors=str(errors), skipped=str(skipped))
        for f in counted:
            case = etree.SubElement(suite, "testcase", classname=f"{f.family}.{f.code}",
                                    name=f"{f.code} {f.path_text}")
            if f.status is Status.FAILED:
                node = etree.SubElement(case, "failure", message=f.message, type=f.severity.value)
                node.text = f.remedy
            elif f.status is Status.UNDETERMINED:
                etree.SubElement(case, "error", message=f.message, type="undetermined")
            elif f.status is Status.WAIVED:
                etree.SubElement(case, "skipped", message=f"Ausnahme: {f.waiver.justification if f.waiver else ''}")
    return etree.tostring(suites, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode()
