"""The GB/T 9704 page as Word stores it: the .docx XML of a rendered document (no Django)."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from lxml import etree

from fazhi.documents import build_base, find_template, render_docx
from fazhi.documents.build_templates import TEMPLATES
from fazhi.documents.layout import LINE_PITCH_PT, mm_to_twips

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def q(name: str) -> str:
    return f"{{{W}}}{name}"


def parts(docx: bytes) -> dict[str, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return {
            name: etree.fromstring(z.read(name))
            for name in z.namelist()
            if name.startswith("word/") and name.endswith(".xml")
        }


@pytest.fixture(scope="module")
def rendered() -> dict[str, etree._Element]:
    docx = render_docx(
        find_template("reconsideration_correction.docx"),
        {
            "doc_number": "西政复〔2026〕7号",
            "applicant": "王小明",
            "received_date": "2026年3月1日",
            "items": ["1. 行政复议申请书原件", "2. 身份证明"],
            "org_name": "西湖区人民政府",
            "date_cn": "2026年3月5日",
        },
    )
    return parts(docx)


def test_a4_page_with_the_gbt_9704_margins(rendered: dict[str, Any]) -> None:
    sect = rendered["word/document.xml"].find(".//w:body/w:sectPr", NS)
    size = sect.find("w:pgSz", NS)
    assert (size.get(q("w")), size.get(q("h"))) == ("11906", "16838")  # A4, portrait
    margin = sect.find("w:pgMar", NS)
    assert {k: int(margin.get(q(k))) for k in ("top", "bottom", "left", "right")} == {
        "top": 2098,  # 37 mm
        "bottom": 1984,  # 35 mm
        "left": 1587,  # 28 mm
        "right": 1474,  # 26 mm
    }
    assert mm_to_twips(37) == 2098


def test_body_is_3hao_fangsong_with_the_east_asian_font_attribute(rendered: dict[str, Any]) -> None:
    styles = rendered["word/styles.xml"]
    defaults = styles.find(".//w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert defaults.get(q("eastAsia")) == "仿宋_GB2312"
    normal = styles.find(".//w:style[@w:styleId='Normal']", NS)
    assert normal.find("w:rPr/w:rFonts", NS).get(q("eastAsia")) == "仿宋_GB2312"
    assert normal.find("w:rPr/w:sz", NS).get(q("val")) == "32"  # half-points: 16 pt = 三号
    spacing = normal.find("w:pPr/w:spacing", NS)
    assert spacing.get(q("lineRule")) == "exact"
    assert int(spacing.get(q("line"))) == round(LINE_PITCH_PT * 20)  # 22 lines on the page
    body = styles.find(".//w:style[@w:styleId='FzBody']", NS)
    assert body.find("w:rPr/w:rFonts", NS).get(q("eastAsia")) == "仿宋_GB2312"
    assert body.find("w:pPr/w:ind", NS).get(q("firstLine")) == "640"  # two characters
    title = styles.find(".//w:style[@w:styleId='FzTitle']", NS)
    assert title.find("w:rPr/w:rFonts", NS).get(q("eastAsia")) == "方正小标宋简体"
    assert title.find("w:rPr/w:sz", NS).get(q("val")) == "44"  # 22 pt = 二号
    # Every body paragraph of the document uses a style that carries the East-Asian font.
    doc = rendered["word/document.xml"]
    used = {p.get(q("val")) for p in doc.iterfind(".//w:pPr/w:pStyle", NS)}
    assert used <= {"FzTitle", "FzNumber", "FzRecipient", "FzBody", "FzSignature"}
    assert "FzBody" in used


def test_footer_holds_the_page_number_between_dashes(rendered: dict[str, Any]) -> None:
    footer = next(v for k, v in rendered.items() if k.startswith("word/footer"))
    text = "".join(footer.itertext())
    assert text.startswith("— ") and text.endswith(" —")
    assert footer.find(".//w:fldChar[@w:fldCharType='begin']", NS) is not None
    assert "PAGE" in "".join(t.text for t in footer.iterfind(".//w:instrText", NS))
    fonts = footer.find(".//w:r/w:rPr/w:rFonts", NS)
    assert fonts.get(q("eastAsia")) == "宋体"
    assert footer.find(".//w:r/w:rPr/w:sz", NS).get(q("val")) == "28"  # 14 pt = 四号


def test_values_fill_the_placeholders_and_lists_become_paragraphs(rendered: dict[str, Any]) -> None:
    doc = rendered["word/document.xml"]
    texts = ["".join(p.itertext()) for p in doc.iterfind(".//w:body/w:p", NS)]
    assert "西政复〔2026〕7号" in texts
    assert "王小明：" in texts
    assert "1. 行政复议申请书原件" in texts and "2. 身份证明" in texts
    assert not any("{{" in t or "{%" in t for t in texts)


def test_text_a_user_typed_cannot_break_the_xml() -> None:
    docx = render_docx(
        find_template("reconsideration_correction.docx"), {"applicant": "A & B <公司>", "items": []}
    )
    doc = parts(docx)["word/document.xml"]
    assert "A & B <公司>：" in ["".join(p.itertext()) for p in doc.iterfind(".//w:body/w:p", NS)]


def test_every_shipped_template_is_the_built_one() -> None:
    """The committed .docx files are what the build script makes (run it after changing a text)."""
    from fazhi.documents.build_templates import build

    for name in TEMPLATES:
        shipped = parts(find_template(name).read_bytes())["word/document.xml"]
        built = parts(build(name))["word/document.xml"]
        assert etree.tostring(shipped) == etree.tostring(built), name


def test_the_base_document_is_empty_but_laid_out() -> None:
    base = parts(build_base())
    assert base["word/document.xml"].find(".//w:body/w:p", NS) is None
    assert base["word/document.xml"].find(".//w:sectPr/w:pgSz", NS).get(q("w")) == "11906"
