"""Uploaded plans: their name and bytes, how they travel in a page, how they are read.

The application keeps nothing between requests. A result page therefore carries the plan
it was made from in a hidden form field (``plan_daten``: the file's bytes, compressed with
zlib and base64url-encoded), and every download, filter or sort re-posts that field; the
server checks the plan again as if it had been uploaded anew, under the same limits. The
browser holds the state, the server holds none.

A plan is read by the common loader (:func:`mepcheck.loading.load_plan`) from a file in a
private temporary folder that is removed when reading is done, so every format the
command line reads (YAML, JSON and, where supported, workbooks) is read the same way,
with the same German messages. Messages name the uploaded file, never the temporary path.
"""

from __future__ import annotations

import base64
import binascii
import re
import tempfile
import zlib
from dataclasses import dataclass, replace
from pathlib import Path

from mepcheck.loading import LoadedPlan, PlanIssue, PlanLoadError

MAX_FILE_BYTES = 10 * 1024 * 1024
"""Largest plan file accepted (the loader's own limit)."""

_SAFE = re.compile(r"[^A-Za-z0-9ÄÖÜäöüß._ -]+")


_DAMAGED = "Die mitgesendeten Plandaten sind beschädigt; bitte den Plan neu hochladen."


class UploadRefused(Exception):
    """An upload that is not even handed to the loader (German message)."""


@dataclass(frozen=True)
class Upload:
    """One plan file as received: the name shown to the user and its bytes."""

    name: str
    data: bytes

    def packed(self) -> str:
        """The bytes for a hidden form field: zlib-compressed, base64url."""
        return base64.urlsafe_b64encode(zlib.compress(self.data, 6)).decode("ascii")

    @classmethod
    def unpack(cls, name: str, packed: str, limit: int = MAX_FILE_BYTES) -> Upload:
        """Inverse of :meth:`packed`; never inflates beyond ``limit`` bytes."""
        try:
            raw = base64.b64decode(packed.encode("ascii"), altchars=b"-_", validate=True)
            inflater = zlib.decompressobj()
            data = inflater.decompress(raw, limit + 1)
        except (binascii.Error, ValueError, UnicodeEncodeError, zlib.error):
            raise UploadRefused(_DAMAGED) from None
        if len(data) > limit or inflater.unconsumed_tail:
            raise UploadRefused(f"Datei zu groß (höchstens {limit} Bytes).")
        if not inflater.eof:
            raise UploadRefused(_DAMAGED)
        return cls(safe_name(name), data)


def safe_name(name: str) -> str:
    """The base name of an uploaded file, without folders or odd characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    base = _SAFE.sub("_", base).strip(". ") or "plan"
    return base[:120]


def load_upload(upload: Upload) -> LoadedPlan:
    """Read and validate an uploaded plan with the common loader; raise :class:`PlanLoadError`
    whose issues name the uploaded file."""
    name = safe_name(upload.name)
    if len(upload.data) > MAX_FILE_BYTES:
        raise PlanLoadError([PlanIssue(name, None, None, (),
                                       f"Datei zu groß ({len(upload.data)} Bytes, höchstens "
                                       f"{MAX_FILE_BYTES})")])
    with tempfile.TemporaryDirectory(prefix="mepcheck-web-") as folder:
        path = Path(folder) / name
        path.write_bytes(upload.data)
        try:
            loaded = load_plan(path)
        except PlanLoadError as exc:
            raise PlanLoadError([replace(i, file=_rename(i.file, str(path), name))
                                 for i in exc.issues]) from None
    return replace(loaded, source=name)


def load_plan(path: Path) -> LoadedPlan:
    """The common loader (looked up at call time, so that formats added to it apply here)."""
    from mepcheck import loading

    return loading.load_plan(path)


def _rename(file: str, temp: str, name: str) -> str:
    return name if file == temp else file.replace(temp, name)
