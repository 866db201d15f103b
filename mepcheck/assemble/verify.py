"""``mepcheck verify DOC PLAN``: does a document belong to a plan, which rules made it, and
does it still say what was generated?

What is compared is what a reader sees (:mod:`mepcheck.assemble.content`): the text of
body, tables, footnotes, headers and footers, without field results such as the table of
contents or page numbers, with white space and soft hyphens ignored. So a document opened
and saved in Word or LibreOffice without a change verifies; a changed word or number
does not.

The check does not trust the document's own properties:

1. The plan's SHA-256 is compared with the plan file.
2. The plan is checked again with the recorded profile and engine. With the same rule set
   installed, findings summary, profile and rule set are **recomputed** and compared with
   the stored ones (an edited "0 Fehler" in ``docProps/custom.xml`` is caught and never
   shown as fact).
3. ``.docx``: with the same rule set and template (the bundled one, or the one given with
   ``--template``), the document is **assembled again** with the recorded options and its
   reader's content compared with the document's. Otherwise (other rule set installed,
   custom template not given) the content is compared with the reader digest stored at
   assembly, which covers the reported properties too.
4. PDF (from ``assemble --pdf``): its text (``pdftotext``) and the reported properties are
   compared with the reader digest stored in the PDF's document information.

A digest stored in the document guards against accidental or undeclared changes, not
against someone who recomputes it: this is **not a signature**.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mepcheck.exitcodes import ExitCode

NOT_A_SIGNATURE = ("Hinweis: Diese Prüfung ist keine Signatur. Sie erkennt versehentliche oder "
                   "nicht erklärte Änderungen; wer die Prüfsummen neu berechnet, kann sie "
                   "täuschen. Für Rechtsverbindlichkeit das Dokument qualifiziert signieren.")


class VerifyInputError(Exception):
    """Document or plan cannot be read (German message, exit code 2)."""


@dataclass
class VerifyReport:
    """The verdict of ``verify`` and the lines that explain it."""

    kind: str
    """``docx`` or ``pdf``"""
    belongs: bool
    content_ok: bool
    method: str
    """``neu erzeugt`` (re-assembled and compared) or ``Prüfsumme`` (stored reader digest)"""
    properties_ok: bool
    exact: bool | None
    """``.docx`` only: every part byte for byte as written"""
    ruleset_installed: bool | None
    properties: dict[str, str]
    recomputed: dict[str, Any] | None = None
    lines: list[str] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        return self.content_ok and self.properties_ok

    @property
    def exit_code(self) -> ExitCode:
        ok = self.belongs and self.unchanged
        return ExitCode.OK if ok else ExitCode.FINDINGS


def plan_digest(path: Path) -> str:
    """SHA-256 of a plan file, computed exactly as the loader does (UTF-8, BOM removed)."""
    from mepcheck.loading.yamlsafe import MAX_BYTES

    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise VerifyInputError(f"{path}: Plan-Datei zu groß ({size} Bytes)")
        raw = path.read_bytes()
    except OSError as exc:
        raise VerifyInputError(f"{path}: nicht lesbar: {exc.strerror}") from None
    from mepcheck.workbook.formats import WORKBOOK_SUFFIXES

    if path.suffix.lower() in WORKBOOK_SUFFIXES:  # a workbook plan: digest of the file's bytes
        return hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise VerifyInputError(f"{path}: keine UTF-8-Datei") from None
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _read(path: Path) -> bytes:
    from mepcheck.assemble.archive import DOCUMENT_LIMITS
    from mepcheck.loading.files import InputFileError, read_regular_bytes

    try:
        return read_regular_bytes(path, DOCUMENT_LIMITS.max_file_bytes)
    except InputFileError as exc:
        raise VerifyInputError(f"{path}: {exc}") from None


def _entries(path: Path, data: bytes) -> dict[str, bytes]:
    from mepcheck.assemble.archive import DOCUMENT_LIMITS, ArchiveRefused, check_archive
    from mepcheck.assemble.package import read_entries

    try:
        check_archive(data, DOCUMENT_LIMITS, what="Dokument")
    except ArchiveRefused as exc:
        raise VerifyInputError(f"{path}: {exc}") from None
    return read_entries(data)


def _counts_of(props: dict[str, str]) -> dict[str, Any] | None:
    try:
        return json.loads(props["findings"]) if props.get("findings") else None
    except ValueError:
        return None


def _recheck(plan: Path, props: dict[str, str]) -> Any:
    """The plan checked again with the recorded profile and engine (``None`` if impossible)."""
    from mepcheck.checker import check_plan
    from mepcheck.loading import PlanLoadError, load_plan

    try:
        loaded = load_plan(plan)
    except PlanLoadError as exc:
        raise VerifyInputError(f"{plan}: Plan nicht lesbar: {exc.issues[0] if exc.issues else ''}"
                               ) from None
    engine = props.get("engine") if props.get("engine") in ("durable", "reference") else "durable"
    try:
        return check_plan(loaded, profile=props.get("profile") or None, engine=engine)
    except (ValueError, KeyError):
        return None  # e.g. a profile from a rules folder that is not given here


def verify_document(document: Path, plan: Path, *, template: Path | None = None,
                    logo: Path | None = None) -> VerifyReport:
    """Compare ``document`` (``.docx`` or PDF) with ``plan``; see the module text."""
    from mepcheck.assemble.assembler import integrity_properties
    from mepcheck.fmt import date as fmt_date

    data = _read(document)
    kind = "pdf" if data.startswith(b"%PDF") else "docx"
    entries: dict[str, bytes] = {}
    if kind == "pdf":
        from mepcheck.assemble.pdf import PdfError, pdf_properties

        try:
            props = pdf_properties(data)
        except PdfError as exc:
            raise VerifyInputError(f"{document}: {exc}") from None
    else:
        from mepcheck.assemble.package import read_properties

        entries = _entries(document, data)
        props = read_properties(entries)
    if "plan_sha256" not in props or "reader_sha256" not in props:
        raise VerifyInputError(f"{document}: kein von mepcheck erzeugtes Dokument (die "
                               "mepcheck-Eigenschaften fehlen oder stammen aus einer älteren "
                               "Version ohne Inhaltsprüfsumme)")
    lines: list[str] = []
    actual_plan = plan_digest(plan)
    belongs = actual_plan == props["plan_sha256"]
    if belongs:
        lines.append(f"Plan: passt – das Dokument wurde aus {plan.name} erzeugt "
                     f"(SHA-256 {actual_plan[:16]}…).")
    else:
        lines.append(f"Plan: passt NICHT – das Dokument wurde aus einem Plan mit SHA-256 "
                     f"{props['plan_sha256'][:16]}… erzeugt, {plan.name} hat "
                     f"{actual_plan[:16]}….")

    result = _recheck(plan, props) if belongs else None
    same_rules = None
    recomputed = None
    properties_ok = True
    if result is not None:
        same_rules = (result.ruleset_fingerprint == props.get("ruleset_fingerprint")
                      and result.ruleset_version == props.get("ruleset_version"))
    if result is not None and same_rules:
        expected = integrity_properties(result, props.get("template_sha256", ""),
                                        props.get("template", ""))
        recomputed = {k: expected[k] for k in ("ruleset_version", "ruleset_date",
                                               "ruleset_fingerprint", "profile", "findings",
                                               "findings_text")}
        wrong = [k for k, v in recomputed.items() if props.get(k) != v]
        properties_ok = not wrong
        day = fmt_date(result.ruleset_date)
        lines.append(f"Regelwerk: Version {result.ruleset_version} vom {day}, Fingerabdruck "
                     f"{result.ruleset_fingerprint}, Profil {result.profile.name} – neu "
                     "berechnet, entspricht dem installierten Regelwerk.")
        lines.append(f"Befunde (neu berechnet): {expected['findings_text']}.")
        if wrong:
            names = {"findings": "Befundzahlen", "findings_text": "Befundzusammenfassung",
                     "profile": "Profil", "ruleset_version": "Regelwerksversion",
                     "ruleset_date": "Regelwerksdatum", "ruleset_fingerprint": "Fingerabdruck"}
            lines.append("Eigenschaften: VERÄNDERT – im Dokument gespeichert ist "
                         + ", ".join(f"{names[k]} „{props.get(k, '–')[:80]}“" for k in wrong)
                         + "; das stimmt nicht mit der Neuberechnung überein.")
    else:
        try:
            day = fmt_date(dt.date.fromisoformat(props.get("ruleset_date", "")))
        except ValueError:
            day = props.get("ruleset_date", "–")
        why = ("der Plan gehört nicht dazu" if not belongs else
               "installiert ist ein anderes Regelwerk" if result is not None else
               "das Profil ist hier nicht verfügbar")
        lines.append(f"Regelwerk laut Dokument: Version {props.get('ruleset_version', '–')} vom "
                     f"{day}, Profil {props.get('profile', '–')} – nicht neu berechnet ({why}); "
                     "die Angaben sind durch die Inhaltsprüfsumme gedeckt.")

    method = "Prüfsumme"
    exact: bool | None = None
    difference = None
    if kind == "pdf":
        from mepcheck.assemble.pdf import PdfError, pdf_reader_digest

        try:
            content_ok = pdf_reader_digest(data, props) == props["reader_sha256"]
        except PdfError as exc:
            raise VerifyInputError(f"{document}: {exc}") from None
    else:
        from mepcheck.assemble.content import compact, first_difference, reader_content
        from mepcheck.assemble.package import content_digest, reader_digest

        exact = content_digest(entries) == props.get("content_sha256")
        regenerated = None
        if result is not None and same_rules:
            regenerated = _reassemble(result, props, template, logo)
        if regenerated is not None:
            method = "neu erzeugt"
            mine = reader_content(entries)
            theirs = reader_content(regenerated)
            content_ok = compact(mine) == compact(theirs)
            if not content_ok:
                difference = first_difference(theirs, mine)
        else:
            content_ok = reader_digest(entries, props) == props["reader_sha256"]
    if content_ok and method == "neu erzeugt":
        lines.append("Inhalt: unverändert – der Text stimmt mit dem aus Plan, Regelwerk und "
                     "Vorlage neu erzeugten Dokument überein"
                     + (" (Datei byte-gleich)." if exact else
                        " (die Datei wurde erneut gespeichert; Text und Tabellen gleich)."))
    elif content_ok:
        lines.append("Inhalt: unverändert laut der bei der Erstellung gespeicherten "
                     "Inhaltsprüfsumme" + (" (Datei byte-gleich)." if exact else "."))
    else:
        lines.append("Inhalt: VERÄNDERT – der Text weicht vom erzeugten Dokument ab"
                     + (f" ({difference})." if difference else "."))
    return VerifyReport(kind=kind, belongs=belongs, content_ok=content_ok, method=method,
                        properties_ok=properties_ok, exact=exact, ruleset_installed=same_rules,
                        properties=props, recomputed=recomputed, lines=lines)


def _reassemble(result: Any, props: dict[str, str], template: Path | None,
                logo: Path | None) -> dict[str, bytes] | None:
    """The document assembled again with the recorded template and options, or ``None``
    when the template (or logo) used then is not at hand."""
    from mepcheck.assemble.assembler import (
        LogoRefused,
        assemble_document,
        bundled_template_path,
        read_logo,
    )
    from mepcheck.assemble.options import DocumentOptions
    from mepcheck.assemble.package import read_entries
    from mepcheck.assemble.untrusted import TemplateRefused

    wanted = props.get("template_sha256", "")
    use: Path | None = None
    if template is not None:
        if hashlib.sha256(template.read_bytes()).hexdigest() != wanted:
            return None
        use = template
    elif hashlib.sha256(bundled_template_path().read_bytes()).hexdigest() != wanted:
        return None
    logo_bytes = None
    if props.get("logo_sha256"):
        if logo is None:
            return None
        try:
            logo_bytes = read_logo(logo)
        except LogoRefused:
            return None
        if hashlib.sha256(logo_bytes).hexdigest() != props["logo_sha256"]:
            return None
    mode = props.get("findings_mode", "gruppiert")
    try:
        options = DocumentOptions(findings=mode if mode in ("keine", "gruppiert", "vollstaendig")
                                  else "gruppiert",
                                  technical_annex=props.get("technical_annex") == "ja",
                                  logo=logo_bytes)
        return read_entries(assemble_document(result, template=use, options=options).docx)
    except TemplateRefused:
        return None


def report_json(report: VerifyReport) -> dict[str, Any]:
    """A machine-readable form (used by ``verify --json``)."""
    props = report.properties
    recomputed = report.recomputed or {}
    return {
        "document_kind": report.kind,
        "belongs_to_plan": report.belongs,
        "unchanged": report.unchanged,
        "content_unchanged": report.content_ok,
        "properties_match": report.properties_ok,
        "compared_by": report.method,
        "byte_identical": report.exact,
        "ruleset": {"version": recomputed.get("ruleset_version", props.get("ruleset_version")),
                    "date": recomputed.get("ruleset_date", props.get("ruleset_date")),
                    "fingerprint": recomputed.get("ruleset_fingerprint",
                                                  props.get("ruleset_fingerprint")),
                    "profile": recomputed.get("profile", props.get("profile")),
                    "installed": report.ruleset_installed,
                    "recomputed": report.recomputed is not None},
        "plan_sha256": props.get("plan_sha256"),
        "findings": (_counts_of({"findings": recomputed["findings"]})
                     if report.recomputed else None),
        "findings_as_stored": _counts_of(props),
        "signature": False,
        "exit_code": int(report.exit_code),
    }
