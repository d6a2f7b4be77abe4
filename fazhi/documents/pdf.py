"""PDF of a rendered 文书: the .docx walked into HTML with the same GB/T 9704 page (@page A4, the
same margins, "— 1 —" at the bottom) and typeset by WeasyPrint, so the Word template a bureau edits
is the one source of both files.

What is carried over from Word: paragraph order, style (its chain of base styles), alignment,
first-line / left / right indents, line pitch, font (East-Asian name mapped to a CSS font list),
size, bold, italic, underline, line and page breaks, and tables (cell paragraphs, borders). Word
features beyond these (text boxes, images, fields other than PAGE) are not rendered.
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from fazhi.documents import layout

# Installed fonts tried for each Word font, in order (Windows/Founder names, then the free CJK fonts
# Debian ships: fonts-noto-cjk, fonts-arphic-uming).
_SERIF = ["Noto Serif CJK SC", "Source Han Serif SC", "AR PL UMing CN", "Noto Sans CJK SC", "serif"]
_SANS = ["Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "Noto Serif CJK SC", "sans-serif"]
FONT_STACKS: dict[str, list[str]] = {
    "仿宋_GB2312": ["FangSong", "仿宋", "仿宋_GB2312", "FangSong_GB2312", "STFangsong", *_SERIF],
    "仿宋": ["FangSong", "仿宋", "仿宋_GB2312", "STFangsong", *_SERIF],
    "楷体_GB2312": ["KaiTi", "楷体", "楷体_GB2312", "STKaiti", "AR PL UKai CN", *_SERIF],
    "方正小标宋简体": ["方正小标宋简体", "FZXiaoBiaoSong-B05S", "STZhongsong", "SimSun", "宋体", *_SERIF],
    "宋体": ["SimSun", "宋体", "STSong", *_SERIF],
    "黑体": ["SimHei", "黑体", "STHeiti", *_SANS],
}

_BODY_LETTER_SPACING = round(
    ((layout.PAGE_WIDTH_MM - layout.MARGIN_LEFT_MM - layout.MARGIN_RIGHT_MM) / 25.4 * 72)
    / layout.CHARS_PER_LINE
    - layout.BODY_PT,
    2,
)

_ALIGN = {
    WD_ALIGN_PARAGRAPH.LEFT: "left",
    WD_ALIGN_PARAGRAPH.CENTER: "center",
    WD_ALIGN_PARAGRAPH.RIGHT: "right",
    WD_ALIGN_PARAGRAPH.JUSTIFY: "justify",
    WD_ALIGN_PARAGRAPH.DISTRIBUTE: "justify",
}


def _stack(font: str, extra: Iterable[str] = ()) -> str:
    names = [*extra, *FONT_STACKS.get(font, [font, *FONT_STACKS[layout.BODY_FONT]])]
    generic = {"serif", "sans-serif"}
    # Single quotes: the list goes into a double-quoted style attribute.
    return ", ".join(n if n in generic else "'" + n.replace("'", "") + "'" for n in dict.fromkeys(names))


def _chain(paragraph: Paragraph) -> list[Any]:
    """The paragraph's style and its base styles, nearest first."""
    styles: list[Any] = []
    style = paragraph.style
    while style is not None and len(styles) < 10:
        styles.append(style)
        style = style.base_style
    return styles


def _first(values: Iterable[Any]) -> Any:
    return next((v for v in values if v is not None), None)


def _east_asian(rpr_parent: Any) -> str | None:
    rpr = rpr_parent.find(qn("w:rPr")) if rpr_parent is not None else None
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


def _pt(length: Any) -> float | None:
    return None if length is None else round(length.pt, 2)


