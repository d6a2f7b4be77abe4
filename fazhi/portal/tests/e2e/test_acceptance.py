"""Issue 18's acceptance, in Chromium: a citizen on a 390×844 phone and the bureau's staff at their
desks, each through their own screens.

1. 法律援助: sign in with a code from the SMS outbox → 法律援助申请 with the pre-check → upload a
   photo → the centre grants it in the workbench → the applicant sees 已受理 and has an SMS → the
   lawyer closes it → the applicant rates it (and the rating counts in 服务满意率).
2. 行政复议: the same person applies for reconsideration → the office asks for 补正 → the applicant
   sees what is missing, answers online → the office sees the answer, accepts, decides → the
   applicant sees it ended and rates it.
axe-core (WCAG 2.1 AA) on each portal page; screenshots in var/screenshots/portal-*.png."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from fazhi.cases.models import Case
from fazhi.cases.services import today
from fazhi.cases.tests.e2e.steps import field
from fazhi.core.models import SmsMessage
from fazhi.core.roles import Role
from fazhi.legal_aid.tests.conftest import ID_NUMBER, add_lawyer
from fazhi.portal.models import Submission
from fazhi.portal.tests.e2e.conftest import axe_violations, sms_code
from fazhi.portal.tests.e2e.test_submit_legal_aid import no_horizontal_scroll, photo_bytes

pytestmark = pytest.mark.e2e

PHONE_NUMBER = "13957120001"


def _sms(after: int) -> list[str]:
    """The texts sent to the applicant's phone since outbox row `after` (the number is encrypted)."""
    return [m.text for m in SmsMessage.objects.filter(pk__gt=after).order_by("pk") if m.phone == PHONE_NUMBER]


def _last_sms_id() -> int:
    return SmsMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _portal_ok(page, screenshot, name: str) -> None:
    assert axe_violations(page) == [], name
    assert no_horizontal_scroll(page), name
    screenshot(page, f"portal-{name}")


def _sign_in(page) -> None:
    page.goto("/portal/")
    page.get_by_test_id("signin-link").click()
    page.get_by_label("手机号码").fill(PHONE_NUMBER)
    page.get_by_role("button", name="获取验证码").click()
    code = sms_code(PHONE_NUMBER)  # on the "phone": the outbox keeps a delivered code starred out
    page.get_by_label("短信验证码").fill(code)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url("**/portal/")


def _do(page, button: str, fields=None, selects=None) -> None:
    """A step on the staff case page (the workbench's transition form)."""
    page.get_by_test_id("transitions").get_by_role("link", name=button, exact=True).click()
    for label, value in (fields or {}).items():
        field(page, label).fill(value)
    for label, value in (selects or {}).items():
        field(page, label).select_option(label=value)
    page.get_by_role("button", name=f"确认{button}").click()
    page.wait_for_load_state("networkidle")


