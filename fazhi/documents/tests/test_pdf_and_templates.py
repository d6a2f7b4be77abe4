"""The PDF from the same Word file (page 1 as an image: A4, ink where the text is) and a bureau's
own template replacing a shipped one (no Django)."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from fazhi.documents import TemplateMissing, docx_to_pdf, find_template, render_docx
from fazhi.documents.build_templates import build
from fazhi.documents.pdf import docx_html

A4_PT = (595.28, 841.89)


@pytest.fixture(scope="module")
def pdf() -> bytes:
    docx = render_docx(
        find_template("mediation_agreement.docx"),
        {
            "doc_number": "330106002-TWH-2026-3",
            "applicant": "王小明",
            "counterpart": "李大华",
            "content": ["一、李大华于三日内修复漏水管道。", "二、李大华赔偿王小明损失人民币八百元。"] * 6,
            "org_name": "北山街道人民调解委员会",
            "date_cn": "2026年3月5日",
        },
    )
    return docx_to_pdf(docx)


def test_pdf_pages_are_a4_with_ink_in_the_text_block(pdf: bytes, tmp_path: Path) -> None:
    doc = pdfium.PdfDocument(pdf)
    assert len(doc) >= 2  # the long agreement runs onto a second page
    width, height = doc[0].get_size()
    assert (round(width, 1), round(height, 1)) == (round(A4_PT[0], 1), round(A4_PT[1], 1))
    image = doc[0].render(scale=1).to_pil().convert("L")
    image.save(tmp_path / "page1.png")
    # Ink (dark pixels) inside the text block, none in the left margin (28 mm ≈ 79 pt).
    dark = [
        (x, y)
        for x in range(0, image.width, 2)
        for y in range(0, image.height, 2)
        if image.getpixel((x, y)) < 128
    ]
    assert len(dark) > 2000
    assert min(x for x, _ in dark) >= 75
    # The page number sits below the text block (bottom margin 35 mm ≈ 99 pt).
    assert any(y > height - 99 for _, y in dark)


def test_pdf_text_is_the_documents_text(pdf: bytes) -> None:
    text = pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
    assert "人民调解协议书" in text
    assert "330106002-TWH-2026-3" in text
    assert "— 1 —" in text


def test_html_keeps_the_word_layout() -> None:
    html = docx_html(build("reconsideration_correction.docx"))
    assert "size:210.0mm 297.0mm;margin:37.0mm 26.0mm 35.0mm 28.0mm;" in html
    assert "counter(page)" in html
    assert "text-indent:32.0pt" in html  # the 正文 style's two-character indent


def test_a_bureaus_template_replaces_the_shipped_one(tmp_path: Path) -> None:
    own = tmp_path / "reconsideration_correction.docx"
    from docx import Document

    doc = Document(io.BytesIO(build("reconsideration_correction.docx")))
    doc.add_paragraph("联系人：{{ applicant }}（本局自定义）")
    doc.save(str(own))
    assert find_template("reconsideration_correction.docx", tmp_path) == own
    assert find_template("reconsideration_acceptance.docx", tmp_path).parent.name == "templates"
    out = Document(
        io.BytesIO(
            render_docx(find_template("reconsideration_correction.docx", tmp_path), {"applicant": "王小明"})
        )
    )
    assert "联系人：王小明（本局自定义）" in [p.text for p in out.paragraphs]


def test_an_unknown_or_unsafe_template_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TemplateMissing):
        find_template("nothing.docx")
    with pytest.raises(TemplateMissing):
        find_template("../settings.py", tmp_path)
