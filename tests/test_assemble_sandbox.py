"""Templates from outside are untrusted: sandbox, archive checks, limits, clear refusals."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from jinja2.exceptions import SecurityError, UndefinedError

from mepcheck.assemble.archive import ArchiveLimits, ArchiveRefused, check_archive
from mepcheck.assemble.assembler import assemble_document, bundled_template_path
from mepcheck.assemble.images import AltImage
from mepcheck.assemble.jinja_env import make_environment
from mepcheck.assemble.untrusted import Limits, TemplateRefused
from tests.test_assemble_support import EXAMPLES, assembled


def template_with(*paragraphs: str) -> bytes:
    """A minimal .docx whose body holds ``paragraphs`` (each in one run)."""
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _replace_part(docx: bytes, name: str, data: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, data if info.filename == name else src.read(info))
    return out.getvalue()


# --- the sandbox itself ---------------------------------------------------------------------


@pytest.mark.parametrize("source", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ ().__class__.__base__.__subclasses__() }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'] }}",
    "{{ [].append(1) }}",
    "{{ {}.update(a=1) }}",
    "{{ 'x' * 200000 }}",
    "{{ [1] * 200000 }}",
    "{{ 2 ** 100000 }}",
])
def test_sandbox_refuses_python_internals_and_abuse(source: str) -> None:
    env = make_environment()
    # lipsum and cycler no longer exist in the environment at all
    with pytest.raises((SecurityError, OverflowError, UndefinedError)):
        env.from_string(source).render()


def test_sandbox_closes_the_path_through_docxtpl_objects(tmp_path) -> None:
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(template_with("x")))
    pixel = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
                          "0000000c49444154789c63f8ffff3f0005fe02fe0def46b80000000049454e44ae"
                          "426082")
    image = AltImage(tpl, pixel, width_cm=1, alt="a", title="t")
    env = make_environment()
    target = tmp_path / "escaped.docx"
    for source in ("{{ img.tpl }}", f"{{{{ img.tpl.save('{target}') }}}}",
                   "{{ img.image_descriptor }}", "{{ img.tpl.docx.part }}"):
        with pytest.raises(SecurityError):
            env.from_string(source).render(img=image)
    assert not target.exists()


# --- archive checks (before anything parses the file) -----------------------------------------


def test_zip_bomb_is_refused_before_parsing() -> None:
    base = template_with("x")
    bomb = _replace_part(base, "word/document.xml", b" " * (60 * 1024 * 1024))
    assert len(bomb) < 200_000
    with pytest.raises(ArchiveRefused, match="entpackt"):
        check_archive(bomb)


def test_oversized_file_and_too_many_entries_are_refused() -> None:
    base = template_with("x")
    with pytest.raises(ArchiveRefused, match="zu groß"):
        check_archive(base, ArchiveLimits(max_file_bytes=1000))
    with pytest.raises(ArchiveRefused, match="zu viele Einträge"):
        check_archive(base, ArchiveLimits(max_entries=3))
    with pytest.raises(ArchiveRefused, match=r"keine \.docx-Datei"):
        check_archive(b"PK\x03\x04 kaputt")


@pytest.mark.parametrize("payload", [
    b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>",
    '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x>'.encode("utf-16"),
])
def test_external_entities_and_dtds_are_refused(payload: bytes) -> None:
    with pytest.raises(ArchiveRefused):
        check_archive(_replace_part(template_with("x"), "word/document.xml", payload))


# --- untrusted templates end to end (worker subprocess) -----------------------------------


def test_template_reaching_for_internals_is_refused(tmp_path) -> None:
    _, result, _ = assembled(EXAMPLES[0])
    path = tmp_path / "boese.docx"
    path.write_bytes(template_with("{{ chapters.introduction.heading }}",
                                   "{{ ''.__class__.__mro__[1].__subclasses__() }}"))
    with pytest.raises(TemplateRefused, match="unzulässigen Zugriff"):
        assemble_document(result, template=path)


def test_template_that_runs_too_long_is_stopped(tmp_path) -> None:
    _, result, _ = assembled(EXAMPLES[0])
    path = tmp_path / "endlos.docx"
    path.write_bytes(template_with(
        "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}"))
    with pytest.raises(TemplateRefused, match="Zeitlimit"):
        assemble_document(result, template=path, limits=Limits(cpu_seconds=2, wall_seconds=20))


def test_template_that_needs_too_much_memory_is_stopped(tmp_path) -> None:
    _, result, _ = assembled(EXAMPLES[0])
    path = tmp_path / "gierig.docx"
    path.write_bytes(template_with("{{ range(99999)|join('x' * 99999) }}"))
    with pytest.raises(TemplateRefused, match=r"Speicherlimit|Zeitlimit"):
        assemble_document(result, template=path, limits=Limits(memory_mb=600, cpu_seconds=20))


def test_a_custom_copy_of_the_bundled_template_renders_the_same_text(tmp_path) -> None:
    from tests.test_assemble_support import docx_text

    _, result, document = assembled(EXAMPLES[0])
    path = tmp_path / "eigene-vorlage.docx"
    path.write_bytes(bundled_template_path().read_bytes())
    custom = assemble_document(result, template=path)
    assert custom.properties["template"] == "eigene-vorlage.docx"
    assert docx_text(custom.docx) == docx_text(document.docx)