def _staff(browser, live_server):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 1366, "height": 860}, base_url=live_server.url
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _login(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("pw-Fazhi-test-1")
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state("networkidle")


def _open_matter(page, number: str) -> None:
    page.goto("/portal/")
    page.get_by_test_id("my-submissions").get_by_test_id("my-matter").filter(has_text=number).get_by_role(
        "link"
    ).first.click()
    page.wait_for_load_state("networkidle")


def _rate(page, comment: str) -> None:
    page.get_by_label("满意", exact=True).check()
    page.get_by_label("意见和建议").fill(comment)
    page.get_by_role("button", name="提交评价").click()
    page.wait_for_load_state("networkidle")
    assert "您的评价：满意" in page.get_by_test_id("rated").inner_text()


def test_legal_aid_online_from_sign_in_to_rating(
    browser, live_server, phone_page, make_user, screenshot, xihu
):
    page = phone_page
    make_user(Role.LEGAL_AID_STAFF, "330106-FYZX", username="fayuan_portal", display_name="法援中心 陈法援")
    lawyer_account = make_user(
        Role.LEGAL_AID_LAWYER, "330106", username="lvshi_portal", display_name="周律师"
    )
    staff_user = type(lawyer_account).objects.get(username="fayuan_portal")
    add_lawyer(
        staff_user,
        name="周律师",
        law_firm="浙江西湖律师事务所",
        licensed_on=date(2015, 6, 1),
        joined_on=date(2024, 1, 10),
        user=lawyer_account,
    )

    _sign_in(page)
    _portal_ok(page, screenshot, "1-signed-in")
    page.get_by_role("link", name="网上办事").first.click()
    page.get_by_role("link", name="法律援助申请").click()
    page.get_by_label("所在镇街").select_option(label="北山街道")
    page.get_by_label("申请人姓名").fill("张群众")
    page.get_by_label("身份证号码").fill(ID_NUMBER)
    page.get_by_label("手机号码").fill(PHONE_NUMBER)
    page.get_by_label("住址").fill("杭州市西湖区北山街道某路1号")
    page.get_by_label("案件类别").select_option("civil")
    page.get_by_label("申请事项").select_option("LABOUR_PAY")
    page.get_by_label("简要案情").fill("公司拖欠三个月工资，希望追回。")
    page.get_by_label("家庭人口数").fill("3")
    page.get_by_label("家庭人均月收入（元）").fill("1500")
    page.get_by_test_id("precheck-button").click()
    result = page.get_by_test_id("precheck-result")
    page.wait_for_function(
        "() => (document.querySelector('[data-testid=precheck-result]') || {}).innerText?.includes('符合法律援助条件')"
    )
    assert "法律援助法" in result.inner_text()
    _portal_ok(page, screenshot, "2-legal-aid-precheck")
    page.get_by_test_id("submit").click()
    page.wait_for_load_state("networkidle")
    number = page.get_by_test_id("number").inner_text().strip()
    submission = Submission.objects.get(number=number)
    case = submission.case
    assert case.kind == "legal_aid" and case.channel == "online" and case.org_unit.code == "330106-FYZX"
    page.get_by_test_id("upload-link").click()
    page.get_by_label("选择文件").set_input_files(
        {"name": "工资条.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}
    )
    page.get_by_test_id("upload").click()
    page.wait_for_load_state("networkidle")
    assert "工资条.jpg" in page.get_by_test_id("added").inner_text()
    _portal_ok(page, screenshot, "3-legal-aid-uploaded")

    # The centre: the online application in its worklist, marked, with the photo; 决定给予法律援助.
    staff_context, staff = _staff(browser, live_server)
    _login(staff, "fayuan_portal")
    staff.goto("/cases/legal_aid/")
    row = staff.get_by_test_id("worklist").locator("tbody tr").filter(has_text="网上申请")
    assert row.count() == 1
    row.get_by_role("link").first.click()
    assert "工资条.jpg" in staff.content()
    sent_before = _last_sms_id()
    _do(staff, "决定给予法律援助")
    assert staff.get_by_test_id("status").inner_text() == "已决定给予援助"
    screenshot(staff, "portal-4-staff-granted")

    _open_matter(page, number)
    assert page.get_by_test_id("public-status").inner_text() == "已受理，正在办理"
    texts = _sms(sent_before)
    assert len(texts) == 1 and number in texts[0] and "受理" in texts[0]
    assert ID_NUMBER not in texts[0]
    _portal_ok(page, screenshot, "5-legal-aid-accepted")

    # Assigned; the lawyer accepts and closes it.
    staff.get_by_test_id("transitions").get_by_role("link", name="指派律师").click()
    staff.get_by_test_id("lawyer-picker").get_by_role("radio", name=re.compile("^周律师")).check()
    staff.get_by_role("button", name="确认指派律师").click()
    staff.wait_for_load_state("networkidle")
    assert staff.get_by_test_id("status").inner_text() == "已指派律师"
    staff_context.close()
    staff_context, staff = _staff(browser, live_server)
    _login(staff, "lvshi_portal")
    staff.goto(f"/cases/legal_aid/{case.pk}/")
    _do(staff, "接受指派，开始承办")
    _do(
        staff,
        "办结",
        fields={"办理结果": "经劳动仲裁调解，追回工资4.2万元"},
        selects={"结案方式": "调解、和解"},
    )
    assert staff.get_by_test_id("status").inner_text() == "已办结"
    staff_context.close()

    _open_matter(page, number)
    assert page.get_by_test_id("public-status").inner_text().startswith("已办结")
    assert any("办结" in t for t in _sms(sent_before))
    _rate(page, "律师很负责")
    _portal_ok(page, screenshot, "6-legal-aid-rated")
    submission.refresh_from_db()
    assert submission.rating == "satisfied" and submission.rated_at is not None


def test_reconsideration_online_with_a_correction_answered(
    browser, live_server, phone_page, make_user, screenshot, xihu
):
    page = phone_page
    make_user(Role.RECONSIDERATION_OFFICER, "330106-FYJ", username="fuyi_portal", display_name="李复议")
    learned = today() - timedelta(days=20)

    _sign_in(page)
    page.goto("/portal/matters/reconsideration/")
    page.get_by_label("申请人姓名或单位名称").fill("张群众")
    page.get_by_label("身份证号码").fill(ID_NUMBER)
    page.get_by_label("联系电话（手机）").fill(PHONE_NUMBER)
    page.get_by_label("住址或住所").fill("杭州市西湖区北山街道某路1号")
    page.get_by_label("被申请人（作出行政行为的行政机关）").select_option(index=1)
    page.get_by_label("被申请复议的行政行为").fill("西湖区市场监督管理局2026年某号行政处罚决定")
    page.get_by_label("行为类别").select_option(index=1)
    page.get_by_label("您是怎样收到或知道这个行为的").select_option(index=1)
    page.get_by_label("收到或知道的日期").fill(learned.isoformat())
    page.get_by_label("行政复议请求").fill("请求撤销该处罚决定。")
    page.get_by_label("主要事实和理由").fill("处罚认定事实不清，罚款金额明显不当。")
    _portal_ok(page, screenshot, "7-reconsideration-form")
    page.get_by_test_id("submit").click()
    page.wait_for_load_state("networkidle")
    screenshot(page, "portal-7b-reconsideration-submitted")
    number = page.get_by_test_id("number").inner_text().strip()
    case = Case.objects.get(portal_submission__number=number)
    assert case.kind == "reconsideration" and case.org_unit.code == "330106-FYJ"

    staff_context, staff = _staff(browser, live_server)
    _login(staff, "fuyi_portal")
    staff.goto(f"/cases/reconsideration/{case.pk}/")
    sent_before = _last_sms_id()
    _do(
        staff,
        "通知补正",
        fields={
            "需要补正的全部事项": "请补充行政处罚决定书复印件",
            "申请人收到补正通知日期": today().isoformat(),
        },
    )
    assert staff.get_by_test_id("status").inner_text() == "补正中"

    _open_matter(page, number)
    assert "需补充材料" in page.get_by_test_id("public-status").inner_text()
    assert "请补充行政处罚决定书复印件" in page.get_by_test_id("timeline").inner_text()
    assert any(number in t and "补" in t for t in _sms(sent_before))
    _portal_ok(page, screenshot, "8-reconsideration-correction")
    page.get_by_label("请写明您补充的内容").fill("处罚决定书复印件已拍照上传")
    page.get_by_role("button", name="提交补充材料").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("public-status").inner_text() == "已收到，等待受理审查"
    _portal_ok(page, screenshot, "9-reconsideration-answered")

    staff.reload()
    assert staff.get_by_test_id("status").inner_text() == "受理审查中"
    assert "处罚决定书复印件已拍照上传" in staff.content()
    _do(staff, "受理", selects={"审理程序": "普通程序"})
    _open_matter(page, number)
    assert page.get_by_test_id("public-status").inner_text() == "已受理，正在办理"
    _do(staff, "发送申请书副本", fields={"被申请人收到副本日期": today().isoformat()})
    _do(staff, "收到被申请人答复", fields={"情况摘要": "被申请人坚持原处罚"})
    _do(
        staff,
        "作出行政复议决定",
        fields={"决定要旨": "被申请人未提交作出处罚的证据、依据，撤销该处罚决定"},
        selects={
            "决定类型": "撤销或者部分撤销（第六十四条）",  # no evidence: art. 70
            "听取当事人意见（普通程序，第四十九条）": "已当面或者通过互联网、电话等方式听取当事人意见",
            "决定的审批（第六十一条）": "经行政复议机关负责人同意",
        },
    )
    screenshot(staff, "portal-9b-staff-decided")
    assert staff.get_by_test_id("status").inner_text() == "已作出决定"
    staff_context.close()

    _open_matter(page, number)
    assert page.get_by_test_id("public-status").inner_text().startswith("已办结")
    _rate(page, "补正一次说清楚，办得快")
    _portal_ok(page, screenshot, "10-reconsideration-rated")
