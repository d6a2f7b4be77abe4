"""人民调解 main path in Chromium: intake → accept → agreement → follow-up, by a committee's
mediator who never sees another street's cases."""

import pytest

from fazhi.core.roles import Role
from fazhi.law.validators import id_number_checksum

pytestmark = pytest.mark.e2e


def test_mediator_takes_a_case_from_intake_to_follow_up(
    page, login, make_user, new_mediation, screenshot, xihu
):
    make_user(Role.MEDIATOR, "330106002-TWH", username="tiaojie", display_name="郑调解")
    other = make_user(Role.MEDIATOR, "330106109-TWH", username="sandun")
    new_mediation(other, committee="330106109-TWH", title="三墩镇合同纠纷")
    login("tiaojie")
    page.get_by_role("link", name="人民调解").first.click()
    assert "三墩镇合同纠纷" not in page.get_by_test_id("worklist").inner_text()

    page.get_by_role("link", name="收案登记").click()
    page.get_by_label("案由/事项").fill("楼上漏水致楼下天花板受损")
    page.get_by_label("收到日期").fill("2024-05-06")
    page.get_by_label("申请人姓名/名称").fill("王小明")
    page.get_by_label("身份证号码").fill("330106198503150020")  # wrong check digit
    page.get_by_label("纠纷类型").select_option("neighbour")
    page.get_by_label("受理方式").select_option("application")
    page.get_by_role("button", name="收案").click()
    assert "校验" in page.get_by_test_id("error-applicant_id_number").inner_text()
    page.get_by_label("身份证号码").fill("33010619850315002" + id_number_checksum("33010619850315002"))
    page.get_by_role("button", name="收案").click()
    assert page.get_by_test_id("status").inner_text() == "已登记"
    assert "3301**********" in page.get_by_test_id("parties").inner_text()

    page.get_by_role("link", name="受理调解").click()
    page.get_by_label("办理日期").fill("2024-05-07")
    page.get_by_role("button", name="确认受理调解").click()
    assert page.get_by_test_id("status").inner_text() == "调解中"
    deadlines = page.get_by_test_id("deadlines").inner_text()
    assert "RM-11" in deadlines and "2024-06-07" in deadlines

    page.get_by_role("link", name="达成调解协议").click()
    page.get_by_label("办理日期").fill("2024-05-20")
    page.get_by_role("button", name="确认达成调解协议").click()
    assert "请填写“协议形式”" in page.get_by_test_id("error-agreement_form").inner_text()
    page.get_by_label("协议形式").select_option("written")
    page.get_by_label("协议内容摘要").fill("楼上住户赔偿维修费2000元")
    page.get_by_role("button", name="确认达成调解协议").click()
    assert page.get_by_test_id("status").inner_text() == "达成协议"
    assert "RM-09" in page.get_by_test_id("deadlines").inner_text()

    page.get_by_role("button", name="显示").first.click()
    page.get_by_test_id("pii-clear").wait_for()
    screenshot(page, "mediation-agreed")

    page.get_by_role("link", name="回访").click()
    page.get_by_label("办理日期").fill("2024-06-20")
    page.get_by_label("回访情况").fill("已按协议履行")
    page.get_by_role("button", name="确认回访").click()
    assert page.get_by_test_id("status").inner_text() == "已回访"
    timeline = page.get_by_test_id("timeline").inner_text()
    assert "达成调解协议：调解成功" in timeline and "回访" in timeline
