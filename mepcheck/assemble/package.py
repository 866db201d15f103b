"""The ``.docx`` package after rendering: fixed properties, integrity data, stable zip bytes.

docxtpl/python-docx write the current time into every zip entry and keep the template's
core properties; both make two runs differ. :func:`finalize` rewrites

* ``docProps/core.xml`` with fixed values (created/modified = the plan's Stichtag),
* ``docProps/custom.xml`` with the integrity data (plan hash, rule set, findings summary,
  template hash, the hash of the exact parts and the reader digest), registered in ``[Content_Types].xml`` and
  ``_rels/.rels``,
* every zip entry with the timestamp 1980-01-01 00:00 and fixed attributes,

so that the same plan, rules and template give a byte-identical document.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from collections.abc import Mapping
from xml.sax.saxutils import escape

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
CUSTOM_PART = "docProps/custom.xml"
CORE_PART = "docProps/core.xml"
CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_REL = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
              "custom-properties")
CORE_CT = "application/vnd.openxmlformats-package.core-properties+xml"
CORE_REL = ("http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
            "core-properties")
PROPERTY_PREFIX = "mepcheck."
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def normalize_zip(data: bytes, replace: Mapping[str, bytes] | None = None) -> bytes:
    """Rewrite a zip with fixed timestamps and attributes; ``replace`` adds or swaps entries.

    ``[Content_Types].xml`` comes first (some readers expect it), the rest keep their order,
    new entries follow sorted by name.
    """
    replace = dict(replace or {})
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        names = [i.filename for i in src.infolist()]
        names.sort(key=lambda n: 0 if n == "[Content_Types].xml" else 1)
        extra = sorted(n for n in replace if n not in names)
        with zipfile.ZipFile(out, "w") as dst:
            for name in [*names, *extra]:
                payload = replace[name] if name in replace else src.read(name)
                info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3
                info.external_attr = 0o644 << 16
                dst.writestr(info, payload, compresslevel=6)
    return out.getvalue()


def _w3cdtf(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def core_xml(*, title: str, subject: str, creator: str, keywords: str, description: str,
             day: dt.date, category: str = "Medienentwicklungsplan") -> bytes:
    """A fixed ``docProps/core.xml``."""
    stamp = _w3cdtf(day)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title>"
        f"<dc:subject>{escape(subject)}</dc:subject>"
        f"<dc:creator>{escape(creator)}</dc:creator>"
        f"<cp:keywords>{escape(keywords)}</cp:keywords>"
        f"<dc:description>{escape(description)}</dc:description>"
        "<cp:lastModifiedBy>mepcheck</cp:lastModifiedBy>"
        "<cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        f"<cp:category>{escape(category)}</cp:category>"
        "<dc:language>de-DE</dc:language>"
        "</cp:coreProperties>"
    ).encode()


def custom_xml(props: Mapping[str, str]) -> bytes:
    """``docProps/custom.xml`` with text properties, in the given order."""
    items = []
    for pid, (name, value) in enumerate(props.items(), start=2):
        items.append(f'<property fmtid="{_FMTID}" pid="{pid}" name="{escape(name)}">'
                     f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes">' + "".join(items) + "</Properties>"
    ).encode("utf-8")


def _content_types(xml: bytes) -> bytes:
    text = xml.decode("utf-8")
    if 'PartName="/docProps/custom.xml"' not in text:
        text = text.replace(
            "</Types>",
            f'<Override PartName="/docProps/custom.xml" ContentType="{CUSTOM_CT}"/></Types>')
    if 'PartName="/docProps/core.xml"' not in text:
        text = text.replace(
            "</Types>", f'<Override PartName="/docProps/core.xml" ContentType="{CORE_CT}"/></Types>')
    return text.encode("utf-8")


def _root_rels(xml: bytes) -> bytes:
    text = xml.decode("utf-8")
    if CUSTOM_REL not in text:
        text = text.replace(
            "</Relationships>",
            f'<Relationship Id="rIdMepcheckCustom" Type="{CUSTOM_REL}" '
            f'Target="docProps/custom.xml"/></Relationships>')
    if CORE_REL not in text:
        text = text.replace(
            "</Relationships>",
            f'<Relationship Id="rIdMepcheckCore" Type="{CORE_REL}" '
            f'Target="docProps/core.xml"/></Relationships>')
    return text.encode("utf-8")


def content_digest(entries: Mapping[str, bytes]) -> str:
    """SHA-256 over every part except the custom properties (which hold this digest)."""
    digest = hashlib.sha256()
    for name in sorted(entries):
        if name == CUSTOM_PART:
            continue
        digest.update(name.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(entries[name]).digest())
    return digest.hexdigest()


REPORTED = ("version", "plan_sha256", "ruleset_version", "ruleset_date", "ruleset_fingerprint",
            "profile", "engine", "findings", "findings_text", "template", "template_sha256",
            "findings_mode", "technical_annex", "logo_sha256")
"""The properties ``verify`` reports; the reader digest covers them with the content."""


def reader_digest(entries: Mapping[str, bytes], properties: Mapping[str, str]) -> str:
    """SHA-256 of what a reader sees (:mod:`mepcheck.assemble.content`) and of the reported
    properties: the same after an open-and-save in Word or LibreOffice, different after any
    changed word, number or reported property."""
    from mepcheck.assemble.content import content_digest as digest_of
    from mepcheck.assemble.content import reader_content

    reported = {k: properties[k] for k in REPORTED if k in properties}
    return digest_of("".join(reader_content(entries)), reported)


def read_entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {i.filename: zf.read(i.filename) for i in zf.infolist()}


def finalize(data: bytes, *, core: bytes, properties: Mapping[str, str]) -> bytes:
    """Fixed core properties, integrity properties and zip timestamps.

    ``properties`` are written with the prefix ``mepcheck.``; ``content_sha256`` (the exact
    parts) and ``reader_sha256`` (what a reader sees, see :func:`reader_digest`) are computed
    here, over the final parts.
    """
    entries = read_entries(data)
    entries[CORE_PART] = core
    entries["[Content_Types].xml"] = _content_types(entries["[Content_Types].xml"])
    entries["_rels/.rels"] = _root_rels(entries["_rels/.rels"])
    entries[CUSTOM_PART] = b""
    props = {f"{PROPERTY_PREFIX}{k}": v for k, v in properties.items()}
    props[f"{PROPERTY_PREFIX}content_sha256"] = content_digest(entries)
    props[f"{PROPERTY_PREFIX}reader_sha256"] = reader_digest(entries, properties)
    entries[CUSTOM_PART] = custom_xml(props)
    return normalize_zip(data, replace=entries)


def read_properties(entries: Mapping[str, bytes]) -> dict[str, str]:
    """The ``mepcheck.*`` custom properties of a document (prefix removed)."""
    raw = entries.get(CUSTOM_PART)
    if not raw:
        return {}
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(raw, parser)
    out: dict[str, str] = {}
    for prop in root:
        name = prop.get("name") or ""
        if name.startswith(PROPERTY_PREFIX):
            out[name[len(PROPERTY_PREFIX):]] = "".join(prop.itertext())
    return out
