"""Pictures in the document: an inline image that carries alt text (for screen readers)."""

from __future__ import annotations

import io
from typing import Any

from docx.shared import Cm
from docxtpl import DocxTemplate, InlineImage


class AltImage(InlineImage):
    """docxtpl's ``InlineImage`` plus a description (``descr``) and title on ``wp:docPr``.

    Created per render for one template object; templates cannot read its attributes
    (the locked sandbox refuses every attribute of docx/docxtpl/mepcheck objects).
    """

    def __init__(self, tpl: DocxTemplate, png: bytes, *, width_cm: float, alt: str,
                 title: str) -> None:
        super().__init__(tpl, io.BytesIO(png), width=Cm(width_cm))
        self.alt = alt
        self.title = title

    def _insert_image(self) -> str:
        part: Any = self.tpl.current_rendering_part
        self.image_descriptor.seek(0)
        inline = part.new_pic_inline(self.image_descriptor, self.width, self.height)
        inline.docPr.set("descr", self.alt)
        inline.docPr.set("title", self.title)
        return (f"</w:t></w:r><w:r><w:drawing>{inline.xml}</w:drawing></w:r><w:r>"
                '<w:t xml:space="preserve">')
