"""The GB/T 9704-2012 page (党政机关公文格式) as the project's base Word document.

A4 (210 x 297 mm); margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (the 156 x 225 mm text
block, §5.2.1); body 3号 (16 pt) 仿宋_GB2312, 22 lines of 28 characters (§5.2.2, so a fixed line
pitch of 225 mm / 22 = 28.95 pt); title 2号 (22 pt) 小标宋 centred (§7.3.1); page number 4号
(14 pt) 宋体 "— 1 —" below the text block (§7.5). The styles here are what the shipped templates
and a bureau's own use, and what the PDF renderer reads back (`fazhi.documents.pdf`).

python-docx sets only the Latin fonts (w:ascii, w:hAnsi): Word then shows Chinese in whatever
East-Asian font the style inherits, so every style and the document defaults set `w:eastAsia`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Twips

BASIS = "GB/T 9704-2012 党政机关公文格式"

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 37, 35, 28, 26
FOOTER_DISTANCE_MM = 21  # the page number's line sits ~7 mm below the text block (§7.5)
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28

BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
PAGE_NUMBER_PT = 14  # 4号
# 225 mm / 22 lines is 28.99 pt; Word's customary 28.95 pt (579 twips) keeps the 22nd line on the page.
LINE_PITCH_PT = 28.95

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"  # Arabic numerals and Latin letters (common practice in 公文)


def mm_to_twips(mm: float) -> int:
    """Millimetres in twentieths of a point, as Word stores page size and margins."""
    return round(mm * 1440 / 25.4)


# Word's own A4 (11906 x 16838 twips; 210 mm is 11905.5).
PAGE_WIDTH_TWIPS, PAGE_HEIGHT_TWIPS = 11906, 16838


@dataclass(frozen=True)
class ParagraphStyle:
    """A paragraph style of the base document (its Word name is the Chinese one a bureau sees)."""

    style_id: str
    name: str
    font: str = BODY_FONT
    size_pt: float = BODY_PT
    bold: bool = False
    align: str = "justify"  # left, center, right, justify
    first_line_chars: float = 0  # first-line indent in body characters (正文: 2)
    right_chars: float = 0  # right indent in body characters (落款: 4)
    line_pt: float = LINE_PITCH_PT


# The styles a template uses; `Normal` is the body's base.
STYLES = (
    ParagraphStyle("FzTitle", "文书标题", font=TITLE_FONT, size_pt=TITLE_PT, align="center", line_pt=35),
    ParagraphStyle("FzNumber", "发文字号", align="center"),
    ParagraphStyle("FzRecipient", "主送", align="left"),
    ParagraphStyle("FzBody", "正文", first_line_chars=2),
    ParagraphStyle("FzHeading", "一级标题", font=HEADING_FONT, first_line_chars=2),
    ParagraphStyle("FzSignature", "落款", align="right", right_chars=4),
    ParagraphStyle("FzNote", "附注", first_line_chars=2),
)
STYLE_NAMES = {s.name: s for s in STYLES}


def _rpr(parent: Any) -> Any:
    """The element's w:rPr, added if missing (a style, a run, the defaults' rPrDefault)."""
    rpr = parent.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        # In a style, rPr follows pPr; in a run it comes first.
        ppr = parent.find(qn("w:pPr"))
        if ppr is not None:
            ppr.addnext(rpr)
        else:
            parent.insert(0, rpr) if parent.tag == qn("w:r") else parent.append(rpr)
    return rpr


def set_run_fonts(rpr_parent: Any, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Set w:rFonts (ascii, hAnsi, eastAsia, cs) on an element with an rPr (a style, a run, the
    document defaults' rPrDefault); python-docx's `font.name` sets only the Latin ones."""
    rpr = _rpr(rpr_parent)
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), latin)


def _set_lang(rpr_parent: Any) -> None:
    rpr = _rpr(rpr_parent)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _style_defaults(doc: DocxDocument) -> None:
    """Document defaults and Normal: 3号 仿宋 with the East-Asian attribute, fixed 28.95 pt lines."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    if rpr_default is not None:
        set_run_fonts(rpr_default, BODY_FONT)
        _set_lang(rpr_default)
    normal = doc.styles["Normal"]
    set_run_fonts(normal.element, BODY_FONT)
    normal.font.size = Pt(BODY_PT)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Twips(round(LINE_PITCH_PT * 20))
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.widow_control = False


_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def _add_style(doc: DocxDocument, spec: ParagraphStyle) -> None:
    style = doc.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
    style.element.set(qn("w:styleId"), spec.style_id)
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    set_run_fonts(style.element, spec.font)
    style.font.size = Pt(spec.size_pt)
    style.font.bold = spec.bold
    fmt = style.paragraph_format
    fmt.alignment = _ALIGN[spec.align]
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Twips(round(spec.line_pt * 20))
    if spec.first_line_chars:
        fmt.first_line_indent = Pt(spec.first_line_chars * BODY_PT)
    if spec.right_chars:
        fmt.right_indent = Pt(spec.right_chars * BODY_PT)


def _page(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width = Twips(PAGE_WIDTH_TWIPS)
    section.page_height = Twips(PAGE_HEIGHT_TWIPS)
    section.top_margin = Twips(mm_to_twips(MARGIN_TOP_MM))
    section.bottom_margin = Twips(mm_to_twips(MARGIN_BOTTOM_MM))
    section.left_margin = Twips(mm_to_twips(MARGIN_LEFT_MM))
    section.right_margin = Twips(mm_to_twips(MARGIN_RIGHT_MM))
    section.footer_distance = Twips(mm_to_twips(FOOTER_DISTANCE_MM))
    section.header_distance = Twips(mm_to_twips(15))
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH_PT * 20)))
    _page_number_footer(section.footer.paragraphs[0])


def _field_char(kind: str) -> Any:
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), kind)
    return el


def _page_number_footer(paragraph: object) -> None:
    """ "— 1 —": a PAGE field between em dashes, 4号 宋体, centred."""
    p = paragraph  # docx.text.paragraph.Paragraph
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER  # type: ignore[attr-defined]

    def run(text: str = "") -> object:
        r = p.add_run(text)  # type: ignore[attr-defined]
        r.font.size = Pt(PAGE_NUMBER_PT)
        set_run_fonts(r._r, PAGE_NUMBER_FONT, PAGE_NUMBER_FONT)
        return r

    run("— ")
    run()._r.append(_field_char("begin"))  # type: ignore[attr-defined]
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run()._r.append(instr)  # type: ignore[attr-defined]
    run()._r.append(_field_char("separate"))  # type: ignore[attr-defined]
    run("1")
    run()._r.append(_field_char("end"))  # type: ignore[attr-defined]
    run(" —")


def base_document() -> DocxDocument:
    """A new python-docx Document with the GB/T 9704 page, styles and page-number footer."""
    doc = Document()
    body = doc.element.body
    for child in list(body):  # python-docx's default template: an empty body but its sectPr
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    _style_defaults(doc)
    for spec in STYLES:
        _add_style(doc, spec)
    _page(doc)
    core = doc.core_properties
    core.author = "法治 Fazhi"
    core.title = ""
    core.comments = BASIS
    return doc


def build_base() -> bytes:
    """The base .docx (no content): what the shipped templates are built from, and what a bureau
    starts a new template from."""
    out = io.BytesIO()
    base_document().save(out)
    return out.getvalue()
