"""Assemble the MEP document: check result → view model → charts → template → ``.docx``.

The bundled template is trusted and renders in-process; a template from outside renders in
the sandboxed worker process with limits. Either way the result gets fixed properties,
integrity data and normalised zip timestamps, so the same plan, rules and template give
the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mepcheck import __version__
from mepcheck.assemble.archive import (
    DOCUMENT_LIMITS,
    ArchiveRefused,
    check_archive,
    refuse_descriptions,
    refuse_external,
)
from mepcheck.assemble.options import DocumentOptions
from mepcheck.assemble.untrusted import Limits, TemplateRefused
from mepcheck.checker import CheckResult
from mepcheck.fmt import date as fmt_date

BUNDLED_NAME = "mep.docx"


def bundled_template_path() -> Path:
    """``templates/mep.docx`` (from the installed package data or the source tree)."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "_data" / "templates" / BUNDLED_NAME
    return packaged if packaged.exists() else here.parent / "templates" / BUNDLED_NAME


@dataclass(frozen=True)
class AssembledDocument:
    """The finished document and what was written into its properties."""

    docx: bytes
    properties: dict[str, str]
    view_model: dict[str, Any]
    template: str
    warnings: tuple[str, ...] = ()


def read_template(path: Path, max_bytes: int | None = None) -> bytes:
    """Read a template file without ever reading more than the size limit."""
    from mepcheck.assemble.archive import TEMPLATE_LIMITS

    cap = max_bytes or TEMPLATE_LIMITS.max_file_bytes
    try:
        with path.open("rb") as handle:
            data = handle.read(cap + 1)
    except OSError as exc:
        raise TemplateRefused(f"Vorlage {path} nicht lesbar: {exc.strerror}") from None
    if len(data) > cap:
        raise TemplateRefused(f"Vorlage abgelehnt: Datei zu groß (mehr als "
                              f"{cap // (1024 * 1024)} MB).")
    return data


MAX_LOGO_BYTES = 5 * 1024 * 1024


class LogoRefused(Exception):
    """The logo file cannot be used (German message, exit code 2)."""


