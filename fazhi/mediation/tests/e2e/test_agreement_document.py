"""A mediator on a phone (390×844) registers a dispute, records the agreement (its content shown on
the timeline) and prints the 人民调解协议书: the .docx and the PDF downloaded and checked, the
PDF's first page kept as an image to look at (var/screenshots/)."""

import io
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from fazhi.core.roles import Role
from fazhi.law.validators import id_number_checksum

pytestmark = pytest.mark.e2e

ID17 = "33010619850315002"
CONTENT = "楼上住户于2024年5月31日前修复漏水管道，并赔偿楼下住户维修费2000元。"


def fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_mediator_on_a_phone_prints_the_agreement(page, login, make_user, screenshot, xihu):
    make_user(Role.MEDIATOR, "330106002-TWH", username="tiaojie", display_name="郑调解")
    page.set_viewport_size({"width": 390, "height": 844})
    login("tiaojie")
    page.goto("/cases/mediation/new/")
    page.get_by_label("案由/事项").fill("楼上漏水致楼下天花板受损")
    page.get_by_label("收到日期").fill("2024-05-06")
    page.get_by_label("申请人姓名/名称").fill("王小明")
    page.get_by_label("身份证号码").fill(ID17 + id_number_checksum(ID17))
    page.get_by_label("纠纷类型").select_option("neighbour")
    page.get_by_label("受理方式").select_option("application")
    page.get_by_role("button", name="收案").click()
    assert page.get_by_test_id("status").inner_text() == "已登记"
    number = page.locator("h1").inner_text().split()[0]

    page.get_by_role("link", name="受理调解").click()
    page.get_by_label("办理日期").fill("2024-05-07")
    page.get_by_role("button", name="确认受理调解").click()
    page.get_by_role("link", name="达成调解协议").click()
    fits(page)
    page.get_by_label("办理日期").fill("2024-05-20")
    page.get_by_label("协议形式").select_option("written")
    page.get_by_label("协议内容摘要").fill(CONTENT)
    page.get_by_label("约定履行期限").fill("2024-05-31")
    page.get_by_role("button", name="确认达成调解协议").click()
    assert page.get_by_test_id("status").inner_text() == "达成协议"

    timeline = page.get_by_test_id("timeline")
    assert CONTENT in timeline.get_by_test_id("event-data").inner_text()  # 协议内容 shown again
    document = timeline.get_by_test_id("document")
    assert "人民调解协议书" in document.inner_text() and number in document.inner_text()
    fits(page)
    document.scroll_into_view_if_needed()
    screenshot(page, "phone-mediation-agreement-document")

    with page.expect_download() as word:
        document.get_by_test_id("download-docx").click()
    assert word.value.suggested_filename == f"人民调解协议书（{number}）.docx"
    with zipfile.ZipFile(word.value.path()) as z:
        xml = z.read("word/document.xml").decode()
        styles = z.read("word/styles.xml").decode()
    for text in (
        "人民调解协议书",
        f"编号：{number}",
        "王小明",
        CONTENT,
        "北山街道人民调解委员会",
        "2024年5月20日",
    ):
        assert text in xml, text
    assert 'w:eastAsia="仿宋_GB2312"' in styles

    with page.expect_download() as pdf_download:
        document.get_by_test_id("download-pdf").click()
    pdf = pdfium.PdfDocument(Path(pdf_download.value.path()).read_bytes())
    first = pdf[0]
    assert [round(v) for v in first.get_size()] == [595, 842]  # A4
    text = first.get_textpage().get_text_range()
    assert "人民调解协议书" in text and CONTENT[:10] in text
    image = first.render(scale=1.5).to_pil()
    folder = Path(screenshot(page, "phone-mediation-agreement-printed")).parent
    image.save(folder / "mediation-agreement-pdf-page1.png")

    # 打印: the same PDF, shown in the browser rather than saved.
    href = document.get_by_test_id("print").get_attribute("href")
    response = page.request.get(href)
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline")
    assert pdfium.PdfDocument(io.BytesIO(response.body()))[0].get_size()[1] > 800
