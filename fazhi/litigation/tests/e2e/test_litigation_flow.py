"""行政应诉 in Chromium: register a suit (court number parsed) → answer → hearing with the agency head
in court → judgment 撤销 (败诉) → found in the worklist through its filters."""

import re

import pytest

from fazhi.core.roles import Role

pytestmark = pytest.mark.e2e


def field(page, label: str):
    """The input labelled exactly `label` (a required field's label ends with " *")."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def do(page, button: str, fields: dict[str, str], *, on: str, checks=(), selects=None, before_submit=None):
    page.get_by_test_id("transitions").get_by_role("link", name=button).click()
    field(page, "办理日期").fill(on)
    for label, value in fields.items():
        field(page, label).fill(value)
    for label, value in (selects or {}).items():
        field(page, label).select_option(label=value)
    for label in checks:
        page.get_by_label(label).check()
    if before_submit is not None:
        before_submit()
    page.get_by_role("button", name=f"确认{button}").click()
    page.wait_for_load_state("networkidle")


def test_a_suit_from_registration_to_a_lost_judgment(page, login, make_user, screenshot):
    make_user(Role.LITIGATION_OFFICER, "330106", username="yingsu_e2e", display_name="应诉科 赵应诉")
    login("yingsu_e2e")
    nav = page.get_by_role("navigation", name="导航")
    nav.get_by_role("link", name="行政应诉").click()
    page.get_by_role("link", name="收案登记").click()

    field(page, "案号").fill("2024浙0106行初66号")  # brackets forgotten
    field(page, "受理法院").fill("杭州市西湖区人民法院")
    field(page, "立案日期").fill("2024-03-01")
    field(page, "收到应诉通知日期").fill("2024-03-05")
    field(page, "收到起诉状副本日期").fill("2024-03-05")
    field(page, "被告行政机关").select_option(label="杭州市西湖区市场监督管理局")
    field(page, "案由").fill("不服行政处罚决定（食品安全）")
    field(page, "被诉行政行为类别").select_option(label="行政处罚")
    field(page, "原告姓名/名称").fill("钱小红")
    page.get_by_role("button", name="收案").click()
    error = page.get_by_test_id("error-court_case_number")
    assert "不符合" in error.inner_text()
    screenshot(page, "litigation-intake-error")

    field(page, "案号").fill("（２０２４）浙０１０６行初６６号")  # full-width, as typed on a Chinese IME
    page.get_by_role("button", name="收案").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="（2024）浙0106行初66号").is_visible()
    assert page.get_by_test_id("status").inner_text() == "答辩举证期"
    deadlines = page.get_by_test_id("deadlines").inner_text()
    assert "被告提交证据、规范性文件和答辩状" in deadlines and "2024-03-20" in deadlines

    do(page, "提交答辩状及证据", {"提交证据（件）": "15"}, on="2024-03-18")
    assert page.get_by_test_id("status").inner_text() == "审理中"
    assert "按期完成" in page.get_by_test_id("deadlines").inner_text()

    do(
        page,
        "登记开庭及出庭情况",
        {"开庭日期": "2024-04-10", "出庭人姓名": "李明", "出庭人职务": "副局长"},
        on="2024-04-10",
        selects={"出庭人职务类别": "副职负责人"},
        checks=["法院通知负责人出庭"],
        before_submit=lambda: screenshot(page, "litigation-hearing-form"),
    )
    hearings = page.get_by_test_id("hearings").inner_text()
    assert "李明 · 副局长" in hearings and "副职负责人属于被诉行政机关负责人" in hearings
    assert "出庭问题" not in hearings

    do(
        page,
        "一审判决",
        {"裁判文书送达日期": "2024-05-08"},
        on="2024-05-06",
        selects={"判决结果": "判决撤销或者部分撤销"},
    )
    assert page.get_by_test_id("status").inner_text() == "已判决/裁定（上诉期内）"
    assert "败诉" in page.get_by_test_id("loss").inner_text()
    assert "不服第一审判决上诉" in page.get_by_test_id("deadlines").inner_text()
    screenshot(page, "litigation-case-judged")

    nav.get_by_role("link", name="行政应诉").click()
    field(page, "被告").select_option(label="杭州市西湖区市场监督管理局")
    field(page, "结果").select_option(label="败诉（按本系统配置）")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_load_state("networkidle")
    table = page.get_by_test_id("worklist").inner_text()
    assert "（2024）浙0106行初66号" in table and "败诉" in table
    screenshot(page, "litigation-worklist-loss")
    field(page, "结果").select_option(label="调解撤诉")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_load_state("networkidle")
    assert "没有符合条件的案件" in page.get_by_test_id("worklist").inner_text()
