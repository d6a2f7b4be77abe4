"""Browser steps shared by the lines' real-browser tests. Lines never import each other (the
"lines" import contract), so a walk that crosses two lines — a legality review that goes on to the
normative register — takes its steps from here: they drive the screens only and read back through
fazhi.cases, never through a line's models."""

from __future__ import annotations

import re

from fazhi.cases.models import Case


def field(page, label: str):
    """The form control labelled exactly `label` (a required field's label ends with " *")."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def do(page, button: str, fields: dict[str, str], *, on: str, selects=None):
    """Take the case-page transition `button` on the day `on`, filling `fields` and `selects`."""
    page.get_by_test_id("transitions").get_by_role("link", name=button).click()
    field(page, "办理日期").fill(on)
    for label, value in fields.items():
        field(page, label).fill(value)
    for label, value in (selects or {}).items():
        field(page, label).select_option(label=value)
    page.get_by_role("button", name=f"确认{button}").click()
    page.wait_for_load_state("networkidle")


def switch(page, login, username: str) -> None:
    """Log out and log in as `username`."""
    page.context.clear_cookies()
    login(username)


def review_a_normative_draft(
    page, login, *, department: str, centre: str, title: str, screenshot=None, shots: str = "legality"
) -> Case:
    """合法性审查 of a normative draft: the department `department` submits `title`; the centre
    reviewer `centre` asks for material (补充材料), receives it and gives its opinion (修改后合法,
    with reasons and the article relied on); the department records adoption. Returns the case."""
    switch(page, login, department)
    page.get_by_role("navigation", name="导航").get_by_role("link", name="合法性审查", exact=True).click()
    page.get_by_role("link", name="收案登记").click()
    field(page, "事项名称").fill(title)
    field(page, "送审事项类型").select_option(label="行政规范性文件草案")
    field(page, "送审日期").fill("2024-03-04")
    field(page, "要求反馈意见日期").fill("2024-03-06")  # 2 working days: less than the minimum
    page.get_by_role("button", name="送审").click()
    assert "不少于5个工作日" in page.get_by_test_id("error-opinion_requested_by").inner_text()
    if screenshot:
        screenshot(page, f"{shots}-submit-error")
    field(page, "要求反馈意见日期").fill("2024-03-22")
    page.get_by_role("button", name="送审").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("status").inner_text() == "审查中"
    assert "2024-03-22" in page.get_by_test_id("deadlines").inner_text()
    # The department does not give the opinion: the centre's steps are not offered to it.
    assert page.get_by_test_id("transitions").get_by_role("link", name="出具审查意见").count() == 0
    case = Case.objects.get(kind="legality", title=title)

    switch(page, login, centre)
    page.goto(f"/cases/legality/{case.pk}/")
    do(page, "要求补充材料", {"需补充的材料": "起草说明及征求意见情况"}, on="2024-03-06")
    assert page.get_by_test_id("status").inner_text() == "补充材料中"
    do(page, "收到补充材料", {}, on="2024-03-11")
    do(
        page,
        "出具审查意见",
        {
            "审查意见及理由": "第五条增设许可，删除后合法。",
            "依据的法律条款": "《中华人民共和国行政许可法》第十七条",
        },
        selects={"审查意见": "修改后合法"},
        on="2024-03-15",
    )
    assert "待反馈采纳情况" in page.get_by_test_id("status").inner_text()
    if screenshot:
        screenshot(page, f"{shots}-reviewed")

    switch(page, login, department)
    page.goto(f"/cases/legality/{case.pk}/")
    do(page, "反馈采纳情况", {}, selects={"采纳情况": "采纳"}, on="2024-03-20")
    assert page.get_by_test_id("status").inner_text() == "已反馈采纳情况"
    assert page.get_by_test_id("next-normative").is_visible()
    case.refresh_from_db()
    return case
