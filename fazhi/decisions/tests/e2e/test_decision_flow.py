"""重大行政决策 in Chromium: a department's legal officer starts a decision of the 2024 catalogue,
walks it through its steps, is refused at 集体讨论决定 with the missing step (公平竞争审查) and its
article shown beside the form (desktop and phone), records the step, then decides, publishes and
archives it."""

import re
from datetime import date

import pytest

from fazhi.core.roles import Role
from fazhi.decisions.models import DecisionCatalogue

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 860}


def field(page, label: str):
    """The input labelled exactly `label` (a required field's label ends with " *")."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def open_step(page, button: str, on: str) -> None:
    page.get_by_test_id("transitions").get_by_role("link", name=button).click()
    field(page, "办理日期").fill(on)


def do(page, button: str, fields: dict[str, str], *, on: str, selects=None, checks=()) -> None:
    open_step(page, button, on)
    for label, value in fields.items():
        field(page, label).fill(value)
    for label, value in (selects or {}).items():
        field(page, label).select_option(label=value)
    for label in checks:
        page.get_by_label(label).check()
    page.get_by_role("button", name=f"确认{button}").click()
    page.wait_for_load_state("networkidle")


def test_a_decision_refused_at_the_gate_then_decided(page, login, make_user, screenshot, xihu):
    DecisionCatalogue.objects.create(
        org_unit=xihu["330106-QZF"],
        year=2024,
        title="杭州市西湖区人民政府2024年度重大行政决策事项目录",
        approved_by="中共杭州市西湖区委",
        approved_on=date(2024, 1, 19),
        published_on=date(2024, 1, 26),
    )
    make_user(Role.DEPARTMENT_OFFICER, "330106-SCJG", username="bumen_e2e", display_name="市场监管局 钱法制")
    login("bumen_e2e")
    page.get_by_role("navigation", name="导航").get_by_role("link", name="重大行政决策", exact=True).click()
    page.get_by_role("link", name="收案登记").click()
    assert page.get_by_role("heading", name="重大行政决策 · 启动登记").is_visible()

    field(page, "决策事项").fill("西湖区农贸市场提升改造实施方案")
    field(page, "所属目录").select_option(label="杭州市西湖区人民政府2024年度重大行政决策事项目录")
    field(page, "事项类别").select_option(label="重大公共建设项目")
    field(page, "启动日期").fill("2024-02-01")
    page.get_by_label("涉及市场主体经济活动").check()
    page.get_by_role("button", name="登记").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("status").inner_text() == "已启动"
    gates = page.get_by_test_id("decision-gates")
    assert gates.get_by_test_id("gate-fair_competition").get_attribute("data-state") == "missing"

    do(page, "拟订决策草案", {}, on="2024-02-05")
    # 20 days without a reason: refused beside the reason's field, with article 15.
    do(
        page,
        "公开征求意见",
        {"征求意见开始日期": "2024-02-10", "征求意见截止日期": "2024-03-01"},
        on="2024-02-10",
    )
    error = page.get_by_test_id("error-short_comment_reason")
    assert "不足30日" in error.inner_text() and "第十五条" in error.inner_text()
    field(page, "征求意见截止日期").fill("2024-03-12")
    page.get_by_role("button", name="确认公开征求意见").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("status").inner_text() == "公众参与（征求意见）"

    do(
        page,
        "征求意见结束（意见采纳情况）",
        {"收到意见（条）": "12", "意见采纳情况": "采纳8条，部分采纳2条，未采纳的已说明理由。"},
        on="2024-03-15",
    )
    do(
        page,
        "登记合法性审查意见",
        {"送请合法性审查日期": "2024-03-15", "留给审查的期限": "2024-03-26"},
        selects={"合法性审查意见": "合法"},
        on="2024-03-27",
    )

    # 集体讨论决定 while 公平竞争审查 is missing: the panel beside the form names it and its article.
    open_step(page, "集体讨论决定", "2024-04-01")
    refused = page.get_by_test_id("gate-refused")
    assert refused.is_visible()
    missing = page.get_by_test_id("gate-fair_competition")
    assert missing.get_attribute("data-state") == "missing"
    assert "公平竞争审查" in missing.inner_text() and "第二十九条" in missing.inner_text()
    field(page, "会议类型").select_option(label="政府常务会议")
    field(page, "会议名称").fill("区政府第35次常务会议")
    field(page, "行政首长决定").select_option(label="行政首长意见与多数意见一致")
    page.get_by_label("行政首长最后发表意见").check()
    page.get_by_role("button", name="确认集体讨论决定").click()
    page.wait_for_load_state("networkidle")
    form_error = page.get_by_test_id("form-error").inner_text()
    assert "公平竞争审查" in form_error and "第二十九条" in form_error
    screenshot(page, "decisions-gate-refused-desktop")
    page.set_viewport_size(PHONE)
    assert page.get_by_test_id("gate-refused").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "decisions-gate-refused-phone")
    page.set_viewport_size(DESKTOP)
    page.get_by_role("link", name="取消").click()
    assert page.get_by_test_id("status").inner_text() == "论证评估与合法性审查"

    do(page, "登记公平竞争审查", {"审查结论": "未发现排除、限制竞争情形"}, on="2024-03-28")
    open_step(page, "集体讨论决定", "2024-04-01")
    assert page.get_by_test_id("gate-open").is_visible()
    field(page, "会议类型").select_option(label="政府常务会议")
    field(page, "会议名称").fill("区政府第35次常务会议")
    field(page, "行政首长决定").select_option(label="行政首长意见与多数意见一致")
    page.get_by_label("行政首长最后发表意见").check()
    page.get_by_role("button", name="确认集体讨论决定").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("status").inner_text() == "已集体讨论决定"

    do(page, "公布决策", {"公布渠道": "西湖区人民政府门户网站"}, on="2024-04-08")
    do(page, "归档", {"档案号": "JC2024-06"}, on="2024-05-06")
    assert page.get_by_test_id("status").inner_text() == "已归档"
    screenshot(page, "decisions-archived-desktop")
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "decisions-archived-phone")
