"""法律援助 records beside cases, in Chromium: a 12348 consultation through the quick-entry form
(counted apart from cases), recruiting a lawyer (the ≥ 3-year condition explained), a 锦旗."""

import re
from datetime import date

import pytest

from fazhi.cases.services import today
from fazhi.core.roles import Role

pytestmark = pytest.mark.e2e


def field(page, label: str):
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def test_consultation_pool_and_commendation(page, login, make_user, screenshot):
    make_user(Role.LEGAL_AID_STAFF, "330106-FYZX", username="fayuan_rec", display_name="法援中心 陈法援")
    login("fayuan_rec")
    nav = page.get_by_role("navigation", name="导航")

    nav.get_by_role("link", name="法律咨询登记").click()
    form = page.get_by_test_id("quick-entry")
    field(form, "咨询方式").select_option(label="12348热线来电")
    field(form, "咨询事项").select_option(label="劳动争议与劳动报酬")
    field(form, "咨询内容摘要").fill("外卖骑手被拖欠报酬如何维权")
    field(form, "咨询人（可不填）").fill("赵某某")
    form.get_by_role("button", name="登记").click()
    page.wait_for_load_state("networkidle")
    assert "已登记 1 人次法律咨询" in page.content()
    assert "12348热线来电 1 人次" in page.get_by_test_id("totals").inner_text()
    assert "外卖骑手被拖欠报酬如何维权" in page.get_by_test_id("consultations").inner_text()
    screenshot(page, "legal-aid-7-consultations")

    nav.get_by_role("link", name="法律援助律师库").click()
    form = page.get_by_test_id("lawyer-form")
    field(form, "姓名").fill("李新")
    field(form, "执业机构").fill("浙江之江律师事务所")
    field(form, "首次执业日期").fill(date(today().year - 1, 1, 5).isoformat())
    form.get_by_role("button", name="加入律师库").click()
    page.wait_for_load_state("networkidle")
    assert "招募执业3年以上的律师" in page.get_by_test_id("error-licensed_on").inner_text()
    screenshot(page, "legal-aid-8-pool-error")
    field(page.get_by_test_id("lawyer-form"), "首次执业日期").fill("2016-04-01")
    page.get_by_test_id("lawyer-form").get_by_role("button", name="加入律师库").click()
    page.wait_for_load_state("networkidle")
    assert "李新" in page.get_by_test_id("lawyers").inner_text()
    screenshot(page, "legal-aid-9-pool")

    nav.get_by_role("link", name="锦旗、感谢信").click()
    form = page.get_by_test_id("commendation-form")
    field(form, "赠送人").fill("外卖骑手刘某")
    field(form, "受表扬律师（可不填）").select_option(label="李新（浙江之江律师事务所）")
    field(form, "内容摘要").fill("为民解忧，法援暖心")
    form.get_by_role("button", name="登记").click()
    page.wait_for_load_state("networkidle")
    table = page.get_by_test_id("commendations").inner_text()
    assert "锦旗" in table and "外卖骑手刘某" in table and "李新" in table
    screenshot(page, "legal-aid-10-commendations")
