"""The three acceptance questions of issue 19 asked on the portal's chat panel in Chromium on a
390×844 phone (htmx appends each answer): each cites real articles of laws.db, routes to the right
service with a link that opens the portal's form, and the one with a date shows its period. Then
the workbench panel on a desktop, feedback, and the panel without JavaScript. axe-core (WCAG 2.1
A/AA) is clean; screenshots in /tmp/h1-shots/ (looked at)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from fazhi.assistant.models import Feedback, Question
from fazhi.assistant.tests.conftest import article_exists
from fazhi.core.roles import Role

pytestmark = pytest.mark.e2e
AXE = Path(__file__).resolve().parents[4] / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path("/tmp/h1-shots")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 860}
QUESTIONS = (
    # question, route, its button's words, the form's heading, a law it must cite, the period
    ("公司拖欠工资三个月怎么办", "labour", "劳动争议调解", "人民调解申请", "中华人民共和国劳动法", None),
    (
        "对区市场监管局的罚款不服怎么办（2025年10月1日收到决定书）",
        "reconsideration",
        "申请行政复议",
        "行政复议申请",
        "中华人民共和国行政复议法",
        "行政复议申请期限 60 日，自知道或者应当知道该行政行为之日起计算 — 截至 2025-12-01",
    ),
    (
        "老人没钱打官司能不能申请法律援助",
        "legal_aid",
        "申请法律援助",
        "法律援助申请",
        "中华人民共和国法律援助法",
        None,
    ),
)


def _context(browser, live_server, viewport, **kw):
    context = browser.new_context(
        locale="zh-CN",
        viewport=viewport,
        base_url=live_server.url,
        bypass_csp=True,  # only to inject axe-core: the site's CSP refuses scripts it did not send
        has_touch=viewport == PHONE,
        is_mobile=viewport == PHONE,
        **kw,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def axe_violations(page, within: str = "main") -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async ([within]) => (await axe.run({include: [within]}, {runOnly: {type: 'tag',"
        " values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations",
        [within],
    )
    return [f"{v['id']}: {n['target']} {v['help']}" for v in result for n in v["nodes"]]


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def ask(page, question: str, n: int):
    page.get_by_label("您的问题").fill(question)
    page.get_by_role("button", name="提问").click()
    exchanges = page.get_by_test_id("exchange")
    exchanges.nth(n).wait_for()
    return exchanges.nth(n)


@pytest.fixture
def phone(browser, live_server):
    context, page = _context(browser, live_server, PHONE, device_scale_factor=2)
    yield page
    context.close()


def test_the_three_acceptance_questions_on_a_phone(phone, live_server, make_user, xihu):
    page = phone
    sign_in(page, live_server, make_user(Role.PUBLIC, username="zhushou-citizen"))
    page.goto("/portal/")
    page.get_by_test_id("assistant-link").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="法律助手").is_visible()
    assert page.get_by_test_id("assistant-log").get_attribute("aria-live") == "polite"
    assert axe_violations(page) == []

    for n, (question, route, button, _heading, law, period) in enumerate(QUESTIONS):
        exchange = ask(page, question, n)
        assert page.get_by_label("您的问题").input_value() == ""  # a fresh form for the next question
        assert exchange.get_by_test_id("route").get_attribute("data-route") == route
        cited = exchange.get_by_test_id("article")
        assert cited.count() >= 1
        keys = [cited.nth(i).get_attribute("data-key") for i in range(cited.count())]
        laws = {k.split(":")[1] for k in keys}
        assert law in laws, keys
        assert all(article_exists(k.split(":")[1], k.split(":")[2]) for k in keys)  # real articles
        periods = exchange.get_by_test_id("period")
        if period:
            assert periods.first.inner_text().startswith(period)
        else:
            assert periods.count() == 0
        assert exchange.get_by_test_id("route-link").inner_text().startswith(button)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert axe_violations(page) == []
    shot(page, "assistant-phone")
    exchange = page.get_by_test_id("exchange").nth(1)
    exchange.get_by_test_id("route-link").scroll_into_view_if_needed()
    shot(page, "assistant-phone-reconsideration")

    # 没帮助 on the first answer: recorded in place.
    first = page.get_by_test_id("exchange").first
    first.get_by_test_id("unhelpful").click()
    first.get_by_text("感谢您的评价").wait_for()
    assert Question.objects.filter(feedback=Feedback.UNHELPFUL).count() == 1

    # Each route's link opens the portal's form of that matter.
    for n, (_q, _route, _button, heading, _law, _period) in enumerate(QUESTIONS):
        page.get_by_test_id("exchange").nth(n).get_by_test_id("route-link").click()
        page.wait_for_load_state("networkidle")
        assert page.get_by_role("heading", level=1).inner_text() == heading
        page.go_back()
        page.wait_for_load_state("networkidle")
        if page.get_by_test_id("exchange").count() <= n:  # a browser that does not keep the page
            break
    logged = list(Question.objects.order_by("pk").values_list("channel", "route", "answered"))
    assert logged == [
        ("portal", "labour", True),
        ("portal", "reconsideration", True),
        ("portal", "legal_aid", True),
    ]


def test_the_panel_without_javascript_and_the_workbench_on_a_desktop(browser, live_server, make_user, xihu):
    context, page = _context(browser, live_server, PHONE, java_script_enabled=False)
    page.goto("/portal/assistant/")
    page.get_by_label("您的问题").fill(QUESTIONS[2][0])
    page.get_by_role("button", name="提问").click()
    page.wait_for_load_state("load")
    assert page.get_by_test_id("route").get_attribute("data-route") == "legal_aid"
    assert page.get_by_test_id("article").count() >= 1
    context.close()

    context, page = _context(browser, live_server, DESKTOP)
    sign_in(page, live_server, make_user(Role.LEGAL_AID_STAFF, username="zhushou-staff"))
    page.goto("/assistant/")
    exchange = ask(page, QUESTIONS[1][0], 0)
    assert exchange.get_by_test_id("period").first.inner_text().startswith(QUESTIONS[1][5])
    assert page.get_by_role("link", name="助手知识库").first.is_visible()
    assert axe_violations(page) == []
    shot(page, "assistant-workbench")
    page.goto("/portal/assistant/")
    ask(page, QUESTIONS[0][0], 0)
    shot(page, "assistant-portal-desktop")
    context.close()