def read_logo(path: Path) -> bytes:
    """A PNG or JPEG logo, at most 5 MB, checked by opening it."""
    from mepcheck.loading.files import InputFileError, read_regular_bytes

    try:
        data = read_regular_bytes(path, MAX_LOGO_BYTES)
    except InputFileError as exc:
        raise LogoRefused(f"{path}: Logo {exc}") from None
    if not (data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff")):
        raise LogoRefused(f"{path}: Logo muss ein PNG- oder JPEG-Bild sein")
    import io

    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            width, height = image.size
    except Exception:
        raise LogoRefused(f"{path}: Logo ist kein lesbares Bild") from None
    if width < 1 or height < 1 or width * height > 40_000_000:
        raise LogoRefused(f"{path}: Logo hat ungeeignete Abmessungen ({width} × {height})")
    return data


def logo_chart(data: bytes, carrier: str) -> Any:
    """The logo as a picture for the title page (at most 5 cm wide, 2.5 cm high)."""
    import io

    from PIL import Image

    from mepcheck.assemble.charts import ChartData

    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
    width_cm = min(5.0, 2.5 * width / height)
    return ChartData(png=data, caption=f"Logo {carrier}", alt=f"Logo des Schulträgers {carrier}",
                     width_cm=round(width_cm, 2))


def _counts_text(counts: dict[str, Any]) -> str:
    sev = counts["failed_by_severity"]
    st = counts["by_status"]
    return (f"{sev['error']} Fehler, {sev['warning']} Warnungen, {sev['info']} Hinweise; "
            f"{st['passed']} erfüllt, {st['waived']} Ausnahmen, {st['undetermined']} nicht "
            f"entscheidbar, {st['not_applicable']} nicht anwendbar")


def integrity_properties(result: CheckResult, template_sha256: str,
                         template_name: str) -> dict[str, str]:
    """The ``mepcheck.*`` document properties (content hashes are added when packaging)."""
    counts = result.counts()
    return {
        "version": __version__,
        "plan_sha256": result.plan_sha256,
        "ruleset_version": result.ruleset_version,
        "ruleset_date": result.ruleset_date.isoformat(),
        "ruleset_fingerprint": result.ruleset_fingerprint,
        "profile": result.profile.name,
        "engine": result.engine,
        "findings": json.dumps(counts, sort_keys=True, separators=(",", ":")),
        "findings_text": _counts_text(counts),
        "template": template_name,
        "template_sha256": template_sha256,
    }


def assemble_document(result: CheckResult, *, template: Path | None = None,
                      limits: Limits | None = None,
                      options: DocumentOptions | None = None) -> AssembledDocument:
    """Build the ``.docx`` for a checked plan (``result.plan`` must be set).

    Raises :class:`TemplateRefused` for a template that is refused or cannot be rendered.
    """
    options = options or DocumentOptions()
    from mepcheck.assemble.charts import render_charts
    from mepcheck.assemble.package import core_xml, finalize
    from mepcheck.assemble.render import TemplateRenderError, render_docx
    from mepcheck.assemble.templatecheck import leftover_tags
    from mepcheck.assemble.viewmodel import build_view_model

    plan = result.plan
    if plan is None:
        raise ValueError("the check result carries no plan")
    view_model = build_view_model(result, options=options)
    charts = render_charts(view_model)
    charts["logo"] = (logo_chart(options.logo, plan.carrier.name)
                      if options.logo is not None else None)
    warnings: list[str] = []
    if template is None:
        template_bytes = bundled_template_path().read_bytes()
        template_name = f"{BUNDLED_NAME} (mitgeliefert)"
        try:
            raw = render_docx(template_bytes, view_model, charts)
        except TemplateRenderError as exc:  # a bug, not an input error: say so loudly
            raise RuntimeError(f"mitgelieferte Vorlage defekt: {exc}") from exc
    else:
        template_bytes = read_template(template)
        template_name = template.name
        try:
            refuse_external(check_archive(template_bytes))
        except ArchiveRefused as exc:
            raise TemplateRefused(str(exc)) from None
        from mepcheck.assemble.untrusted import run_worker

        raw = run_worker("render", template_bytes, view_model, charts,
                         limits or Limits())["docx"]
        try:
            refuse_external(check_archive(raw, DOCUMENT_LIMITS, what="Ergebnis der Vorlage"),
                            "Ergebnis der Vorlage")
            refuse_descriptions(raw)
        except ArchiveRefused as exc:
            raise TemplateRefused(str(exc)) from None
        left = leftover_tags(raw)
        if left:
            warnings.append(f"{len(left)} Jinja-Tags stehen noch im Dokument, z. B. {left[0]}")
    from mepcheck.assemble.layout import apply_layout

    raw = apply_layout(raw)
    template_sha = hashlib.sha256(template_bytes).hexdigest()
    props = integrity_properties(result, template_sha, template_name)
    props.update(options.recorded())
    meta = plan.meta
    core = core_xml(
        title=meta.title,
        subject=f"Medienentwicklungsplan {plan.carrier.name} {meta.period.start}–{meta.period.end}",
        creator=meta.author or plan.carrier.name,
        keywords=f"Medienentwicklungsplan; MEP; {plan.carrier.name}; mepcheck",
        description=(f"Geprüft mit mepcheck {__version__}, Regelwerk {result.ruleset_version} "
                     f"vom {fmt_date(result.ruleset_date)}, Profil {result.profile.name}; "
                     f"Plan SHA-256 {result.plan_sha256}; Befunde: "
                     f"{props['findings_text']}."),
        day=meta.reference_date,
    )
    docx = finalize(raw, core=core, properties=props)
    return AssembledDocument(docx=docx, properties=props, view_model=view_model,
                             template=template_name, warnings=tuple(warnings))
