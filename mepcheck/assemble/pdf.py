"""PDF through LibreOffice headless, with the table of contents brought up to date.

A plain ``soffice --convert-to pdf`` keeps the cached result of a TOC field (our static
chapter list without page numbers). So the conversion runs a small Basic macro from a
private, temporary LibreOffice profile: load the document hidden, update every index
(the TOC gets its page numbers), export to PDF. If that fails, the plain conversion is
the fallback. Each run uses its own profile, so parallel conversions do not collide.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_SECONDS = 240


class PdfError(Exception):
    """LibreOffice is missing or the conversion failed (German message)."""


def find_soffice() -> str | None:
    """The LibreOffice executable, or ``None`` when it is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n'
_LIBS = (_DECL + '<!DOCTYPE library:libraries PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN"'
         ' "libraries.dtd">\n<library:libraries xmlns:library="http://openoffice.org/2000/library"'
         ' xmlns:xlink="http://www.w3.org/1999/xlink">\n <library:library library:name="Standard"'
         ' library:link="false"/>\n</library:libraries>\n')
_SCRIPT_LIB = (_DECL + '<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument '
               '1.0//EN" "library.dtd">\n<library:library xmlns:library="http://openoffice.org/'
               '2000/library" library:name="Standard" library:readonly="false" '
               'library:passwordprotected="false">\n <library:element library:name="Module1"/>\n'
               '</library:library>\n')
_DIALOG_LIB = (_DECL + '<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument '
               '1.0//EN" "library.dtd">\n<library:library xmlns:library="http://openoffice.org/'
               '2000/library" library:name="Standard" library:readonly="false" '
               'library:passwordprotected="false"/>\n')
_MODULE = (_DECL + '<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN"'
           ' "module.dtd">\n<script:module xmlns:script="http://openoffice.org/2000/script" '
           'script:name="Module1" script:language="StarBasic">\n'
           "Sub ExportPdf(inUrl As String, outUrl As String)\n"
           "  Dim args(1) As New com.sun.star.beans.PropertyValue\n"
           "  args(0).Name = &quot;Hidden&quot;\n"
           "  args(0).Value = True\n"
           "  args(1).Name = &quot;MacroExecutionMode&quot;\n"
           "  args(1).Value = 0\n"
           "  oDoc = StarDesktop.loadComponentFromURL(inUrl, &quot;_blank&quot;, 0, args())\n"
           "  oIdx = oDoc.getDocumentIndexes()\n"
           "  For i = 0 To oIdx.getCount() - 1\n"
           "    oIdx.getByIndex(i).update()\n"
           "  Next i\n"
           "  oDoc.getTextFields().refresh()\n"
           "  Dim f(0) As New com.sun.star.beans.PropertyValue\n"
           "  f(0).Name = &quot;FilterName&quot;\n"
           "  f(0).Value = &quot;writer_pdf_Export&quot;\n"
           "  oDoc.storeToURL(outUrl, f())\n"
           "  oDoc.close(True)\n"
           "End Sub\n"
           "</script:module>\n")


def _profile(root: Path, base: list[str], timeout: float) -> Path:
    """A fresh LibreOffice profile holding the export macro.

    LibreOffice sets a new profile up on its first start and then ignores Basic files
    written beforehand, so start it once (``--terminate_after_init``) and add the macro after.
    """
    _run([*base, f"-env:UserInstallation={root.as_uri()}", "--terminate_after_init"], timeout)
    basic = root / "user" / "basic"
    (basic / "Standard").mkdir(parents=True, exist_ok=True)
    for name, text in (("script.xlc", _LIBS), ("dialog.xlc", _LIBS)):
        if not (basic / name).exists():
            (basic / name).write_text(text, encoding="utf-8")
    (basic / "Standard" / "script.xlb").write_text(_SCRIPT_LIB, encoding="utf-8")
    if not (basic / "Standard" / "dialog.xlb").exists():
        (basic / "Standard" / "dialog.xlb").write_text(_DIALOG_LIB, encoding="utf-8")
    (basic / "Standard" / "Module1.xba").write_text(_MODULE, encoding="utf-8")
    return root


def _run(cmd: list[str], timeout: float) -> None:
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "HOME", "TMPDIR")}
    env.setdefault("LANG", "C.UTF-8")
    # its own process group: on a timeout the whole group ends, soffice.bin included
    # (killing only the launcher left a hanging soffice.bin behind)
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env, start_new_session=True)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        import signal

        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
        raise