class _Walker:
    """Turns the document's body into HTML, resolving each property through the style chain."""

    def __init__(self, extra_fonts: Iterable[str]) -> None:
        self.extra_fonts = list(extra_fonts)

    def paragraph(self, p: Paragraph) -> str:
        chain = _chain(p)
        fmts = [p.paragraph_format, *(s.paragraph_format for s in chain)]
        align = _first(f.alignment for f in fmts)
        first_line = _first(f.first_line_indent for f in fmts)
        left = _first(f.left_indent for f in fmts)
        right = _first(f.right_indent for f in fmts)
        rule = _first(f.line_spacing_rule for f in fmts)
        spacing = _first(f.line_spacing for f in fmts)
        size = _first(s.font.size for s in chain)
        base_size = _pt(size) or layout.BODY_PT
        font = _first(_east_asian(s.element) for s in chain) or layout.BODY_FONT
        line = layout.LINE_PITCH_PT
        if rule in (WD_LINE_SPACING.EXACTLY, WD_LINE_SPACING.AT_LEAST) and spacing is not None:
            line = _pt(spacing) or line
        elif isinstance(spacing, float):
            line = base_size * 1.2 * spacing
        css = [
            f"text-align:{_ALIGN.get(align, 'justify')}",
            f"font-size:{base_size}pt",
            f"line-height:{max(line, base_size * 1.05):.2f}pt",
            f"font-family:{_stack(font, self.extra_fonts)}",
        ]
        if first_line is not None:
            css.append(f"text-indent:{_pt(first_line)}pt")
        if left is not None:
            css.append(f"margin-left:{_pt(left)}pt")
        if right is not None:
            css.append(f"margin-right:{_pt(right)}pt")
        if _first(s.font.bold for s in chain):
            css.append("font-weight:bold")
        runs, page_break = [], False
        for run in p.runs:
            if run._r.find(f"{qn('w:br')}[@{qn('w:type')}='page']") is not None:
                page_break = True
            text = run.text
            if not text:
                continue
            rcss = []
            if run.font.size is not None:
                rcss.append(f"font-size:{_pt(run.font.size)}pt")
            run_font = _east_asian(run._r)
            if run_font and run_font != font:
                rcss.append(f"font-family:{_stack(run_font, self.extra_fonts)}")
            if run.bold is not None:
                rcss.append(f"font-weight:{'bold' if run.bold else 'normal'}")
            if run.italic:
                rcss.append("font-style:italic")
            if run.underline:
                rcss.append("text-decoration:underline")
            body = html.escape(text).replace("\n", "<br>").replace("\t", "&emsp;")
            runs.append(f'<span style="{";".join(rcss)}">{body}</span>' if rcss else body)
        if page_break:
            css.append("break-after:page")
        return f'<p style="{";".join(css)}">{"".join(runs) or "&nbsp;"}</p>'

    def table(self, t: Table) -> str:
        rows = []
        for row in t.rows:
            cells = []
            seen: set[int] = set()
            for cell in row.cells:
                if id(cell._tc) in seen:  # a merged cell repeats across the columns it spans
                    continue
                seen.add(id(cell._tc))
                span = cell._tc.grid_span
                inner = "".join(self.paragraph(p) for p in cell.paragraphs)
                attr = f' colspan="{span}"' if span > 1 else ""
                cells.append(f"<td{attr}>{inner}</td>")
            rows.append(f"<tr>{''.join(cells)}</tr>")
        return f"<table>{''.join(rows)}</table>"

    def body(self, doc: Any) -> Iterator[str]:
        for child in doc.element.body.iterchildren():
            if child.tag == qn("w:p"):
                yield self.paragraph(Paragraph(child, doc))
            elif child.tag == qn("w:tbl"):
                yield self.table(Table(child, doc))


def _mm(length: Any, default: float) -> float:
    return round(length.mm, 1) if length is not None else default  # twips are not whole mm


def docx_html(docx: bytes, *, font_dir: str | Path | None = None) -> str:
    """The HTML (with its @page CSS) the PDF is typeset from."""
    doc = Document(io.BytesIO(docx))
    section = doc.sections[0]
    faces, extra = _font_faces(font_dir)
    walker = _Walker(extra)
    page = (
        f"size:{_mm(section.page_width, layout.PAGE_WIDTH_MM)}mm {_mm(section.page_height, layout.PAGE_HEIGHT_MM)}mm;"
        f"margin:{_mm(section.top_margin, layout.MARGIN_TOP_MM)}mm {_mm(section.right_margin, layout.MARGIN_RIGHT_MM)}mm "
        f"{_mm(section.bottom_margin, layout.MARGIN_BOTTOM_MM)}mm {_mm(section.left_margin, layout.MARGIN_LEFT_MM)}mm;"
    )
    css = (
        faces + f"@page {{{page}@bottom-center {{content:'— ' counter(page) ' —';"
        f"font-size:{layout.PAGE_NUMBER_PT}pt;font-family:{_stack(layout.PAGE_NUMBER_FONT, extra)};"
        "vertical-align:top;padding-top:7mm;}}"
        "body{margin:0;}p{margin:0;orphans:1;widows:1;word-break:break-all;}"
        # 28 characters of 3号 on the 156 mm line (GB/T 9704 §5.2.2), as Word's character grid does.
        f"p{{letter-spacing:{_BODY_LETTER_SPACING}pt;}}"
        "table{border-collapse:collapse;width:100%;}td{border:0.5pt solid #000;padding:1mm 2mm;vertical-align:top;}"
        "td p{text-indent:0 !important;}"
    )
    title = html.escape(doc.core_properties.title or "文书")
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{css}</style></head><body>{''.join(walker.body(doc))}</body></html>"
    )


def _font_faces(font_dir: str | Path | None) -> tuple[str, list[str]]:
    """@font-face rules for the font files in `font_dir` (a bureau's licensed 仿宋_GB2312, 小标宋 …):
    each file's name without its suffix is its family name, tried before the installed fonts."""
    if not font_dir or not Path(font_dir).is_dir():
        return "", []
    faces, names = [], []
    for path in sorted(Path(font_dir).iterdir()):
        if path.suffix.lower() in (".ttf", ".otf", ".ttc", ".woff", ".woff2"):
            faces.append(f"@font-face{{font-family:'{path.stem}';src:url('{path.resolve().as_uri()}');}}")
            names.append(path.stem)
    return "".join(faces), names


def docx_to_pdf(docx: bytes, *, font_dir: str | Path | None = None) -> bytes:
    """The rendered .docx as PDF, in the same GB/T 9704 page layout."""
    from weasyprint import HTML  # imported on use: loading pango takes a while

    pdf = HTML(string=docx_html(docx, font_dir=font_dir)).write_pdf()
    assert pdf is not None
    return bytes(pdf)


def html_to_pdf(page_html: str, *, font_dir: str | Path | None = None) -> bytes:
    """A page the caller lays out itself in HTML/CSS (a poster, a signpost sheet) as PDF, with the
    bureau's font files of `font_dir` available by their names, as in the 文书."""
    from weasyprint import CSS, HTML  # imported on use: loading pango takes a while

    faces, _ = _font_faces(font_dir)
    pdf = HTML(string=page_html).write_pdf(stylesheets=[CSS(string=faces)] if faces else None)
    assert pdf is not None
    return bytes(pdf)
