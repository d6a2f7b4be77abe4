"""The 行政复议 main path in Chromium: application → acceptance (period check shown) → respondent
copy and reply → decision 撤销 (纠错) → found in the worklist under 纠错; and the fast track."""

import re
from datetime import timedelta

import pytest

from fazhi.cases.services import PartyInput, today
from fazhi.core.roles import Role
from fazhi.reconsideration.services import reconsideration_receive
from fazhi.reconsideration.tests.conftest import ID_NUMBER, USCC

pytestmark = pytest.mark.e2e


@pytest.fixture
def officer(make_user):
    return make_user(
        Role.RECONSIDERATION_OFFICER, "330106-FYJ", username="fuyi_e2e", display_name="复议局 李复议"
    )


def step(page, name, **fill):
    page.get_by_test_id("transitions").get_by_role("link", name=name, exact=True).click()
    for label, value in fill.items():
        field = page.get_by_label(label)
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(label=value)
        elif value is True:
            field.check()
        else:
            field.fill(value)
    page.get_by_role("button", name=f"确认{name}").click()
    page.wait_for_load_state("networkidle")
    assert f"已办理：{name}" in page.locator(".alert-success").inner_text()


def test_application_to_a_corrective_decision(page, login, officer, screenshot):
    now = today()
    login("fuyi_e2e")
    page.get_by_role("navigation", name="导航").get_by_role("link", name="行政复议", exact=True).click()
    page.get_by_role("link", name="收案登记").click()
    page.get_by_label("案由/事项").fill("不服西湖区市场监督管理局行政处罚决定")
    page.get_by_label("收到日期").fill((now - timedelta(days=2)).isoformat())
    page.get_by_label("申请人姓名/名称").fill("王小明")
    page.get_by_label("身份证号码").fill(ID_NUMBER)
    page.get_by_label("被申请人（行政机关）").select_option(label="杭州市西湖区市场监督管理局")
    page.get_by_label("被申请复议的行政行为").fill("西市监罚〔2026〕12号行政处罚决定")
    page.get_by_label("行为类别").select_option(label="行政处罚")
    page.get_by_label("告知或送达方式").select_option(label="直接送达")
    page.get_by_label("送达或知道日期").fill((now - timedelta(days=20)).isoformat())
    page.get_by_label("涉及款额（元）").fill("20000")
    screenshot(page, "reconsideration-intake")
    page.get_by_role("button", name="收案").click()
    page.wait_for_load_state("networkidle")

    check = page.get_by_test_id("period-check").inner_text()
    assert "在申请期限内" in check and "直接送达的，自受送达人签收之日起计算" in check
    assert "第二十条第一款" in check
    assert "受理审查" in page.get_by_test_id("deadlines").inner_text()
    number = page.get_by_role("heading", level=1).inner_text().split()[0]
    assert number.startswith("西政复〔") and number.endswith("号")
    screenshot(page, "reconsideration-received")

    step(page, "受理", 审理程序="普通程序")
    deadlines = page.get_by_test_id("deadlines").inner_text()
    assert "作出行政复议决定（普通程序）" in deadlines and "发送申请书副本（普通程序）" in deadlines
    step(page, "发送申请书副本", 被申请人收到副本日期=now.isoformat())
    step(
        page,
        "收到被申请人答复",
        情况摘要="被申请人提交书面答复及证据",
        **{"已提交作出行政行为的证据、依据和其他有关材料": True},
    )
    step(
        page,
        "作出行政复议决定",
        决定类型="撤销或者部分撤销（第六十四条）",
        决定要旨="未告知陈述申辩权利，程序违法",
        **{
            "听取当事人意见（普通程序，第四十九条）": "已当面或者通过互联网、电话等方式听取当事人意见",
            "决定的审批（第六十一条）": "经行政复议机关负责人同意",
        },
    )
    assert page.get_by_test_id("status").inner_text() == "已作出决定"
    decision = page.get_by_test_id("decision").inner_text()
    assert "撤销或者部分撤销" in decision and "纠错" in decision and f"文号：{number}" in decision
    assert "按期完成" in page.get_by_test_id("deadlines").inner_text()
    screenshot(page, "reconsideration-decided")

    step(
        page,
        "制发行政复议意见书",
        标题="关于规范市场监管领域行政处罚告知程序的行政复议意见书",
        收文机关="被申请人",
        执法领域="市场监管",
        发现的违法或不当问题="作出行政处罚决定前未告知陈述、申辩权利",
        纠正意见和建议="规范行政处罚事先告知程序，60日内报送纠正情况",
    )
    page.get_by_role("link", name=re.compile("^西政复意")).click()
    assert page.get_by_test_id("status").inner_text() == "已制发"
    step(page, "送达", 送达方式="直接送达")
    deadlines = page.get_by_test_id("deadlines").inner_text()
    assert "报送行政复议意见书纠正情况" in deadlines and "第七十六条" in deadlines
    screenshot(page, "reconsideration-opinion-letter")

    page.get_by_role("navigation", name="导航").get_by_role("link", name="行政复议", exact=True).click()
    page.get_by_label("纠错").select_option(label="纠错决定")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_load_state("networkidle")
    table = page.get_by_test_id("worklist").inner_text()
    assert number in table and "撤销或者部分撤销" in table
    screenshot(page, "reconsideration-worklist-corrective")


def test_the_enterprise_fast_track_worklist(page, login, officer, screenshot):
    now = today()
    reconsideration_receive(
        actor=officer,
        received_on=now - timedelta(days=1),
        applicant=PartyInput(role="applicant", legal_entity={"name": "西湖演示科技有限公司", "uscc": USCC}),
        respondent="330106-SCJG",
        act_description="西市监罚〔2026〕30号行政处罚决定",
        service_mode="DIRECT",
        service_date=now - timedelta(days=10),
        enterprise_related=True,
        incomplete_intake=True,
        missing_items="法定代表人身份证明",
    )
    login("fuyi_e2e")
    assert "涉企复议快速通道" in page.get_by_role("main").inner_text()  # the home panel
    page.get_by_role("navigation", name="导航").get_by_role("link", name="涉企复议快速通道").click()
    table = page.get_by_test_id("worklist").inner_text()
    assert "杭州市西湖区市场监督管理局" in table and "涉企" in table
    page.get_by_test_id("worklist").get_by_role("link", name=re.compile("^西政复")).click()
    targets = page.get_by_test_id("fast-track").inner_text()
    assert "受理审查" in targets and "2个工作日" in targets and "容缺材料" not in targets  # not accepted yet
    assert "法定代表人身份证明" in page.get_by_test_id("incomplete").inner_text()
    screenshot(page, "reconsideration-fast-track-case")
