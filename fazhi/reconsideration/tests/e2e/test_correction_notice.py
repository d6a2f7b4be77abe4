"""Reconsideration staff issue a 补正通知书 in Chromium and see its 文号 beside the step; the PDF's
first page is kept as an image to look at (var/screenshots/)."""

import re
from datetime import timedelta
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from fazhi.cases.services import PartyInput, today
from fazhi.core.roles import Role
from fazhi.reconsideration.services import reconsideration_receive
from fazhi.reconsideration.tests.conftest import ID_NUMBER

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("viewport", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_staff_issue_a_correction_notice_and_see_its_number(
    page, login, make_user, screenshot, xihu, viewport
):
    officer = make_user(
        Role.RECONSIDERATION_OFFICER, "330106-FYJ", username="fuyi_docs", display_name="李复议"
    )
    received = today() - timedelta(days=1)
    case = reconsideration_receive(
        actor=officer,
        received_on=received,
        applicant=PartyInput(role="applicant", person={"name": "王小明", "id_number": ID_NUMBER}),
        respondent="330106-SCJG",
        act_description="西市监罚〔2026〕12号行政处罚决定",
        service_mode="DIRECT",
        service_date=received - timedelta(days=3),
        act_date=received - timedelta(days=4),
    )
    width, height = viewport
    page.set_viewport_size({"width": width, "height": height})
    login("fuyi_docs")
    page.goto(f"/cases/reconsideration/{case.pk}/")
    page.get_by_test_id("transitions").get_by_role("link", name="通知补正", exact=True).click()
    page.get_by_label("需要补正的全部事项").fill("1. 行政复议申请书原件\n2. 申请人身份证明复印件")
    page.get_by_label("申请人收到补正通知日期").fill(today().isoformat())
    page.get_by_role("button", name="确认通知补正").click()
    page.wait_for_load_state("networkidle")
    assert "已办理：通知补正" in page.locator(".alert-success").inner_text()

    document = page.get_by_test_id("timeline").get_by_test_id("document")
    number = document.get_by_test_id("document-number").inner_text()
    assert re.fullmatch(rf"西政复〔{received.year}〕[1-9]\d*号", number)
    assert number == case.number  # 一案一号
    assert "行政复议申请补正通知书" in document.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    document.scroll_into_view_if_needed()
    screenshot(page, f"reconsideration-correction-notice-{width}")

    with page.expect_download() as download:
        document.get_by_test_id("download-pdf").click()
    pdf = pdfium.PdfDocument(Path(download.value.path()).read_bytes())
    text = pdf[0].get_textpage().get_text_range()
    assert number in text and "补正" in text
    folder = Path(screenshot(page, f"reconsideration-correction-notice-{width}")).parent
    pdf[0].render(scale=1.5).to_pil().save(folder / "reconsideration-correction-pdf-page1.png")
