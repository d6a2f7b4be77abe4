"""法律援助 in Chromium, through the real login page: application → eligibility shown with its reasons
and articles → granted → lawyer assigned → the lawyer (who sees only this case) handles, closes and
reports → the centre records the peer evaluation."""

import re
from datetime import date

import pytest

from fazhi.cases.services import today
from fazhi.core.roles import Role
from fazhi.legal_aid.tests.conftest import ID_NUMBER, add_lawyer

pytestmark = pytest.mark.e2e


def field(page, label: str):
    """The input labelled exactly `label` (a required field's label ends with " *")."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def do(page, button: str, *, fields=None, selects=None):
    page.get_by_test_id("transitions").get_by_role("link", name=button).click()
    for label, value in (fields or {}).items():
        field(page, label).fill(value)
    for label, value in (selects or {}).items():
        field(page, label).select_option(**value)
    page.get_by_role("button", name=f"确认{button}").click()
    page.wait_for_load_state("networkidle")


def logout(page):
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_load_state("networkidle")


def test_application_to_peer_evaluation(page, login, make_user, screenshot, xihu):
    staff = make_user(
        Role.LEGAL_AID_STAFF, "330106-FYZX", username="fayuan_e2e", display_name="法援中心 陈法援"
    )
    lawyer_account = make_user(Role.LEGAL_AID_LAWYER, "330106", username="lvshi_e2e", display_name="周律师")
    lawyer = add_lawyer(
        staff,
        name="周律师",
        law_firm="浙江西湖律师事务所",
        licensed_on=date(2015, 6, 1),
        joined_on=date(2024, 1, 10),
        user=lawyer_account,
    )
    day = today().isoformat()

    login("fayuan_e2e")
    page.get_by_role("navigation", name="导航").get_by_role("link", name="法律援助", exact=True).click()
    page.get_by_role("link", name="收案登记").click()
    assert page.get_by_role("heading", name="法律援助申请登记").is_visible()
    field(page, "案由").fill("追索拖欠工资")
    field(page, "收到申请日期").fill(day)
    field(page, "申请人姓名/名称").fill("王小明")
    field(page, "身份证号码").fill(ID_NUMBER)
    field(page, "联系电话").fill("13812345678")
    field(page, "对方当事人").fill("杭州某建筑劳务公司")
    field(page, "案件类别").select_option(label="民事")
    field(page, "申请事项").select_option(label="请求支付劳动报酬")
    field(page, "家庭人口数").fill("3")
    field(page, "家庭人均月收入（元）").fill("1500")

    page.get_by_role("button", name="审查援助条件").click()
    page.wait_for_load_state("networkidle")
    preview = page.get_by_test_id("preview")
    assert preview.get_by_test_id("eligibility-outcome").inner_text() == "符合法律援助条件"
    reasons = preview.get_by_test_id("eligibility-reasons").inner_text()
    assert "第三十一条第五项所列事项" in reasons and "《中华人民共和国法律援助法》第三十一条第五项" in reasons
    assert "家庭人均月收入1500元" in reasons and "《中华人民共和国法律援助法》第三十四条" in reasons
    # the page opens at the result (it once showed ~2,000 px further down): no scrolling needed
    box = preview.bounding_box()
    assert box is not None and -1 <= box["y"] < page.viewport_size["height"] / 2
    screenshot(page, "legal-aid-1-application-eligibility")

    preview.get_by_role("button", name="按此结果收案").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("status").inner_text() == "待审查"
    assert page.get_by_test_id("eligibility-outcome").inner_text() == "符合法律援助条件"
    deadlines = page.get_by_test_id("deadlines").inner_text()
    assert "审查并作出是否给予法律援助的决定" in deadlines and "第四十三条第一款" in deadlines
    screenshot(page, "legal-aid-2-case-received")

    page.get_by_test_id("transitions").get_by_role("link", name="决定给予法律援助").click()
    assert page.get_by_test_id("eligibility-outcome").inner_text() == "符合法律援助条件"
    screenshot(page, "legal-aid-3-decision-form")
    page.get_by_role("button", name="确认决定给予法律援助").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("status").inner_text() == "已决定给予援助"
    assert "指派法律援助人员" in page.get_by_test_id("deadlines").inner_text()

    page.get_by_test_id("transitions").get_by_role("link", name="指派律师").click()
    radio = page.get_by_test_id("lawyer-picker").get_by_role("radio", name=re.compile("^周律师"))
    assert radio.get_attribute("value") == str(lawyer.pk)
    radio.check()
    page.get_by_role("button", name="确认指派律师").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("status").inner_text() == "已指派律师"
    assert page.get_by_test_id("lawyer").inner_text().startswith("周律师（浙江西湖律师事务所")
    screenshot(page, "legal-aid-4-assigned")
    case_url = page.url
    logout(page)

    login("lvshi_e2e")
    page.get_by_role("navigation", name="导航").get_by_role("link", name="法律援助", exact=True).click()
    rows = page.get_by_test_id("worklist").locator("tbody tr")
    assert rows.count() == 1 and "追索拖欠工资" in rows.first.inner_text()
    rows.first.get_by_role("link").first.click()
    buttons = page.get_by_test_id("transitions").inner_text()
    assert "接受指派，开始承办" in buttons and "终止法律援助" not in buttons
    do(page, "接受指派，开始承办", fields={"承办情况（如已与受援人签订委托协议）": "已签订委托协议"})
    assert page.get_by_test_id("status").inner_text() == "承办中"
    do(
        page,
        "办结",
        fields={"办理结果": "经劳动仲裁调解，追回工资4.2万元"},
        selects={"结案方式": {"label": "调解、和解"}},
    )
    assert page.get_by_test_id("status").inner_text() == "已办结"
    assert "提交结案报告" in page.get_by_test_id("deadlines").inner_text()
    screenshot(page, "legal-aid-5-lawyer-closed")
    do(page, "提交结案报告")
    assert page.get_by_test_id("status").inner_text() == "已提交结案报告"
    assert "登记质量评估结果" not in page.get_by_test_id("transitions").inner_text()
    logout(page)

    login("fayuan_e2e")
    page.goto(case_url)
    do(
        page,
        "登记质量评估结果",
        fields={"评估单位": "杭州市法律援助案件质量同行评估"},
        selects={"评估等级": {"label": "良好"}},
    )
    assert page.get_by_test_id("status").inner_text() == "已质量评估"
    assert page.get_by_test_id("peer-grade").inner_text().startswith("良好 · 杭州市法律援助案件质量同行评估")
    timeline = page.get_by_test_id("timeline").inner_text()
    for step in ("决定给予法律援助", "指派律师", "办结", "提交结案报告", "登记质量评估结果"):
        assert step in timeline
    screenshot(page, "legal-aid-6-evaluated")

    page.get_by_role("navigation", name="导航").get_by_role("link", name="法律援助", exact=True).click()
    row = page.get_by_test_id("worklist").locator("tbody tr").first.inner_text()
    assert "请求支付劳动报酬" in row and "符合法律援助条件" in row and "周律师" in row
    screenshot(page, "legal-aid-11-worklist")
