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
    overview: dict[str, Any] = field(default_factory=dict)
    """The row of the batch overview file (:func:`mepcheck.batch.run.overview_row`)."""
    failed: tuple[tuple[Any, ...], ...] = ()
    """The failed findings for the overview's second sheet (as ``check --overview``)."""


def warm_up() -> None:
    """Worker start: the batch workers' warm-up (rule base, engine), then one check and page of
    the shipped example, so that the first real request finds everything imported and the
    example's profile compiled."""
    from mepcheck.batch.run import warm_up as batch_warm_up
    from mepcheck.examples import example_path
    from mepcheck.web.views import Filters, result_view

    batch_warm_up((), "durable")
    path = example_path()
    result = check_upload(Upload(path.name, path.read_bytes()), Options())
    if not isinstance(result, Failure):
        result_view(result, Filters())


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


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOWNLOADS = {
    "docx": ("Word-Dokument", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": ("PDF", "application/pdf"),
    "json": ("JSON", "application/json"),
    "sarif": ("SARIF", "application/sarif+json"),
    "xlsx": ("Arbeitsmappe mit Befunden", XLSX),
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
        return FileAnswer(f"{stem}.{kind}", media, render([result], kind).encode("utf-8"))
    if kind == "xlsx":  # the plan as a workbook with the sheet "Befunde" (convert --befunde)
        from mepcheck.workbook.writer import workbook_bytes

        return FileAnswer(f"{stem}-befunde.xlsx", media,
                          workbook_bytes(result.plan, findings=result.findings)[0])
    from mepcheck.assemble.assembler import assemble_document

    docx = assemble_document(result).docx
    if kind == "docx":
        return FileAnswer(f"{stem}.docx", media, docx)
    from mepcheck.assemble.pdf import PdfError, docx_to_pdf

    try:
        return FileAnswer(f"{stem}.pdf", media, docx_to_pdf(docx))
    except PdfError as exc:
        return Failure("PDF nicht erstellt:", (str(exc),))


def blank_workbook() -> FileAnswer:
    """The empty plan workbook (as ``mepcheck workbook new``)."""
    from mepcheck.workbook.writer import workbook_bytes

    return FileAnswer("mep-vorlage.xlsx", XLSX, workbook_bytes(None)[0])


def example_workbook(upload: Upload) -> FileAnswer | Failure:
    """A shipped example as a workbook (as ``mepcheck example NAME --xlsx``)."""
    from mepcheck.workbook.writer import workbook_bytes

    try:
        loaded = load_upload(upload)
    except PlanLoadError as exc:
        return Failure(f"{upload.name}: Plan nicht lesbar", tuple(str(i) for i in exc.issues))
    stem = upload.name.rsplit(".", 1)[0]
    return FileAnswer(f"{stem}.xlsx", XLSX, workbook_bytes(loaded.plan)[0])


def batch_row(upload: Upload, options: Options) -> Row:
    """The overview row of one plan of a batch (and its row of the overview file)."""
    from mepcheck.batch.run import failure_row, overview_row
    from mepcheck.findings import Status

    result = check_upload(upload, options)
    if isinstance(result, Failure):
        return Row(upload.name, 2, error=result,
                   overview=failure_row(upload.name, (result.lines or (result.title,))[0]))
    code = int(result.exit_code())
    state = {0: "ok", 1: "findings"}.get(code, "undetermined")
    failed = tuple((result.source, result.carrier, f.code, f.title, f.severity.label, f.path_text,
                    f.line, f.message) for f in result.listed((Status.FAILED,)))
    counts = result.counts()
    status, severity = counts["by_status"], counts["failed_by_severity"]
    return Row(
        name=upload.name, exit_code=int(result.exit_code()), carrier=result.carrier,
        land=result.land, period=result.period, profile=result.profile.name,
        counts={"errors": severity["error"], "warnings": severity["warning"],
                "infos": severity["info"], "undetermined": status["undetermined"],
                "waived": status["waived"], "passed": status["passed"],
                "total": counts["total"]},
        overview=overview_row(result, state), failed=failed,
    )
