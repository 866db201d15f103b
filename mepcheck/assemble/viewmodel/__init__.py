"""Build the view model of a MEP document from the plan, the derived figures and the findings.

The result is plain data only (dicts, lists, text, ``Decimal``, dates), shaped exactly as
declared in :mod:`mepcheck.assemble.schema`; no pydantic model, enum or template object
ever reaches Jinja. Charts are added later, per render, as pictures
(:mod:`mepcheck.assemble.render`).

One module per chapter group, as the document is built: :mod:`.front` (title page, summary,
chapter 1), :mod:`.context` (2–3), :mod:`.schools` (4–5, Annex A), :mod:`.measures` (6–7,
Annex C), :mod:`.operations` (8–9), :mod:`.data_protection` (10), :mod:`.sustainability` (11),
:mod:`.finance` (12), :mod:`.schedule` (13–14), :mod:`.findings` (markers, Annex B) and
:mod:`.structure` (chapter frame, gaps, table of contents); :mod:`.common` holds small helpers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mepcheck.assemble.viewmodel.context import build_framework, build_retrospective
from mepcheck.assemble.viewmodel.data_protection import build_data_protection
from mepcheck.assemble.viewmodel.finance import build_finance
from mepcheck.assemble.viewmodel.findings import (
    FindingIndex,
    anchors,
    build_findings_annex,
    count_marker,
    finding_item,
    row_marker,
)
from mepcheck.assemble.viewmodel.front import build_carrier, build_doc, build_summary
from mepcheck.assemble.viewmodel.measures import (
    build_fields,
    build_measures_by_school,
    build_needs,
    measure_row,
    measure_totals,
)
from mepcheck.assemble.viewmodel.operations import build_operations, build_training
from mepcheck.assemble.viewmodel.schedule import build_monitoring, build_schedule
from mepcheck.assemble.viewmodel.schools import build_schools
from mepcheck.assemble.viewmodel.structure import build_chapters, build_toc
from mepcheck.assemble.viewmodel.sustainability import build_sustainability
from mepcheck.checker import CheckResult
from mepcheck.derived import Figures, Projection, compute_figures, compute_projection
from mepcheck.model import Plan

if TYPE_CHECKING:
    from mepcheck.assemble.options import DocumentOptions


def build_view_model(result: CheckResult, plan: Plan | None = None,
                     figures: Figures | None = None,
                     projection: Projection | None = None,
                     options: DocumentOptions | None = None) -> dict[str, Any]:
    """The complete view model (without charts: ``charts`` holds ``None`` placeholders)."""
    from mepcheck.assemble.options import DocumentOptions

    options = options or DocumentOptions()
    plan = plan if plan is not None else result.plan
    if plan is None:
        raise ValueError("the check result carries no plan; pass it explicitly")
    figures = figures or result.figures or compute_figures(plan)
    projection = projection or compute_projection(plan, figures)
    findings = sorted(result.findings)  # by (rule, path); every later order builds on it
    index = FindingIndex(findings, options.findings)
    names = {s.id: s.name for s in plan.schools}
    measure_rows = [measure_row(m, names, index, i) for i, m in enumerate(plan.measures)]
    fields = build_fields(measure_rows)
    schools = build_schools(plan, figures, index, measure_rows)
    view_model = {
        "doc": {**build_doc(plan, result), "findings_mode": options.findings,
                "technical_annex": options.technical_annex},
        "summary": build_summary(plan, figures, findings),
        "toc": build_toc(plan, fields, schools),
        "chapters": build_chapters(plan, index),
        "carrier": build_carrier(plan),
        "framework": build_framework(plan),
        "retrospective": build_retrospective(plan, index),
        "schools": schools,
        "needs": build_needs(plan),
        "fields": fields,
        "measures": measure_rows,
        "measures_by_school": build_measures_by_school(plan, figures),
        "measure_totals": measure_totals(figures, len(plan.measures)),
        "operations": build_operations(plan, figures),
        "training": build_training(plan),
        "data_protection": build_data_protection(plan, index),
        "sustainability": build_sustainability(plan, index),
        "finance": build_finance(plan, figures, projection, index),
        "schedule": build_schedule(plan, measure_rows, index),
        "monitoring": build_monitoring(plan),
        "findings": build_findings_annex(findings, index),
        "charts": {"budget": None, "devices": None, "follow_up": None, "logo": None},
    }
    return view_model


__all__ = ["anchors", "build_view_model", "count_marker", "finding_item", "row_marker"]
