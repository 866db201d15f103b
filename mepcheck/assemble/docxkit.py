"""Small python-docx helpers for writing a docxtpl template: styles, tables, fields, tags.

Every Jinja tag is written into a run of its own, so Word never splits it and docxtpl
sees it whole. Used by :mod:`mepcheck.assemble.template_source` only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

FONT = "Arial"
INK = RGBColor(0x1A, 0x1A, 0x1A)
BLUE = RGBColor(0x1F, 0x3B, 0x5C)
GREY = RGBColor(0x59, 0x59, 0x59)
RED = RGBColor(0x9C, 0x2A, 0x00)
TEXT_WIDTH_CM = 16.5

BR = object()
"""A line break inside a paragraph (a segment of :meth:`Writer.para`)."""


def el(tag: str, **attrs: str) -> Any:
    """A new OOXML element with ``w:``-qualified attributes."""
    node = OxmlElement(tag)
    for key, value in attrs.items():
        node.set(qn(f"w:{key}"), value)
    return node


_PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle",
    "rPr", "sectPr", "pPrChange",
)
"""Child order of ``w:pPr`` (CT_PPr in ECMA-376): Word rejects parts whose order is wrong."""

_SETTINGS_ORDER = (
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
    "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts", "embedSystemFonts",
    "saveSubsetFonts", "saveFormsData", "mirrorMargins", "alignBordersAndEdges",
    "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter", "gutterAtTop",
    "hideSpellingErrors", "hideGrammaticalErrors", "activeWritingStyle", "proofState",
    "formsDesign", "attachedTemplate", "linkStyles", "stylePaneFormatFilter",
    "stylePaneSortMethod", "documentType", "mailMerge", "revisionView", "trackRevisions",
    "doNotTrackMoves", "doNotTrackFormatting", "documentProtection", "autoFormatOverride",
    "styleLockTheme", "styleLockQFSet", "defaultTabStop", "autoHyphenation",
    "consecutiveHyphenLimit", "hyphenationZone", "doNotHyphenateCaps", "showEnvelope",
    "summaryLength", "clickAndTypeStyle", "defaultTableStyle", "evenAndOddHeaders",
    "bookFoldRevPrinting", "bookFoldPrinting", "bookFoldPrintingSheets",
    "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery",
    "doNotUseMarginsForDrawingGridOrigin", "drawingGridHorizontalOrigin",
    "drawingGridVerticalOrigin", "doNotShadeFormData", "noPunctuationKerning",
    "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars", "noLineBreaksAfter",
    "noLineBreaksBefore", "savePreviewPicture", "doNotValidateAgainstSchema", "saveInvalidXml",
    "ignoreMixedContent", "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml",
    "saveXmlDataOnly", "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags",
    "alwaysMergeEmptyNamespace", "updateFields", "hdrShapeDefaults", "footnotePr", "endnotePr",
    "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang",
    "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures",
    "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary",
    "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
)
"""Child order of ``w:settings`` (CT_Settings in ECMA-376)."""


def insert_ordered(parent: Any, child: Any, order: tuple[str, ...]) -> None:
    """Insert ``child`` where the schema wants it (before the first later sibling)."""
    name = child.tag.split("}", 1)[1]
    later = set(order[order.index(name) + 1:])
    for i, sibling in enumerate(parent):
        if isinstance(sibling.tag, str) and sibling.tag.split("}", 1)[-1] in later:
            parent.insert(i, child)
            return
    parent.append(child)


def _set_fonts(rpr: Any, font: str = FONT) -> None:
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    fonts = el("w:rFonts", ascii=font, hAnsi=font, cs=font, eastAsia=font)
    rpr.insert(0, fonts)


def _border(parent: Any, side: str, val: str = "single", sz: str = "4", color: str = "auto",
            space: str = "0") -> None:
    parent.append(el(f"w:{side}", val=val, sz=sz, space=space, color=color))


def _ascii_id(name: str) -> str:
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"),
                          ("Ü", "Ue"), ("ß", "ss")):
        name = name.replace(umlaut, plain)
    return "".join(ch for ch in name if ch.isascii() and ch.isalnum())


def setup_styles(doc: Any) -> None:
    """Fonts, German language, heading, table, gap and marker styles."""
    styles = doc.styles
    root = styles.element
    defaults = root.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr)
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    rpr.append(el("w:lang", val="de-DE", eastAsia="de-DE", bidi="ar-SA"))
    # theme fonts in the stock styles would win over the explicit font: drop them
    for fonts in root.iter(qn("w:rFonts")):
        for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{attr}"), None)
    for color in root.iter(qn("w:color")):
        for attr in ("themeColor", "themeShade", "themeTint"):
            color.attrib.pop(qn(f"w:{attr}"), None)

    def para_style(name: str, *, base: str | None = "Normal", size: float | None = None,
                   bold: bool | None = None, italic: bool | None = None,
                   color: RGBColor | None = None, before: float | None = None,
                   after: float | None = None, align: Any = None, keep_next: bool | None = None,
                   line: float | None = None, indent_cm: float | None = None,
                   style_id: str | None = None) -> Any:
        try:
            style = styles[name]
        except KeyError:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            # ASCII style ids, as Word writes them ("Lücke Titel" → "LueckeTitel")
            style.element.set(qn("w:styleId"), style_id or _ascii_id(name))
        if base is not None and name != base:
            style.base_style = styles[base]
        font = style.font
        font.name = FONT
        if size is not None:
            font.size = Pt(size)
        if bold is not None:
            font.bold = bold
        if italic is not None:
            font.italic = italic
        if color is not None:
            font.color.rgb = color
        pf = style.paragraph_format
        if before is not None:
            pf.space_before = Pt(before)
        if after is not None:
            pf.space_after = Pt(after)
        if align is not None:
            pf.alignment = align
        if keep_next is not None:
            pf.keep_with_next = keep_next
        if line is not None:
            pf.line_spacing = line
        if indent_cm is not None:
            pf.left_indent = Cm(indent_cm)
        style.quick_style = True
        return style

    para_style("Normal", base=None, size=10, color=INK, after=5, line=1.15)
    for name in ("Header", "Footer"):
        # the stock styles carry centre/right tabs for Letter paper; one right tab at A4 text width
        ppr = styles[name].element.get_or_add_pPr()
        for tabs in ppr.findall(qn("w:tabs")):
            ppr.remove(tabs)
        styles[name].paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM),
                                                             WD_TAB_ALIGNMENT.RIGHT)
    para_style("Title", size=24, bold=True, color=BLUE, after=10, line=1.0)
    para_style("Subtitle", size=13, italic=False, color=GREY, after=4)
    h1 = para_style("Heading 1", size=15, bold=True, color=BLUE, before=20, after=8,
                    keep_next=True, line=1.0)
    ppr = h1.element.get_or_add_pPr()
    borders = el("w:pBdr")
    _border(borders, "bottom", sz="6", color="1F3B5C", space="3")
    insert_ordered(ppr, borders, _PPR_ORDER)
    para_style("Heading 2", size=12, bold=True, color=BLUE, before=14, after=5,
               keep_next=True, line=1.0)
    para_style("Heading 3", size=10.5, bold=True, italic=False, color=INK, before=10, after=4,
               keep_next=True, line=1.0)
    para_style("TOC Heading", base="Normal", size=15, bold=True, color=BLUE, before=0,
               after=12)
    toc1 = para_style("toc 1", size=10, after=2, style_id="TOC1")
    toc1.paragraph_format.tab_stops.add_tab_stop(Cm(0.8), WD_TAB_ALIGNMENT.LEFT)
    toc1.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT,
                                                 WD_TAB_LEADER.DOTS)
    toc2 = para_style("toc 2", size=9, after=0, style_id="TOC2", indent_cm=0.8)
    toc2.paragraph_format.tab_stops.add_tab_stop(Cm(1.9), WD_TAB_ALIGNMENT.LEFT)
    toc2.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT,
                                                 WD_TAB_LEADER.DOTS)
    para_style("Caption", size=8.5, italic=True, bold=False, color=GREY, before=2, after=10)
    para_style("Tabelle", size=8, after=0, line=1.0)
    para_style("Tabelle rechts", base="Tabelle", align=WD_ALIGN_PARAGRAPH.RIGHT)
    para_style("Tabellenkopf", base="Tabelle", bold=True, keep_next=True)
    para_style("Tabellenkopf rechts", base="Tabellenkopf", align=WD_ALIGN_PARAGRAPH.RIGHT)
    para_style("Kleiner Text", size=8, color=GREY, after=2)
    para_style("Tabellentitel", size=9.5, bold=True, before=6, after=3, keep_next=True)
    para_style("Titelangabe", size=10.5, after=2)
    para_style("Bild", after=2, align=WD_ALIGN_PARAGRAPH.CENTER, keep_next=True)
    para_style("List Bullet", size=10)

    gap = para_style("Lücke", size=9.5, color=RGBColor(0x5C, 0x2E, 0x00), after=0,
                     indent_cm=0.25)
    gpr = gap.element.get_or_add_pPr()
    gb = el("w:pBdr")
    _border(gb, "left", sz="24", color="C77700", space="6")
    insert_ordered(gpr, gb, _PPR_ORDER)
    insert_ordered(gpr, el("w:shd", val="clear", color="auto", fill="FFF4E0"), _PPR_ORDER)
    para_style("Lücke Titel", base="Lücke", bold=True, before=6, keep_next=True)

    note = para_style("Befundhinweis", size=9, color=INK, after=6, indent_cm=0.25)
    npr = note.element.get_or_add_pPr()
    nb = el("w:pBdr")
    _border(nb, "left", sz="12", color="9C2A00", space="6")
    insert_ordered(npr, nb, _PPR_ORDER)

    box = para_style("Hinweiskasten", size=9.5, after=0, indent_cm=0.25)
    bpr = box.element.get_or_add_pPr()
    bb = el("w:pBdr")
    _border(bb, "left", sz="24", color="1F3B5C", space="6")
    insert_ordered(bpr, bb, _PPR_ORDER)
    insert_ordered(bpr, el("w:shd", val="clear", color="auto", fill="EEF3F8"), _PPR_ORDER)

    marker = styles.add_style("Befundmarke", WD_STYLE_TYPE.CHARACTER)
    marker.font.bold = True
    marker.font.color.rgb = RED
    strong = styles.add_style("Hervorhebung", WD_STYLE_TYPE.CHARACTER)
    strong.font.bold = True


def setup_settings(doc: Any) -> None:
    """German proofing, automatic hyphenation, refresh fields when Word opens the file."""
    settings = doc.settings.element
    for tag in ("w:updateFields", "w:autoHyphenation", "w:themeFontLang"):
        for old in settings.findall(qn(tag)):
            settings.remove(old)
    insert_ordered(settings, el("w:autoHyphenation", val="true"), _SETTINGS_ORDER)
    insert_ordered(settings, el("w:updateFields", val="true"), _SETTINGS_ORDER)
    insert_ordered(settings, el("w:themeFontLang", val="de-DE"), _SETTINGS_ORDER)


def add_field(paragraph: Any, instr: str, placeholder: str = "1") -> None:
    """A complex field (PAGE, NUMPAGES, PAGEREF …) with a cached result."""
    for kind, text in (("begin", None), ("instr", instr), ("separate", None),
                       ("text", placeholder), ("end", None)):
        run = paragraph.add_run()
        if kind == "instr":
            node = el("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = f" {text} "
            run._r.append(node)
        elif kind == "text":
            run.text = text or ""
        else:
            run._r.append(el("w:fldChar", fldCharType=kind))


def field_char(paragraph: Any, kind: str) -> None:
    paragraph.add_run()._r.append(el("w:fldChar", fldCharType=kind))


def instr_text(paragraph: Any, text: str) -> None:
    node = el("w:instrText")
    node.set(qn("xml:space"), "preserve")
    node.text = f" {text} "
    paragraph.add_run()._r.append(node)


def bookmark(paragraph: Any, name: str, bid: int) -> None:
    """Wrap the paragraph's content in a bookmark (target of a PAGEREF)."""
    p = paragraph._p
    start = el("w:bookmarkStart", id=str(bid), name=name)
    end = el("w:bookmarkEnd", id=str(bid))
    ppr = p.find(qn("w:pPr"))
    p.insert(0 if ppr is None else 1, start)
    p.append(end)


