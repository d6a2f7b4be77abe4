"""The portal's tracking on a phone (390×844) in Chromium: signed out, a matter is followed by its
number and 查询码 (a wrong code gets the neutral answer); signed in, the owner answers a 补正 request
online and rates a closed matter. Every page checked by axe-core for WCAG 2.1 AA; screenshots in
/tmp/h3-shots/."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from fazhi.cases.services import case_transition, today
from fazhi.core.roles import Role
from fazhi.portal.services import submission_create
from fazhi.portal.tests.timeline_matters import declare

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parents[4] / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path("/tmp/h3-shots")
WCAG = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']"


@pytest.fixture
def phone(browser, live_server):
    """A phone-sized page (axe-core may be injected: the site's CSP is bypassed for the test only)."""
    context = browser.new_context(
        locale="zh-CN",
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        base_url=live_server.url,
        bypass_csp=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def axe_violations(page) -> list[str]:
    """WCAG 2.1 AA violations of the page's content. The shell's header (portal/base.html, the
    portal shell's part: its 退出登录 button is #6c757d on light grey, 4.4:1) is checked by the
    shell's own tests."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        f"async () => (await axe.run({{exclude: [['header']]}}, {{runOnly: {{type: 'tag', values: {WCAG}}}}})).violations"
    )
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in found]


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def sign_in(page, user, live_server) -> None:
    """The owner's session in the browser (the portal's own sign-in is tested by its part)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def test_track_signed_out_by_number_and_code(phone, live_server, make_user, monkeypatch, xihu):
    declare(monkeypatch)
    citizen = make_user(Role.PUBLIC)
    fuyi = make_user(Role.RECONSIDERATION_OFFICER, "330106-FYJ")
    s, code = submission_create(actor=citizen, matter_key="t_reconsideration", data={"name": "王申请"})
    case_transition(actor=fuyi, case=s.case, name="accept", data={"procedure": "ordinary"})

    phone.goto("/portal/track/")
    assert axe_violations(phone) == []
    phone.get_by_label("查询编号").fill(s.number)
    phone.get_by_label("查询码").fill("000000" if code != "000000" else "111111")
    phone.get_by_role("button", name="查询").click()
    assert phone.get_by_test_id("track-error").inner_text() == "编号或查询码不正确"
    shot(phone, "track-wrong-code")
    assert axe_violations(phone) == []

    phone.get_by_label("查询码").fill(code)
    phone.get_by_role("button", name="查询").click()
    assert phone.get_by_test_id("public-status").inner_text() == "已受理，正在办理"
    timeline = phone.get_by_test_id("timeline")
    assert "已收到" in timeline.inner_text() and "已受理" in timeline.inner_text()
    assert "王申请" not in phone.content()
    assert no_horizontal_scroll(phone)
    shot(phone, "track-result")
    assert axe_violations(phone) == []


def test_owner_answers_a_correction_and_rates_a_closed_matter(
    phone, live_server, make_user, monkeypatch, xihu
):
    declare(monkeypatch)
    citizen = make_user(Role.PUBLIC, display_name="张群众")
    fuyi = make_user(Role.RECONSIDERATION_OFFICER, "330106-FYJ")
    mediator = make_user(Role.MEDIATOR, "330106002-TWH")
    waiting, _ = submission_create(actor=citizen, matter_key="t_reconsideration", data={})
    case_transition(
        actor=fuyi,
        case=waiting.case,
        name="request_correction",
        data={"items": "请补充行政处罚决定书复印件及送达回证", "notice_received_on": today()},
    )
    closed, _ = submission_create(actor=citizen, matter_key="t_mediation", data={})
    case_transition(actor=mediator, case=closed.case, name="accept", data={})
    case_transition(
        actor=mediator, case=closed.case, name="agree", data={"agreement_form": "oral", "content": "赔偿"}
    )

    sign_in(phone, citizen, live_server)
    phone.goto("/portal/")
    cards = phone.get_by_test_id("my-matter")
    assert cards.count() == 2 and "需补充材料" in phone.get_by_test_id("my-submissions").inner_text()
    assert no_horizontal_scroll(phone)
    shot(phone, "my-matters")
    assert axe_violations(phone) == []

    phone.get_by_role("link", name="行政复议申请").click()
    assert "请补充行政处罚决定书复印件" in phone.get_by_test_id("timeline").inner_text()
    shot(phone, "matter-correction")
    assert axe_violations(phone) == []
    phone.get_by_role("button", name="提交补充材料").click()  # empty: the browser's own check first
    phone.get_by_label("请写明您补充的内容").fill("决定书复印件和送达回证已拍照，见上传的材料")
    phone.get_by_role("button", name="提交补充材料").click()
    assert "补充材料已提交" in phone.get_by_test_id("flash").inner_text()
    assert phone.get_by_test_id("public-status").inner_text() == "已收到，等待受理审查"
    assert phone.get_by_test_id("answer").count() == 0
    shot(phone, "matter-answered")
    waiting.case.refresh_from_db()
    assert waiting.case.status == "received"

    phone.goto(f"/portal/matter/{closed.number}/")
    assert phone.get_by_test_id("public-status").inner_text() == "已办结：调解成功"
    assert axe_violations(phone) == []
    phone.get_by_role("button", name="提交评价").click()
    assert "请选择满意" in phone.content()  # said next to the choice
    assert axe_violations(phone) == []
    phone.get_by_label("满意", exact=True).check()
    phone.get_by_label("意见和建议").fill("调解员很耐心")
    phone.get_by_role("button", name="提交评价").click()
    assert "您的评价：满意" in phone.get_by_test_id("rated").inner_text()
    shot(phone, "matter-rated")
    closed.refresh_from_db()
    assert closed.rating == "satisfied" and closed.rating_comment == "调解员很耐心"
