"""The worker process for untrusted templates: ``python -m mepcheck.assemble.worker``.

Reads one JSON request from stdin (:mod:`mepcheck.assemble.transport`), writes one JSON
response to stdout. The parent sets memory, CPU-time and file-size limits before this
process starts and kills it after a wall-clock timeout; here the template is checked
again as an archive, then rendered (``render``) or analysed and trial-rendered
(``check``) in the locked sandbox.
"""

from __future__ import annotations

import sys
from typing import Any

MAX_OUTPUT_BYTES = 60 * 1024 * 1024
"""Largest document the worker hands back (the 400-school document is about 0.7 MB)."""


def _handle(raw: bytes) -> dict[str, Any]:
    from mepcheck.assemble.archive import ArchiveRefused, check_archive, refuse_external
    from mepcheck.assemble.render import TemplateRenderError, render_docx
    from mepcheck.assemble.transport import decode_request

    command, template, view_model, charts = decode_request(raw)
    try:
        refuse_external(check_archive(template))
    except ArchiveRefused as exc:
        return {"ok": False, "kind": "refused", "error": str(exc)}
    if command == "render":
        try:
            docx = render_docx(template, view_model, charts)
        except TemplateRenderError as exc:
            return {"ok": False, "kind": _kind(str(exc)), "error": str(exc)}
        if len(docx) > MAX_OUTPUT_BYTES:  # the parent reads the whole answer into memory
            return {"ok": False, "kind": "refused",
                    "error": f"Vorlage abgelehnt: das Ergebnis ist größer als "
                             f"{MAX_OUTPUT_BYTES // (1024 * 1024)} MB."}
        return {"ok": True, "docx": docx}
    if command == "check":
        from mepcheck.assemble.templatecheck import analyze, leftover_tags

        analysis = analyze(template).as_dict()
        render: dict[str, Any] = {"ok": False, "error": None, "leftover": []}
        try:
            docx = render_docx(template, view_model, charts)
            render = {"ok": True, "error": None, "leftover": leftover_tags(docx)}
        except TemplateRenderError as exc:
            render = {"ok": False, "error": str(exc), "kind": _kind(str(exc)), "leftover": []}
        return {"ok": True, "analysis": analysis, "render": render}
    return {"ok": False, "kind": "usage", "error": f"unbekannter Befehl {command!r}"}


def _kind(message: str) -> str:
    return "security" if "unzulässigen Zugriff" in message else "template"


def main() -> int:
    from mepcheck.assemble.transport import encode_response

    raw = sys.stdin.buffer.read()
    try:
        response = _handle(raw)
    except MemoryError:
        response = {"ok": False, "kind": "memory", "error": "Speicherlimit überschritten"}
    except RecursionError:
        response = {"ok": False, "kind": "template", "error": "Vorlage zu tief verschachtelt"}
    except Exception as exc:
        response = {"ok": False, "kind": "template",
                    "error": f"Vorlage nicht verarbeitbar: {type(exc).__name__}: {exc}"}
    sys.stdout.buffer.write(encode_response(response))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
