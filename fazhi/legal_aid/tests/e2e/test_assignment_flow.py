"""指派 in Chromium, on a desktop and on a phone: the centre checks eligibility with an 申请人情形
ticked, grants, assigns through the picker (the rotation's suggestion, found again by a search),
and the lawyer, logging in, sees the bell at 1 and the case at once."""

import re
from datetime import date

import pytest

from fazhi.cases.services import case_transition, today
from fazhi.core.roles import Role
from fazhi.legal_aid.tests.conftest import ID_NUMBER, add_lawyer

pytestmark = pytest.mark.e2e

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def field(page, label: str):
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], (page.url, width)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_grant_assign_through_the_picker_and_the_lawyer_is_told(
    device, page, login, make_user, screenshot, xihu, apply
):
    page.set_viewport_size(VIEWPORTS[device])
    staff = make_user(
        Role.LEGAL_AID_STAFF, "330106-FYZX", username="fayuan_pick", display_name="法援中心 陈法援"
    )
    pool = {}
    for username, name, firm, fields in (
        ("lvshi_zhou2", "周律师", "浙江西湖律师事务所", "劳动争议、人身损害赔偿"),
        ("lvshi_zheng", "郑律师", "浙江之江律师事务所", "劳动争议"),
        ("lvshi_wu2", "吴律师", "浙江求是律师事务所", "婚姻家庭"),
    ):
        account = make_user(Role.LEGAL_AID_LAWYER, "330106", username=username, display_name=name)
        pool[name] = add_lawyer(
            staff,
            name=name,
            law_firm=firm,
            licensed_on=date(2014, 6, 1),
            joined_on=date(2024, 1, 10),
            user=account,
            specialties=fields,
            phone="13900001111",
        )
    # 周 already handles a case: the rotation passes to 郑 (the other 劳动争议 lawyer).
    busy = case_transition(actor=staff, case=apply(staff, title="在办的另一件"), name="grant", on=today())
    case_transition(
        actor=staff, case=busy, name="assign", data={"lawyer": str(pool["周律师"].pk)}, on=today()
    )

    login("fayuan_pick")
    page.goto("/legal-aid/apply/")
    field(page, "案由").fill("追索拖欠工资（进城务工）")
    field(page, "收到申请日期").fill(today().isoformat())
    field(page, "申请人姓名/名称").fill("王小明")
    field(page, "身份证号码").fill(ID_NUMBER)
    field(page, "案件类别").select_option(label="民事")
    field(page, "申请事项").select_option(label="请求支付劳动报酬")
    page.get_by_label("申请劳动报酬或工伤赔偿的进城务工人员").check()
    page.get_by_role("button", name="审查援助条件").click()
    page.wait_for_load_state("networkidle")
    preview = page.get_by_test_id("preview")
    assert preview.get_by_test_id("eligibility-outcome").inner_text() == "符合法律援助条件"
    assert "第四十二条" in preview.get_by_test_id("eligibility-reasons").inner_text()
    fits(page)
    screenshot(page, f"assign-{device}-1-eligibility")
    preview.get_by_role("button", name="按此结果收案").click()
    page.wait_for_load_state("networkidle")

    page.get_by_test_id("transitions").get_by_role("link", name="决定给予法律援助").click()
    page.get_by_role("button", name="确认决定给予法律援助").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("status").inner_text() == "已决定给予援助"
    case_url = page.url

    page.get_by_test_id("transitions").get_by_role("link", name="指派律师").click()
    picker = page.get_by_test_id("lawyer-picker")
    suggested = picker.get_by_test_id("lawyer-suggested")
    assert "郑律师" in suggested.inner_text() and "建议（轮派）" in suggested.inner_text()
    assert "承办中案件0件" in suggested.get_by_test_id("suggestion-reason").inner_text()
    assert "周律师" in picker.inner_text() and "承办中 1 件" in picker.inner_text()
    fits(page)
    screenshot(page, f"assign-{device}-2-picker")
    # a search by 律所 narrows the list (htmx), the suggestion staying first
    picker.get_by_test_id("lawyer-search").fill("求是")
    page.wait_for_function(
        "() => !document.querySelector('#lawyer-options').innerText.includes('浙江西湖律师事务所')"
    )
    assert "吴律师" in picker.inner_text() and "郑律师" in suggested.inner_text()
    screenshot(page, f"assign-{device}-3-search")
    picker.get_by_test_id("lawyer-suggested").get_by_role("radio").check()
    page.get_by_role("button", name="确认指派律师").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("status").inner_text() == "已指派律师"
    assert page.get_by_test_id("lawyer").inner_text().startswith("郑律师")
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_load_state("networkidle")

    login("lvshi_zheng")
    bell = page.get_by_test_id("notifications-bell")
    assert bell.get_by_test_id("notifications-unread").inner_text() == "1"
    panel = page.get_by_text("指派给我的法律援助案件").locator(
        "xpath=ancestor::div[contains(@class,'fz-tile')]"
    )
    assert "追索拖欠工资（进城务工）" in panel.inner_text() and "待接受 1" in panel.inner_text()
    fits(page)
    screenshot(page, f"assign-{device}-4-lawyer-home")
    bell.click()
    page.wait_for_load_state("networkidle")
    note = page.get_by_test_id("notification").first
    assert "新指派法律援助案件" in note.inner_text()
    fits(page)
    screenshot(page, f"assign-{device}-5-notifications")
    note.get_by_test_id("notification-open").click()
    page.wait_for_load_state("networkidle")
    assert page.url == case_url
    assert page.get_by_test_id("status").inner_text() == "已指派律师"
    assert "接受指派，开始承办" in page.get_by_test_id("transitions").inner_text()
    assert page.get_by_test_id("notifications-bell").get_by_test_id("notifications-unread").count() == 0
    # … and the assignment's 指派通知书, with its 文号, which the lawyer downloads as a PDF
    notice = page.get_by_test_id("document").filter(has_text="指派通知书")
    assert notice.get_by_test_id("document-number").inner_text().startswith("杭西法援〔")
    with page.expect_download() as download:
        notice.get_by_test_id("download-pdf").click()
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    import pypdfium2

    text = pypdfium2.PdfDocument(pdf)[0].get_textpage().get_text_range()
    assert "指派通知书" in text.replace(" ", "") and "郑律师" in text.replace(" ", "")
    fits(page)
    screenshot(page, f"assign-{device}-6-lawyer-case")
