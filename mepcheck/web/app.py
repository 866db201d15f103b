"""The Starlette application of ``mepcheck serve``: routes from HTTP to the library.

The server process never reads or checks a plan itself: every plan goes to a worker
process (:mod:`mepcheck.web.isolation`) that runs :mod:`mepcheck.web.jobs`. Nothing is
stored between requests; a result page carries its plan in a hidden field (see
:mod:`mepcheck.web.upload`). Pages are rendered on the server and need no JavaScript.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from mepcheck.web import jobs
from mepcheck.web.isolation import Limits, WorkerFailed, WorkerPool
from mepcheck.web.render import STATIC, render_page
from mepcheck.web.security import BodyTooLarge, SecurityMiddleware
from mepcheck.web.upload import MAX_FILE_BYTES, Upload, UploadRefused, safe_name
from mepcheck.web.views import Filters

FORMATS_TEXT = "YAML oder JSON"
ACCEPT = ".yaml,.yml,.json"


@dataclass(frozen=True)
class WebSettings:
    """Limits and access of one server run (see ``docs/weboberflaeche.md``)."""

    token: str | None = None
    user: str | None = None
    max_file_bytes: int = MAX_FILE_BYTES
    max_files: int = 20
    max_body_bytes: int = 32 * 1024 * 1024
    workers: int = 2
    seconds: float = 120.0
    memory_mb: int = 3072
    warm: bool = True
    """Start the workers and warm them up (rules, engine, imports) when the server starts."""


class InputProblem(Exception):
    """A form that cannot be processed; shown on the page with its German lines."""

    def __init__(self, title: str, lines: Sequence[str] = (), status: int = 400):
        super().__init__(title)
        self.failure = jobs.Failure(title, tuple(lines))
        self.status = status


# -- helpers -------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _rulebase() -> Any:
    from mepcheck.rulebase import load_rulebase

    return load_rulebase()


def _profiles() -> list[dict[str, str]]:
    base = _rulebase()
    return [{"name": name, "title": spec.title} for name, spec in sorted(base.profiles.items())]


def _examples() -> list[dict[str, Any]]:
    from mepcheck.examples import examples_dir

    xlsx = _workbooks_supported()
    return [{"name": p.stem, "xlsx": xlsx} for p in sorted(examples_dir().glob("*.yaml"))]


def _formats() -> tuple[str, str]:
    """What the upload accepts: workbooks too once the common loader reads them."""
    if _workbooks_supported():
        return "YAML, JSON oder Arbeitsmappe .xlsx", ".yaml,.yml,.json,.xlsx"
    return FORMATS_TEXT, ACCEPT


def _workbooks_supported() -> bool:
    try:
        import mepcheck.workbook  # noqa: F401
    except ImportError:
        return False
    return True


def _page(name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    return HTMLResponse(render_page(name, context), status_code=status)


def _error(request: Request, heading: str, failure: jobs.Failure, status: int,
           back: str = "/") -> HTMLResponse:
    return _page("error.html", {"nav": "", "heading": heading, "error": failure, "back": back},
                 status)


def _options(values: Any) -> jobs.Options:
    profile = str(values.get("profil") or "").strip() or None
    if profile is not None and profile not in _rulebase().profiles:
        known = ", ".join(sorted(_rulebase().profiles))
        raise InputProblem(f"Profil '{profile}' gibt es nicht (vorhanden: {known}).")
    raw = str(values.get("stichtag") or "").strip()
    reference = None
    if raw:
        try:
            reference = dt.date.fromisoformat(raw)
        except ValueError:
            raise InputProblem(f"Stichtag '{raw}' ist kein Datum (erwartet JJJJ-MM-TT, z. B. "
                               "2026-03-01).") from None
    return jobs.Options(profile, reference)


def _example_upload(name: str) -> Upload:
    from mepcheck.examples import example_path

    if name not in {e["name"] for e in _examples()}:
        raise InputProblem(f"Beispiel '{name}' gibt es nicht.", status=404)
    return Upload(f"{name}.yaml", example_path(name).read_bytes())


async def _read_file(file: UploadFile, limit: int) -> Upload:
    name = safe_name(file.filename or "plan")
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise InputProblem(f"{name}: Datei zu groß (höchstens {limit // (1024 * 1024)} MB).",
                           status=413)
    return Upload(name, data)


async def _form(request: Request, settings: WebSettings) -> FormData:
    from starlette.formparsers import MultiPartException

    try:
        return await request.form(max_files=settings.max_files, max_fields=4 * settings.max_files + 20,
                                  max_part_size=settings.max_body_bytes)
    except MultiPartException as exc:
        raise InputProblem(_multipart_german(str(exc))) from None
    except HTTPException as exc:  # Starlette turns multipart errors into 400 inside an app
        raise InputProblem(_multipart_german(str(exc.detail))) from None


def _multipart_german(message: str) -> str:
    if "Too many files" in message:
        return "Zu viele Dateien in einer Anfrage."
    if "Too many fields" in message:
        return "Zu viele Formularfelder in einer Anfrage."
    if "Part exceeded" in message:
        return "Ein Formularfeld ist zu groß."
    return "Das Formular konnte nicht gelesen werden."


def _reposted(form: FormData, settings: WebSettings) -> list[Upload]:
    names = form.getlist("plan_name")
    packed = form.getlist("plan_daten")
    if len(names) != len(packed) or len(names) > settings.max_files:
        raise InputProblem("Die mitgesendeten Plandaten sind unvollständig; bitte neu hochladen.")
    try:
        return [Upload.unpack(str(n), str(p), settings.max_file_bytes)
                for n, p in zip(names, packed, strict=True)]
    except UploadRefused as exc:
        raise InputProblem(str(exc)) from None


def _downloads(pdf: bool) -> list[tuple[str, str, bool]]:
    return [("docx", "Word-Dokument (MEP)", True), ("pdf", "PDF", pdf),
            ("json", "JSON", True), ("sarif", "SARIF", True),
            ("xlsx", "Arbeitsmappe mit Befunden (.xlsx)", _workbooks_supported())]


def _pdf_available() -> bool:
    from mepcheck.assemble.pdf import find_soffice

    return find_soffice() is not None


# -- the application -----------------------------------------------------------------------

def create_app(settings: WebSettings | None = None, pool: WorkerPool | None = None) -> Any:
    """The ASGI application: Starlette wrapped in the security middleware."""
    settings = settings or WebSettings()
    workers = pool or WorkerPool(settings.workers, Limits(settings.seconds, settings.memory_mb))

    async def run(func: Any, *args: Any) -> Any:
        try:
            return await run_in_threadpool(workers.run, func, *args)
        except WorkerFailed as exc:
            return jobs.Failure(str(exc))

    def common(nav: str) -> dict[str, Any]:
        formats, accept = _formats()
        return {"nav": nav, "formats": formats, "accept": accept, "profiles": _profiles(),
                "max_mb": settings.max_file_bytes // (1024 * 1024),
                "max_files": settings.max_files, "workbooks": _workbooks_supported()}

    async def start(request: Request) -> Response:
        return _page("start.html", {**common("start"), "examples": _examples(),
                                    "blank_workbook": _workbooks_supported(), "error": None})

    async def result(request: Request) -> Response:
        try:
            if request.method == "GET":
                values: Any = request.query_params
                if not values.get("beispiel"):
                    raise InputProblem("Kein Plan angegeben: bitte auf der Startseite einen Plan "
                                       "hochladen.")
            else:
                values = await _form(request, settings)
            upload, example = await _source(request, values)
            options = _options(values)
        except InputProblem as exc:
            return _start_with_error(exc)
        filters = Filters.parse(values)
        context = {**common("start"), "example": example, "downloads": _downloads(_pdf_available()),
                   "pdf_available": _pdf_available()}
        answer = await run(jobs.result_page, upload, options, filters, context)
        if isinstance(answer, jobs.Failure):
            return _page("start.html", {**common("start"), "examples": _examples(),
                                        "blank_workbook": _workbooks_supported(), "error": answer}, 422)
        return HTMLResponse(answer.html)

    async def _source(request: Request, values: Any) -> tuple[Upload, str | None]:
        if values.get("beispiel"):
            name = str(values.get("beispiel"))
            return _example_upload(name), name
        file = values.get("plan") if request.method == "POST" else None
        if isinstance(file, UploadFile) and (file.filename or file.size):
            return await _read_file(file, settings.max_file_bytes), None
        uploads = _reposted(values, settings)
        if not uploads:
            raise InputProblem("Keine Datei ausgewählt: bitte eine Plan-Datei wählen.")
        index = request.query_params.get("eintrag", "0")
        if not index.isdigit() or int(index) >= len(uploads):
            raise InputProblem("Diesen Eintrag gibt es nicht.")
        return uploads[int(index)], None

    def _start_with_error(exc: InputProblem) -> Response:
        return _page("start.html", {**common("start"), "examples": _examples(),
                                    "blank_workbook": _workbooks_supported(), "error": exc.failure}, exc.status)

    async def download(request: Request) -> Response:
        kind = request.path_params["kind"]
        if kind not in jobs.DOWNLOADS:
            raise HTTPException(404)
        try:
            values = await _form(request, settings)
            upload, _ = await _source(request, values)
            options = _options(values)
        except InputProblem as exc:
            return _start_with_error(exc)
        if kind == "pdf" and not _pdf_available():
            return _error(request, "PDF nicht verfügbar", jobs.Failure(
                "Auf diesem Rechner ist LibreOffice nicht installiert; das Word-Dokument lässt "
                "sich in Word oder LibreOffice als PDF speichern."), 501)
        answer = await run(jobs.download, upload, options, kind)
        if isinstance(answer, jobs.Failure):
            return _error(request, "Download nicht möglich", answer, 422)
        return _file(answer.filename, answer.media_type, answer.body)

    async def example_file(request: Request) -> Response:
        name = request.path_params["name"]
        try:
            upload = _example_upload(name)
        except InputProblem as exc:
            return _error(request, "Nicht gefunden", exc.failure, 404)
        if not request.url.path.endswith(".xlsx"):
            return _file(upload.name, "application/yaml; charset=utf-8", upload.data)
        if not _workbooks_supported():
            raise HTTPException(404)
        return await _answer(await run(jobs.example_workbook, upload))

    async def blank_workbook(request: Request) -> Response:
        if not _workbooks_supported():
            raise HTTPException(404)
        return await _answer(await run(jobs.blank_workbook))

    async def _answer(answer: Any) -> Response:
        if isinstance(answer, jobs.Failure):
            return _page("error.html", {"nav": "", "heading": "Download nicht möglich",
                                        "error": answer, "back": "/"}, 422)
        return _file(answer.filename, answer.media_type, answer.body)

    async def batch(request: Request) -> Response:
        context = {**common("batch"), "rows": [], "entries": [], "error": None, "profile": None}
        if request.method == "GET":
            return _page("batch.html", context)
        try:
            form = await _form(request, settings)
            files = [f for f in form.getlist("plaene") if isinstance(f, UploadFile) and f.filename]
            if files:
                if len(files) > settings.max_files:
                    raise InputProblem(f"Zu viele Dateien: höchstens {settings.max_files} je "
                                       "Stapel.")
                uploads = [await _read_file(f, settings.max_file_bytes) for f in files]
            else:
                uploads = _reposted(form, settings)
            if not uploads:
                raise InputProblem("Keine Dateien ausgewählt: bitte eine oder mehrere Plan-Dateien "
                                   "wählen.")
            options = _options(form)
        except InputProblem as exc:
            return _page("batch.html", {**context, "error": exc.failure}, exc.status)
        rows = await run_in_threadpool(_check_all, workers, uploads, options)
        sort = request.query_params.get("sortierung", "")
        descending = request.query_params.get("richtung") == "ab"
        views = _sorted([_row_view(i, u, r) for i, (u, r) in enumerate(zip(uploads, rows, strict=True))],
                        sort, descending)
        labels = {k: label for k, label, _ in COLUMNS}
        return _page("batch.html", {
            **context, "rows": views, "columns": COLUMNS, "sort": sort if sort in labels else "",
            "sort_label": labels.get(sort, ""), "descending": descending,
            "entries": [{"name": u.name, "packed": u.packed()} for u in uploads],
            "profile": options.profile, "tally": _tally(rows),
        })

    async def batch_overview(request: Request) -> Response:
        fmt = request.path_params["fmt"]
        if fmt not in ("csv", "xlsx") or (fmt == "xlsx" and not _workbooks_supported()):
            raise HTTPException(404)
        try:
            form = await _form(request, settings)
            uploads = _reposted(form, settings)
            options = _options(form)
        except InputProblem as exc:
            return _page("batch.html", {**common("batch"), "rows": [], "entries": [],
                                        "profile": None, "error": exc.failure}, exc.status)
        rows = await run_in_threadpool(_check_all, workers, uploads, options)
        media = "text/csv; charset=utf-8" if fmt == "csv" else jobs.XLSX
        return _file(f"uebersicht.{fmt}", media, overview_file(rows, fmt))

    async def rules_page(request: Request) -> Response:
        from mepcheck.rules.spec import FAMILIES

        q = request.query_params.get("q", "").strip()[:200]
        family = request.query_params.get("familie", "")
        found = [r for r in _rule_rows() if (not family or r["family_key"] == family)
                 and (not q or q.lower() in r["search"])]
        base = _rulebase()
        return _page("rules.html", {"nav": "rules", "rules": found, "q": q, "family": family,
                                    "families": sorted(FAMILIES.items()),
                                    "version_text": f"{base.version} vom {base.date:%d.%m.%Y}"})

    async def rule_page(request: Request) -> Response:
        from mepcheck.ruledocs import rule_markdown
        from mepcheck.web.markdown import to_html

        code = request.path_params["code"].upper()
        base = _rulebase()
        rule = base.rules.get(code)
        if rule is None:
            return _error(request, "Regel nicht gefunden", jobs.Failure(
                f"Regel {code} gibt es nicht."), 404, back="/regeln")
        return _page("rule.html", {"nav": "rules", "code": code,
                                   "body": to_html(rule_markdown(rule, base.land_table))})

    async def not_found(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 404)
        text = "Diese Seite gibt es nicht." if status == 404 else "Diese Anfrage ist nicht möglich."
        return _error(request, "Nicht gefunden" if status == 404 else "Anfrage abgelehnt",
                      jobs.Failure(text), status)

    async def too_large(request: Request, exc: Exception) -> Response:
        return _error(request, "Anfrage zu groß", jobs.Failure(
            f"Höchstens {settings.max_body_bytes // (1024 * 1024)} MB je Anfrage."), 413)

    async def server_error(request: Request, exc: Exception) -> Response:
        # never a stack trace on the page; the security middleware logs the type only
        return _error(request, "Interner Fehler", jobs.Failure(
            "Bei der Verarbeitung ist ein interner Fehler aufgetreten."), 500)

    @asynccontextmanager
    async def lifespan(app: Any) -> Any:
        if settings.warm:
            workers.warm(jobs.warm_up)
        yield
        workers.close()

    app = Starlette(
        routes=[
            Route("/", start),
            Route("/ergebnis", result, methods=["GET", "POST"]),
            Route("/download/{kind}", download, methods=["POST"]),
            Route("/beispiele/{name}.yaml", example_file),
            Route("/beispiele/{name}.xlsx", example_file),
            Route("/vorlage.xlsx", blank_workbook),
            Route("/stapel", batch, methods=["GET", "POST"]),
            Route("/stapel/uebersicht.{fmt}", batch_overview, methods=["POST"]),
            Route("/regeln", rules_page),
            Route("/regeln/{code}", rule_page),
            Mount("/static", StaticFiles(directory=str(STATIC)), name="static"),
        ],
        exception_handlers={HTTPException: not_found, BodyTooLarge: too_large,
                            Exception: server_error},
        lifespan=lifespan,
    )
    app.state.pool = workers
    return SecurityMiddleware(app, token=settings.token, user=settings.user,
                              max_body=settings.max_body_bytes)


def _file(filename: str, media_type: str, body: bytes) -> Response:
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    disposition = f'attachment; filename="{ascii_name}"; filename*=UTF-8\'\'{quote(filename)}'
    return Response(body, media_type=media_type, headers={"content-disposition": disposition})


def _check_all(pool: WorkerPool, uploads: list[Upload], options: jobs.Options) -> list[jobs.Row]:
    """Check every plan of a batch in the workers, in parallel; order of the input."""

    def one(upload: Upload) -> jobs.Row:
        try:
            return pool.run(jobs.batch_row, upload, options)
        except WorkerFailed as exc:
            return jobs.Row(upload.name, 2, error=jobs.Failure(f"{upload.name}: {exc}"))

    with ThreadPoolExecutor(max_workers=pool.size) as threads:
        return list(threads.map(one, uploads))


COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("datei", "Datei", False), ("traeger", "Schulträger", False), ("land", "Land", False),
    ("fehler", "Fehler", True), ("warnungen", "Warnungen", True), ("hinweise", "Hinweise", True),
    ("unentschieden", "nicht entscheidbar", True), ("status", "Exit-Status", True),
)
_VERDICT_SHORT = {0: "0 – keine Fehler", 1: "1 – Fehler gefunden",
                  2: "2 – nicht prüfbar oder nicht entscheidbar"}


def _row_view(index: int, upload: Upload, row: jobs.Row) -> dict[str, Any]:
    c = row.counts
    return {"index": index, "name": row.name, "carrier": row.carrier, "land": row.land,
            "errors": c.get("errors", ""), "warnings": c.get("warnings", ""),
            "infos": c.get("infos", ""), "undetermined": c.get("undetermined", ""),
            "exit_code": row.exit_code, "verdict": _VERDICT_SHORT[row.exit_code],
            "error": row.error}


def _sorted(rows: list[dict[str, Any]], key: str, descending: bool) -> list[dict[str, Any]]:
    field = {"datei": "name", "traeger": "carrier", "land": "land", "fehler": "errors",
             "warnungen": "warnings", "hinweise": "infos", "unentschieden": "undetermined",
             "status": "exit_code"}.get(key)
    if field is None:
        return rows
    numeric = field in ("errors", "warnings", "infos", "undetermined", "exit_code")

    def value(row: dict[str, Any]) -> Any:
        v = row[field]
        if numeric:
            return (0, v) if isinstance(v, int) else (1, 0)  # unreadable plans last
        return (0, str(v).casefold())

    return sorted(rows, key=value, reverse=descending)


def _tally(rows: list[jobs.Row]) -> str:
    bad = sum(1 for r in rows if r.error)
    errors = sum(1 for r in rows if not r.error and r.exit_code == 1)
    fine = sum(1 for r in rows if not r.error and r.exit_code == 0)
    open_ = sum(1 for r in rows if not r.error and r.exit_code == 2)
    return (f"{len(rows)} Pläne: {fine} ohne Fehler, {errors} mit Fehlern, {open_} nicht "
            f"vollständig entscheidbar, {bad} nicht lesbar.")


def overview_file(rows: list[jobs.Row], fmt: str) -> bytes:
    """The batch overview as ``check --overview`` writes it (CSV or XLSX with a sheet of all
    failed findings), made in a private temporary folder that is removed at once."""
    from mepcheck.batch.overview import open_overview

    with tempfile.TemporaryDirectory(prefix="mepcheck-web-") as folder:
        target = Path(folder) / f"uebersicht.{fmt}"
        overview = open_overview(target, force=False, inputs=[])
        try:
            for row in rows:
                overview.add(row.overview, row.failed)
        except BaseException:
            overview.discard()
            raise
        return overview.finish().read_bytes()


@lru_cache(maxsize=1)
def _rule_rows_cached() -> tuple[dict[str, str], ...]:
    from mepcheck.ruledocs import rule_markdown
    from mepcheck.rules.spec import FAMILIES
    from mepcheck.types import LAND_NAMES

    base = _rulebase()
    rows = []
    for code, rule in sorted(base.rules.items()):
        s = rule.spec
        rows.append({"code": code, "title": s.title, "family": FAMILIES.get(s.family, s.family),
                     "family_key": s.family, "severity": s.severity.label,
                     "lands": ", ".join(LAND_NAMES[x.value] for x in s.lands) or "alle",
                     "search": rule_markdown(rule, base.land_table).lower()})
    return tuple(rows)


def _rule_rows() -> tuple[dict[str, str], ...]:
    return _rule_rows_cached()