def docx_to_pdf(docx: bytes, *, timeout: float = TIMEOUT_SECONDS,
                update_toc: bool = True) -> bytes:
    """Convert ``.docx`` bytes to PDF bytes; raise :class:`PdfError` with a German message."""
    soffice = find_soffice()
    if soffice is None:
        raise PdfError("LibreOffice ist nicht installiert (Programm 'soffice' nicht gefunden); "
                       "das Word-Dokument wurde geschrieben, ein PDF kann nicht erzeugt werden. "
                       "Abhilfe: LibreOffice installieren, z. B. 'apt-get install "
                       "libreoffice-writer-nogui'.")
    with tempfile.TemporaryDirectory(prefix="mepcheck-pdf-") as tmp:
        work = Path(tmp)
        src = work / "dokument.docx"
        src.write_bytes(docx)
        out = work / "dokument.pdf"
        base = [soffice, "--headless", "--norestore", "--nologo", "--nodefault",
                "--nolockcheck"]
        try:
            profile = (work / "profile").as_uri()
            if update_toc:
                _profile(work / "profile", base, timeout)
                _run([*base, f"-env:UserInstallation={profile}",
                      f'macro:///Standard.Module1.ExportPdf("{src.as_uri()}","{out.as_uri()}")'],
                     timeout)
            if not out.exists() or out.stat().st_size == 0:
                _run([*base, f"-env:UserInstallation={profile}", "--convert-to", "pdf",
                      "--outdir", str(work), str(src)], timeout)
        except subprocess.TimeoutExpired:
            raise PdfError(f"LibreOffice hat die PDF-Umwandlung nicht innerhalb von "
                           f"{int(timeout)} Sekunden beendet.") from None
        if not out.exists() or out.stat().st_size == 0:
            raise PdfError("LibreOffice konnte das Dokument nicht in PDF umwandeln.")
        return out.read_bytes()


PDF_PREFIX = "/mepcheck."
"""Document-information keys of the PDF that carry the ``mepcheck.*`` properties."""


def pdf_text(pdf: bytes, *, timeout: float = 120) -> str:
    """The text of a PDF as ``pdftotext`` (poppler) reads it; :class:`PdfError` without it."""
    exe = shutil.which("pdftotext")
    if exe is None:
        raise PdfError("Das Programm 'pdftotext' fehlt (Paket poppler-utils); ohne es kann der "
                       "Text eines PDF nicht gelesen werden.")
    with tempfile.TemporaryDirectory(prefix="mepcheck-pdftext-") as tmp:
        src = Path(tmp) / "dokument.pdf"
        src.write_bytes(pdf)
        try:
            out = subprocess.run([exe, "-enc", "UTF-8", "-nopgbrk", str(src), "-"],
                                 capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise PdfError("pdftotext hat das PDF nicht rechtzeitig gelesen.") from None
    if out.returncode != 0:
        raise PdfError("Das PDF ist nicht lesbar (pdftotext meldet einen Fehler).")
    return out.stdout.decode("utf-8", "replace")


def _pdf_content(text: str) -> str:
    """The PDF's reader content: its text without page numbers in the running footer
    (``Seite 3 von 42``), which a re-paginated but unchanged document may differ in."""
    import re

    return re.sub(r"Seite\s*\d+\s*von\s*\d+", "", text)


def stamp_pdf(pdf: bytes, properties: dict[str, str]) -> bytes:
    """The PDF with the document's ``mepcheck.*`` properties in its document information,
    plus ``reader_sha256`` over its text and the reported properties (as in the ``.docx``)."""
    import io

    from pypdf import PdfReader, PdfWriter

    from mepcheck.assemble.content import content_digest
    from mepcheck.assemble.package import REPORTED

    reported = {k: properties[k] for k in REPORTED if k in properties}
    digest = content_digest(_pdf_content(pdf_text(pdf)), reported)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    meta = {f"{PDF_PREFIX}{k}": v for k, v in reported.items()}
    meta[f"{PDF_PREFIX}reader_sha256"] = digest
    writer.add_metadata(meta)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_properties(pdf: bytes) -> dict[str, str]:
    """The ``mepcheck.*`` properties of a PDF written by :func:`stamp_pdf` (prefix removed)."""
    import io

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        info = PdfReader(io.BytesIO(pdf)).metadata or {}
    except (PyPdfError, ValueError, KeyError, OSError) as exc:
        raise PdfError(f"Das PDF ist nicht lesbar: {exc}") from None
    return {str(k)[len(PDF_PREFIX):]: str(v) for k, v in info.items()
            if str(k).startswith(PDF_PREFIX)}


def pdf_reader_digest(pdf: bytes, properties: dict[str, str]) -> str:
    """The reader digest of a PDF, computed as :func:`stamp_pdf` did."""
    from mepcheck.assemble.content import content_digest
    from mepcheck.assemble.package import REPORTED

    reported = {k: properties[k] for k in REPORTED if k in properties}
    return content_digest(_pdf_content(pdf_text(pdf)), reported)
