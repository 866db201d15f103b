"""What runs in a worker process (:mod:`mepcheck.web.isolation`) for one plan.

Every function here is a pure function of its arguments: it reads the uploaded bytes with
the common loader, checks them with :func:`mepcheck.checker.check_plan` and returns a
small, picklable answer (a rendered page, a file to download, a row of the overview). A
plan that cannot be read gives its German issues exactly as the command line prints them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from mepcheck.checker import CheckResult
from mepcheck.loading import PlanLoadError
from mepcheck.web.upload import Upload, load_upload


@dataclass(frozen=True)
class Options:
    """How to check: profile (``None``: by Land and reference date) and a reference date
    that replaces the plan's ``stichtag`` (``None``: the plan's own)."""

    profile: str | None = None
    reference_date: dt.date | None = None


@dataclass(frozen=True)
class Failure:
    """A plan that could not be checked: the lines the command line would print."""

    title: str
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Page:
    """A rendered HTML page and the exit status of the plan behind it."""

    html: str
    exit_code: int


@dataclass(frozen=True)
class FileAnswer:
    """A file to send: name, media type, bytes."""

    filename: str
    media_type: str
    body: bytes


@dataclass(frozen=True)
class Row:
    """One plan in the batch overview."""

    name: str
    exit_code: int
    carrier: str = ""
    land: str = ""
    period: str = ""
    profile: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    error: Failure | None = None


def check_upload(upload: Upload, options: Options) -> CheckResult | Failure:
    """Read and check one plan; input and rule errors become a :class:`Failure`."""
    from mepcheck.checker import check_plan
    from mepcheck.rules.errors import RuleFileError

    try:
        loaded = load_upload(upload)
    except PlanLoadError as exc:
        return Failure(f"{upload.name}: Plan nicht lesbar, {len(exc.issues)} Fehler",
                       tuple(str(i) for i in exc.issues))
    if options.reference_date is not None:
        plan = loaded.plan
        meta = plan.meta.model_copy(update={"reference_date": options.reference_date})
        loaded = replace(loaded, plan=plan.model_copy(update={"meta": meta}))
    try:
        return check_plan(loaded, profile=options.profile)
    except RuleFileError as exc:
        return Failure("Regelwerk oder Profil fehlerhaft:", tuple(exc.problems))
    except ValueError as exc:
        return Failure(str(exc))


def result_page(upload: Upload, options: Options, filters: Any, context: dict[str, Any]) -> Page | Failure:
    """The rendered result page of one plan."""
    from mepcheck.web.render import render_page
    from mepcheck.web.views import result_view

    result = check_upload(upload, options)
    if isinstance(result, Failure):
        return result
    view = result_view(result, filters)
    html = render_page("result.html", {**context, "r": view, "upload_name": upload.name,
                                       "packed": upload.packed(), "options": options})
    return Page(html, view["summary"]["exit_code"])


DOWNLOADS = {
    "docx": ("Word-Dokument", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": ("PDF", "application/pdf"),
    "json": ("JSON", "application/json"),
    "sarif": ("SARIF", "application/sarif+json"),
}


def download(upload: Upload, options: Options, kind: str) -> FileAnswer | Failure:
    """One download of a checked plan: Word, PDF, JSON or SARIF."""
    from mepcheck.report import render

    result = check_upload(upload, options)
    if isinstance(result, Failure):
        return result
    stem = upload.name.rsplit(".", 1)[0] or "plan"
    media = DOWNLOADS[kind][1]
    if kind in ("json", "sarif"):
        return FileAnswer(f"{stem}.{kind}" if kind == "json" else f"{stem}.sarif", media,
                          render([result], kind).encode("utf-8"))
    from mepcheck.assemble.assembler import assemble_document

    docx = assemble_document(result).docx
    if kind == "docx":
        return FileAnswer(f"{stem}.docx", media, docx)
    from mepcheck.assemble.pdf import PdfError, docx_to_pdf

    try:
        return FileAnswer(f"{stem}.pdf", media, docx_to_pdf(docx))
    except PdfError as exc:
        return Failure("PDF nicht erstellt:", (str(exc),))


def batch_row(upload: Upload, options: Options) -> Row:
    """The overview row of one plan of a batch."""
    result = check_upload(upload, options)
    if isinstance(result, Failure):
        return Row(upload.name, 2, error=result)
    counts = result.counts()
    status, severity = counts["by_status"], counts["failed_by_severity"]
    return Row(
        name=upload.name, exit_code=int(result.exit_code()), carrier=result.carrier,
        land=result.land, period=result.period, profile=result.profile.name,
        counts={"errors": severity["error"], "warnings": severity["warning"],
                "infos": severity["info"], "undetermined": status["undetermined"],
                "waived": status["waived"], "passed": status["passed"],
                "total": counts["total"]},
    )