@dataclass(frozen=True)
class Col:
    """A table column: header text, cell content, width and alignment."""

    header: str
    cell: str | Sequence[Any]
    width: float
    right: bool = False


class Writer:
    """Appends paragraphs, tags and tables to a document body (or a cell)."""

    def __init__(self, doc: Any):
        self.doc = doc
        self._bookmark_id = 0

    # --- paragraphs -------------------------------------------------------------------

    def para(self, *segments: Any, style: str | None = None, container: Any = None) -> Any:
        """A paragraph of segments: text, ``(text, char_style)`` or :data:`BR`."""
        target = container if container is not None else self.doc
        p = target.add_paragraph(style=style)
        for seg in segments:
            if seg is BR:
                p.add_run().add_break()
            elif isinstance(seg, tuple):
                text, char_style = seg
                p.add_run(text, style=char_style)
            elif seg:
                p.add_run(seg)
        return p

    def tag(self, statement: str) -> None:
        """A paragraph that holds a docxtpl ``{%p … %}`` tag only."""
        self.doc.add_paragraph().add_run(f"{{%p {statement} %}}")

    def heading(self, text: str, level: int, *, bookmark_name: str | None = None,
                page_break: bool = False) -> Any:
        p = self.doc.add_paragraph(style=f"Heading {level}")
        p.add_run(text)
        if page_break:
            p.paragraph_format.page_break_before = True
        if bookmark_name:
            self._bookmark_id += 1
            bookmark(p, bookmark_name, self._bookmark_id)
        return p

    def page_break(self) -> None:
        from docx.enum.text import WD_BREAK

        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # --- tables -----------------------------------------------------------------------

    @staticmethod
    def _table_props(table: Any, widths: Sequence[float], *, header: bool) -> None:
        tbl = table._tbl
        tblpr = tbl.tblPr
        for tag in ("w:tblW", "w:tblBorders", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                    "w:tblStyle"):
            for old in tblpr.findall(qn(tag)):
                tblpr.remove(old)
        total = sum(widths)
        tblpr.append(el("w:tblW", w=str(int(total * 567)), type="dxa"))
        borders = el("w:tblBorders")
        _border(borders, "top", sz="8", color="1F3B5C")
        _border(borders, "left", val="nil")
        _border(borders, "bottom", sz="8", color="1F3B5C")
        _border(borders, "right", val="nil")
        _border(borders, "insideH", sz="4", color="BFBFBF")
        _border(borders, "insideV", val="nil")
        tblpr.append(borders)
        tblpr.append(el("w:tblLayout", type="fixed"))
        mar = el("w:tblCellMar")
        mar.append(el("w:top", w="28", type="dxa"))
        mar.append(el("w:left", w="70", type="dxa"))
        mar.append(el("w:bottom", w="28", type="dxa"))
        mar.append(el("w:right", w="70", type="dxa"))
        tblpr.append(mar)
        tblpr.append(el("w:tblLook", val="04A0", firstRow="1" if header else "0", lastRow="0",
                        firstColumn="0", lastColumn="0", noHBand="1", noVBand="1"))
        grid = tbl.tblGrid
        for gc, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
            gc.set(qn("w:w"), str(int(width * 567)))
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Cm(width)
        table.alignment = WD_TABLE_ALIGNMENT.LEFT

    @staticmethod
    def _row_props(row: Any, *, header: bool = False) -> None:
        trpr = row._tr.get_or_add_trPr()
        trpr.append(el("w:cantSplit"))
        if header:
            trpr.append(el("w:tblHeader"))
            for cell in row.cells:
                tcpr = cell._tc.get_or_add_tcPr()
                tcpr.append(el("w:shd", val="clear", color="auto", fill="DCE6F0"))

    def _fill(self, cell: Any, content: str | Sequence[Any], style: str) -> None:
        p = cell.paragraphs[0]
        p.style = self.doc.styles[style]
        segments = [content] if isinstance(content, str) else list(content)
        for seg in segments:
            if seg is BR:
                p.add_run().add_break()
            elif isinstance(seg, tuple):
                p.add_run(seg[0], style=seg[1])
            elif seg:
                p.add_run(seg)

    def table(self, cols: Sequence[Col], loop: str | None, *, header: bool = True,
              rows: Sequence[Sequence[Any]] = (), footer: Sequence[Any] | None = None,
              shade_first_col: bool = False) -> Any:
        """A table: header row (repeated on every page), then either one row per item of
        ``loop`` (a Jinja ``for`` clause) or the fixed ``rows``; an optional total row."""
        widths = [c.width for c in cols]
        n_rows = (1 if header else 0) + (3 if loop else len(rows)) + (1 if footer else 0)
        table = self.doc.add_table(rows=n_rows, cols=len(cols))
        self._table_props(table, widths, header=header)
        r = 0
        if header:
            for cell, col in zip(table.rows[0].cells, cols, strict=True):
                self._fill(cell, col.header, "Tabellenkopf rechts" if col.right else "Tabellenkopf")
            self._row_props(table.rows[0], header=True)
            r = 1
        if loop:
            self._fill(table.rows[r].cells[0], f"{{%tr for {loop} %}}", "Tabelle")
            for cell, col in zip(table.rows[r + 1].cells, cols, strict=True):
                self._fill(cell, col.cell, "Tabelle rechts" if col.right else "Tabelle")
            self._row_props(table.rows[r + 1])
            self._fill(table.rows[r + 2].cells[0], "{%tr endfor %}", "Tabelle")
            r += 3
        else:
            for values in rows:
                row = table.rows[r]
                for i, (cell, col) in enumerate(zip(row.cells, cols, strict=True)):
                    style = "Tabelle rechts" if col.right else "Tabelle"
                    if shade_first_col and i == 0:
                        style = "Tabellenkopf"
                        cell._tc.get_or_add_tcPr().append(
                            el("w:shd", val="clear", color="auto", fill="F2F5F9"))
                    self._fill(cell, values[i], style)
                self._row_props(row)
                r += 1
        if footer:
            row = table.rows[r]
            for cell, col, value in zip(row.cells, cols, footer, strict=True):
                self._fill(cell, value, "Tabellenkopf rechts" if col.right else "Tabellenkopf")
                cell._tc.get_or_add_tcPr().append(
                    el("w:shd", val="clear", color="auto", fill="F2F5F9"))
            self._row_props(row)
        # a small gap after every table
        self.doc.add_paragraph(style="Kleiner Text")
        return table

    def kv(self, rows: Sequence[tuple[str, Any]], widths: tuple[float, float] = (5.0, 11.5)) -> Any:
        """A two-column key/value table without header."""
        cols = [Col("", "", widths[0]), Col("", "", widths[1])]
        return self.table(cols, None, header=False, rows=[list(r) for r in rows],
                          shade_first_col=True)
