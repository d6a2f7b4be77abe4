"""The joint walk of issue 16's acceptance, in Chromium: a department (部门法制工作人员) submits a
行政规范性文件 draft for 合法性审查 → the district centre asks for material (补充材料) → the
department supplies it → the centre gives its opinion with reasons and the article relied on → the
department records adoption → publishes the document from the review (/normative/new/?review=<pk>)
→ files it with both bodies (区人大常委会, GF-03; 市政府, GF-04) → it is in the register, linked to
its review. Desktop and a 390×844 phone. The legality steps come from fazhi.cases.tests.e2e.steps
(lines never import each other); the document is read back through the screens."""

import re

import pytest

from fazhi.cases.tests.e2e.steps import field, review_a_normative_draft, switch
from fazhi.core.roles import Role

pytestmark = pytest.mark.e2e

TITLE = "《西湖区食品摊贩管理办法（送审稿）》"
PUBLISHED_TITLE = "西湖区食品摊贩管理办法"


def file_with(page, step: str, button: str, on: str) -> None:
    page.get_by_test_id(step).click()
    page.get_by_label("办理日期").fill(on)
    page.get_by_role("button", name=re.compile(button)).click()
    page.wait_for_load_state("networkidle")


def test_a_draft_goes_from_review_to_the_register(page, login, make_user, screenshot):
    make_user(Role.DEPARTMENT_OFFICER, "330106-SCJG", username="bumen_e2e", display_name="市场监管局 钱法制")
    make_user(Role.LEGALITY_REVIEWER, "330106", username="hefa_e2e", display_name="审查中心 冯审查")
    case = review_a_normative_draft(
        page, login, department="bumen_e2e", centre="hefa_e2e", title=TITLE, screenshot=screenshot,
        shots="joint-1",
    )  # fmt: skip
    assert (case.outcome, case.status) == ("XIUGAI_HEFA", "closed")
    screenshot(page, "joint-2-adopted")

    # Published from the review: the form names the review, the title without the draft's marks,
    # the day of the opinion and the submitting department as 制定机关.
    page.get_by_test_id("next-normative").click()
    page.wait_for_load_state("networkidle")
    form = page.get_by_test_id("register-form")
    assert field(form, "合法性审查案件").input_value() == case.number
    assert field(form, "标题").input_value() == PUBLISHED_TITLE
    assert field(form, "合法性审查日期").input_value() == "2024-03-15"
    chosen = form.get_by_label(re.compile("^制定机关")).locator("option:checked").inner_text()
    assert chosen == "杭州市西湖区市场监督管理局"
    field(form, "文号").fill("西市监[2024]7号")
    field(form, "公布日期").fill("2024-04-08")
    field(form, "施行日期").fill("2024-05-08")
    screenshot(page, "joint-3-publish-form")
    form.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    heading = page.get_by_role("heading", level=1).inner_text()
    assert "西市监〔2024〕7号" in heading and "有效" in heading
    fields = page.get_by_test_id("record-fields").inner_text()
    assert "2024-05-08" in fields and "GF-03" in fields and "GF-04" in fields
    assert "修改后合法" in fields
    doc_url = page.url

    # Filed with both bodies within the 30 days.
    file_with(page, "step-file_npc", "报人大备案", "2024-04-22")
    file_with(page, "step-file_city", "报市政府备案", "2024-04-26")
    fields = page.get_by_test_id("record-fields").inner_text()
    assert "2024-04-22" in fields and "2024-04-26" in fields
    assert "人大：按时报备；市政府：按时报备" in fields and "逾期" not in fields
    # Both filing steps are done: neither is offered again.
    assert page.get_by_test_id("step-file_npc").count() == 0
    assert page.get_by_test_id("step-file_city").count() == 0
    screenshot(page, "joint-4-filed")

    # In the register, found by its title, and linked to its review.
    page.get_by_role("navigation", name="导航").get_by_role("link", name="行政规范性文件").click()
    page.get_by_label("搜索").fill("食品摊贩")
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    table = page.get_by_test_id("register-list").inner_text()
    assert "西市监〔2024〕7号" in table and PUBLISHED_TITLE in table
    assert "人大：按时报备；市政府：按时报备" in table
    screenshot(page, "joint-5-register")
    page.get_by_test_id("register-list").get_by_role("link", name=re.compile("西市监〔2024〕7号")).click()
    page.wait_for_load_state("networkidle")
    assert page.url == doc_url
    page.get_by_test_id("record-fields").get_by_role("link", name=case.number).click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/cases/legality/{case.pk}/")
    assert page.get_by_test_id("status").inner_text() == "已反馈采纳情况"

    # The centre sees the same document in its register (the district's scope).
    switch(page, login, "hefa_e2e")
    page.goto(doc_url)
    assert "西市监〔2024〕7号" in page.get_by_role("heading", level=1).inner_text()

    # Phone.
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "joint-6-document-phone")
    page.get_by_role("navigation", name="导航").get_by_role("link", name="行政规范性文件").click()
    screenshot(page, "joint-7-register-phone")
    page.goto(f"/cases/legality/{case.pk}/")
    screenshot(page, "joint-8-review-phone")
    page.goto("/cases/legality/")
    assert case.number in page.get_by_role("main").inner_text()
    screenshot(page, "joint-9-legality-worklist-phone")
