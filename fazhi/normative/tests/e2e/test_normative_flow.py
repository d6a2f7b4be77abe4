"""行政规范性文件 in Chromium (the normative part of the joint walk): a reviewed draft is registered
as a published document from `/normative/new/?review=<case pk>`, filed with both bodies (dates
recorded, timeliness shown) and found in the register; the clean-up campaign's results are applied
(a repealed document changes status); the 90-day expiry warning on the worklist. Desktop and phone."""

import re
from datetime import date, timedelta

import pytest

from fazhi.cases.models import Case
from fazhi.core.roles import Role
from fazhi.normative.models import NormativeDocument
from fazhi.normative.registers import DOCUMENTS
from fazhi.registers.services import register_create, today

pytestmark = pytest.mark.e2e


def field(page, label: str):
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def test_register_file_and_clean_up(page, login, make_user, screenshot, xihu):
    reviewer = make_user(
        Role.LEGALITY_REVIEWER, "330106", username="hefa_e2e", display_name="合法性审查中心 冯审查"
    )
    review = Case.objects.create(
        kind="legality",
        number="西合审〔2024〕31号",
        title="西湖区促进低空经济发展若干措施（草案）",
        org_unit=xihu["330106-HFSC"],
        status="adopted",
        outcome="HEFA",
        received_on=date(2024, 4, 1),
        closed_on=date(2024, 4, 18),
    )
    old = register_create(
        actor=reviewer,
        reg=DOCUMENTS,
        values={"org_unit": "330106-QZF", "doc_number": "西政发〔2020〕5号", "title": "西湖区支持企业共渡难关若干政策",
                "published_on": "2020-02-14", "npc_filed_on": "2020-03-01", "city_filed_on": "2020-03-02"},
    )  # fmt: skip
    soon = register_create(
        actor=reviewer,
        reg=DOCUMENTS,
        values={"org_unit": "330106-ZFB", "doc_number": "西政办发〔2022〕19号", "title": "西湖区公共租赁住房管理办法",
                "published_on": "2022-08-15", "valid_until": (today() + timedelta(days=60)).isoformat()},
    )  # fmt: skip
    login("hefa_e2e")

    # From the review case page's link: the form names the review, the title and its date.
    page.goto(f"/normative/new/?review={review.pk}")
    form = page.get_by_test_id("register-form")
    assert field(form, "合法性审查案件").input_value() == "西合审〔2024〕31号"
    assert field(form, "标题").input_value() == "西湖区促进低空经济发展若干措施"
    form.get_by_label(re.compile("^制定机关")).select_option(label="杭州市西湖区人民政府")
    field(form, "文号").fill("西政发[2023]12号")
    field(form, "公布日期").fill("2024-05-13")
    form.get_by_role("button", name="保存").click()
    assert (
        "文号年份（2023）与公布日期的年份（2024）不一致"
        in page.get_by_test_id("error-doc_number").inner_text()
    )
    screenshot(page, "normative-1-form-error")
    field(page.get_by_test_id("register-form"), "文号").fill("西政发[2024]12号")
    page.get_by_test_id("register-form").get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    heading = page.get_by_role("heading", level=1).inner_text()
    assert "西政发〔2024〕12号" in heading and "有效" in heading
    fields = page.get_by_test_id("record-fields").inner_text()
    assert "GF-03" in fields and "GF-04" in fields and "逾期未报备" in fields

    # Filed with the 区人大常委会 in time and with the 市政府 late: dates recorded, timeliness shown.
    page.get_by_test_id("step-file_npc").click()
    page.get_by_label("办理日期").fill("2024-05-30")
    page.get_by_role("button", name=re.compile("报人大备案")).click()
    page.wait_for_load_state("networkidle")
    page.get_by_test_id("step-file_city").click()
    page.get_by_label("办理日期").fill("2024-06-20")
    page.get_by_role("button", name=re.compile("报市政府备案")).click()
    page.wait_for_load_state("networkidle")
    fields = page.get_by_test_id("record-fields").inner_text()
    assert "2024-05-30" in fields and "2024-06-20" in fields
    assert "按时报备" in fields and "逾期报备（晚" in fields
    doc = NormativeDocument.objects.get(doc_number="西政发〔2024〕12号")
    assert (doc.review_id, doc.filed_on_time) == (review.pk, False)
    screenshot(page, "normative-2-filed")

    # In the register.
    page.get_by_role("navigation", name="导航").get_by_role("link", name="行政规范性文件").click()
    table = page.get_by_test_id("register-list").inner_text()
    assert "西政发〔2024〕12号" in table and "市政府：逾期报备" in table
    screenshot(page, "normative-3-register")

    # The worklist warns of the document whose 有效期 ends within 90 days.
    page.goto("/normative/")
    warnings = page.get_by_test_id("expiry-warnings").inner_text()
    assert soon.title in warnings and "剩60日" in warnings and old.title not in warnings
    screenshot(page, "normative-4-worklist")

    # The clean-up: every document gets a result; publishing repeals one.
    page.get_by_role("link", name="文件清理").first.click()
    page.get_by_label("启动日期").fill(today().isoformat())
    page.get_by_role("button", name="启动清理").click()
    page.wait_for_load_state("networkidle")
    assert "未给出结论 3 件" in page.get_by_test_id("cleanup-summary").inner_text()
    assert page.get_by_role("button", name="公布清理结果").is_disabled()
    page.get_by_label("西政发〔2020〕5号 清理结论").select_option(label="废止")
    page.get_by_label("西政发〔2020〕5号 说明").fill("政策已执行完毕")
    page.get_by_label("西政办发〔2022〕19号 清理结论").select_option(label="继续有效")
    page.get_by_label("西政发〔2024〕12号 清理结论").select_option(label="继续有效")
    page.get_by_role("button", name="保存清理结论").click()
    page.wait_for_load_state("networkidle")
    assert "废止 1 件" in page.get_by_test_id("cleanup-summary").inner_text()
    page.get_by_role("button", name="公布清理结果").click()
    page.wait_for_load_state("networkidle")
    assert "已公布" in page.get_by_test_id("campaign-status").inner_text()
    screenshot(page, "normative-5-cleanup")
    page.get_by_role("link", name="西政发〔2020〕5号").click()
    assert "废止" in page.get_by_test_id("record-state").inner_text()
    assert "政策已执行完毕" in page.get_by_test_id("record-fields").inner_text()
    assert "废止/失效日期、状态" in page.get_by_test_id("history").inner_text()

    # Phone.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/normative/")
    screenshot(page, "normative-6-worklist-phone")
    page.get_by_role("link", name="文件清理").first.click()
    page.get_by_role("link", name="2026年行政规范性文件清理".replace("2026", str(today().year))).click()
    screenshot(page, "normative-7-cleanup-phone")
    page.goto(f"/registers/normative/{doc.pk}/")
    screenshot(page, "normative-8-detail-phone")


def test_a_department_officer_sees_no_cleanup_buttons(page, login, make_user, xihu):
    make_user(Role.DEPARTMENT_OFFICER, "330106-SCJG", username="bumen_e2e")
    login("bumen_e2e")
    page.goto("/normative/cleanup/")
    assert page.get_by_test_id("cleanup-start").count() == 0
    page.goto("/registers/normative/new/")
    options = page.get_by_label(re.compile("^制定机关")).locator("option").all_inner_texts()
    assert [o for o in options if o.strip() and "请选择" not in o] == ["杭州市西湖区市场监督管理局"]
