"""Checks on a ``.docx`` archive before anything parses it (templates and documents to verify).

python-docx reads every referenced part fully into memory: a 0.18 MiB file holding 96 MiB
of ``<w:p/>`` took 5.3 GB and 38 s (measured). So the zip directory is checked first:
file size, number of entries, size per part and in total, compression ratio, encryption,
odd names; then every XML part is scanned for a DTD (a WordprocessingML part never has one,
and a DTD is what external entities and "billion laughs" need).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

MiB = 1024 * 1024


@dataclass(frozen=True)
class ArchiveLimits:
    """Limits for an untrusted ``.docx``."""

    max_file_bytes: int = 25 * MiB
    max_entries: int = 1000
    max_xml_part_bytes: int = 16 * MiB
    max_part_bytes: int = 32 * MiB
    max_total_bytes: int = 100 * MiB
    max_ratio: float = 100.0
    """Largest unpacked-to-packed ratio, for the whole archive and for each large part."""
    ratio_floor_bytes: int = 4 * MiB
    """Ratios are judged only above this unpacked size (small parts compress well, harmlessly)."""


TEMPLATE_LIMITS = ArchiveLimits()
DOCUMENT_LIMITS = ArchiveLimits(max_file_bytes=60 * MiB, max_xml_part_bytes=200 * MiB,
                                max_part_bytes=200 * MiB, max_total_bytes=400 * MiB)
"""Documents to verify: our own 400-school document has a large ``document.xml``."""

_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


class ArchiveRefused(Exception):
    """The file is not accepted as a ``.docx`` (German message)."""


_DECL = re.compile(rb"^\s*<\?xml[^>]*?encoding=[\"']([A-Za-z0-9._-]+)[\"']")


def _utf8_xml(raw: bytes) -> bool:
    """UTF-8 (or ASCII) only: a DTD in UTF-16 would hide from the byte scan."""
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    head = body.lstrip()[:1]
    if head and head != b"<":
        return False
    if b"\x00" in body[:200]:
        return False
    match = _DECL.match(body)
    return match is None or match.group(1).lower() in (b"utf-8", b"utf8", b"us-ascii", b"ascii")


def _mb(n: int) -> str:
    return f"{n / MiB:.1f} MB".replace(".", ",")


def check_archive(data: bytes, limits: ArchiveLimits = TEMPLATE_LIMITS,
                  what: str = "Vorlage") -> dict[str, bytes]:
    """Check ``data``; return the XML parts (name → bytes) or raise :class:`ArchiveRefused`."""
    if len(data) > limits.max_file_bytes:
        raise ArchiveRefused(f"{what} abgelehnt: Datei zu groß ({_mb(len(data))}, höchstens "
                             f"{_mb(limits.max_file_bytes)}).")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise ArchiveRefused(f"{what} abgelehnt: keine .docx-Datei (kein gültiges ZIP-Archiv)."
                             ) from None
    with zf:
        infos = zf.infolist()
        if len(infos) > limits.max_entries:
            raise ArchiveRefused(f"{what} abgelehnt: zu viele Einträge im Archiv ({len(infos)}, "
                                 f"höchstens {limits.max_entries}).")
        names = {i.filename for i in infos}
        if len(names) != len(infos):
            raise ArchiveRefused(f"{what} abgelehnt: doppelte Einträge im Archiv.")
        for required in ("[Content_Types].xml", "word/document.xml"):
            if required not in names:
                raise ArchiveRefused(f"{what} abgelehnt: keine Word-Datei ('{required}' fehlt).")
        total = 0
        for info in infos:
            name = info.filename
            if name.startswith(("/", "\\")) or ".." in name.split("/") or "\\" in name:
                raise ArchiveRefused(f"{what} abgelehnt: unzulässiger Name im Archiv: {name!r}.")
            if info.flag_bits & 0x1:
                raise ArchiveRefused(f"{what} abgelehnt: verschlüsselter Eintrag {name!r}.")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise ArchiveRefused(f"{what} abgelehnt: unbekannte Kompression in {name!r}.")
            is_xml = name.endswith((".xml", ".rels"))
            cap = limits.max_xml_part_bytes if is_xml else limits.max_part_bytes
            if info.file_size > cap:
                raise ArchiveRefused(f"{what} abgelehnt: Teil {name!r} entpackt zu groß "
                                     f"({_mb(info.file_size)}, höchstens {_mb(cap)}).")
            if (info.file_size > limits.ratio_floor_bytes
                    and info.file_size > limits.max_ratio * max(info.compress_size, 1)):
                ratio = info.file_size / max(info.compress_size, 1)
                raise ArchiveRefused(
                    f"{what} abgelehnt: Teil {name!r} entpackt auf das {ratio:,.0f}-Fache "
                    f"(höchstens {limits.max_ratio:.0f}-fach) – Verdacht auf ZIP-Bombe."
                    .replace(",", "."))
            total += info.file_size
        if total > limits.max_total_bytes:
            raise ArchiveRefused(f"{what} abgelehnt: Archiv entpackt zu groß ({_mb(total)}, "
                                 f"höchstens {_mb(limits.max_total_bytes)}).")
        if total > limits.ratio_floor_bytes and total > limits.max_ratio * len(data):
            raise ArchiveRefused(
                f"{what} abgelehnt: Archiv entpackt auf das {total / len(data):,.0f}-Fache "
                f"seiner Größe – Verdacht auf ZIP-Bombe.".replace(",", "."))
        xml_parts: dict[str, bytes] = {}
        for info in infos:
            if not info.filename.endswith((".xml", ".rels")):
                continue
            try:
                raw = zf.read(info)  # bounded by the declared size, CRC checked
            except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
                raise ArchiveRefused(f"{what} abgelehnt: Teil {info.filename!r} beschädigt "
                                     f"({exc}).") from None
            if not _utf8_xml(raw):
                raise ArchiveRefused(
                    f"{what} abgelehnt: Teil {info.filename!r} ist kein UTF-8-XML "
                    "(Word schreibt nur UTF-8).")
            if _DTD.search(raw):
                raise ArchiveRefused(
                    f"{what} abgelehnt: Teil {info.filename!r} enthält eine DTD oder "
                    "Entitätsdefinition (<!DOCTYPE/<!ENTITY>); Word-Dateien enthalten so etwas "
                    "nicht, externe Entitäten werden nie aufgelöst.")
            xml_parts[info.filename] = raw
        return xml_parts


_EXTERNAL_REL = re.compile(
    rb"<(?:\w+:)?Relationship\b(?=[^>]*\bTargetMode\s*=\s*[\"']External[\"'])[^>]*>", re.IGNORECASE)
_REL_ATTR = re.compile(rb"\b(Type|Target)\s*=\s*[\"']([^\"']*)[\"']")
_FETCHING_FIELD = re.compile(
    rb"(?:<w:instrText\b[^>]*>|\bw:instr\s*=\s*[\"'])\s*(INCLUDEPICTURE|INCLUDETEXT|LINK|DDEAUTO|DDE|"
    rb"IMPORT|DATABASE|AUTOTEXTLIST)\b", re.IGNORECASE)
_REMOTE_ATTR = re.compile(rb"\b(?:src|href|o:href|r:link)\s*=\s*[\"'](?:https?:|ftp:|file:|\\\\\\\\)",
                          re.IGNORECASE)

_REL_KINDS = {
    "image": "ein Bild aus dem Netz", "attachedTemplate": "eine angehängte Vorlage",
    "hyperlink": "ein Hyperlink", "oleObject": "ein verknüpftes Objekt",
    "subDocument": "ein Teildokument", "frame": "ein Rahmen mit fremdem Inhalt",
    "mailMergeSource": "eine Seriendruck-Datenquelle", "mailMergeHeaderSource":
    "eine Seriendruck-Datenquelle", "recipientData": "eine Seriendruck-Datenquelle",
}


def external_references(xml_parts: dict[str, bytes]) -> list[str]:
    """Everything in a package that points outside it: relationships with
    ``TargetMode="External"`` (remote pictures, attached templates, data sources,
    hyperlinks), fields that fetch content (``INCLUDEPICTURE``, ``INCLUDETEXT``, ``LINK``,
    ``DDE``) and remote addresses in picture attributes. German descriptions, one per hit."""
    found = []
    for name, raw in sorted(xml_parts.items()):
        if name.endswith(".rels"):
            for rel in _EXTERNAL_REL.findall(raw):
                attrs = {k.decode(): v.decode("utf-8", "replace") for k, v in _REL_ATTR.findall(rel)}
                kind = attrs.get("Type", "").rsplit("/", 1)[-1]
                what = _REL_KINDS.get(kind, f"eine externe Beziehung ({kind or 'ohne Typ'})")
                found.append(f"{name}: {what} → {attrs.get('Target', '?')[:120]}")
            continue
        for match in _FETCHING_FIELD.finditer(raw):
            found.append(f"{name}: Feld {match.group(1).decode().upper()} lädt fremden Inhalt")
        if _REMOTE_ATTR.search(raw):
            found.append(f"{name}: ein Bild oder Objekt mit einer Adresse außerhalb der Datei")
    return found


def refuse_external(xml_parts: dict[str, bytes], what: str = "Vorlage") -> None:
    """Raise :class:`ArchiveRefused` when the package points outside itself: Word would
    fetch such content when the document is opened (a tracking request or worse)."""
    found = external_references(xml_parts)
    if found:
        more = f" (und {len(found) - 3} weitere)" if len(found) > 3 else ""
        raise ArchiveRefused(
            f"{what} abgelehnt: sie verweist auf Inhalte außerhalb der Datei, die Word beim "
            f"Öffnen nachladen würde: {'; '.join(found[:3])}{more}. Bilder und Vorlagen bitte "
            "einbetten, Verknüpfungen und Seriendruck-Datenquellen entfernen.")


_DESCRIPTION = re.compile(
    r"<(?:TemplateReference|LoopContext|Cycler|Joiner|Namespace|Undefined|function |built-in |"
    r"bound method |class '|module '|generator object|[A-Za-z_][\w.]* object at 0x)|"
    r" at 0x[0-9a-fA-F]{6,}>")


def refuse_descriptions(docx: bytes) -> None:
    """Raise :class:`ArchiveRefused` when rendered text holds a Python object description
    (``<… object at 0x7f…>``): the last guard behind the sandbox's value-only output."""
    from mepcheck.assemble.textextract import part_text

    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        for name in zf.namelist():
            if not re.match(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$", name):
                continue
            match = _DESCRIPTION.search(part_text(zf.read(name)))
            if match:
                raise ArchiveRefused(
                    f"Vorlage abgelehnt: sie schreibt die Beschreibung eines Programmobjekts "
                    f"ins Dokument ({match.group(0)[:60]!r} in {name}); Vorlagen geben nur "
                    "Werte aus.")
