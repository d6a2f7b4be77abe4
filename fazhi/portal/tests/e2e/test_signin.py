"""Portal sign-in in Chromium (issue 18): on a 390×844 phone a visitor signs in with a code read
from the SMS outbox, turns large-text mode on, reloads, signs out; keyboard only on a desktop; an
enterprise's errors next to the fields. axe-core (WCAG 2.1 AA) on every page and state met."""

from __future__ import annotations

import re

import pytest

from fazhi.core.roles import Role
from fazhi.law.validators import uscc_checksum
from fazhi.portal.models import PublicAccount
from fazhi.portal.tests.e2e.conftest import PHONE, axe_violations, sms_code

pytestmark = pytest.mark.e2e

NUMBER = "13900001111"


def outbox_code(phone: str = NUMBER) -> str:
    return sms_code(phone)  # on the "phone": the outbox keeps a delivered code starred out


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_a_visitor_signs_in_on_a_phone_uses_large_text_and_signs_out(phone_page, shot, xihu):
    page = phone_page
    page.goto("/portal/")
    assert page.get_by_test_id("hotline").get_attribute("href") == "tel:12348"
    assert page.get_by_test_id("hotline").is_visible()
    banner = page.get_by_role("banner")
    assert (
        "登录" in banner.inner_text()
        and banner.get_by_role("link", name="拨打法律咨询热线 12348").count() == 1
    )
    assert "杭州市西湖区" in page.get_by_test_id("portal-brand").inner_text()
    assert axe_violations(page) == [] and no_sideways_scroll(page)
    shot(page, "phone-1-home-signed-out")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # the visitor's home is long
    page.wait_for_function("window.scrollY > 200")
    assert page.evaluate("document.querySelector('[data-testid=hotline]').getBoundingClientRect().top") >= 0
    assert (
        page.evaluate("document.querySelector('[data-testid=hotline]').getBoundingClientRect().bottom") < 100
    )
    page.evaluate("window.scrollTo(0, 0)")

    page.get_by_role("link", name="登录", exact=True).click()
    page.get_by_label("手机号码").fill("1390000111")  # one digit short
    page.get_by_role("button", name="获取验证码").click()
    assert "11位" in page.get_by_test_id("phone-error").inner_text()
    assert axe_violations(page) == [] and no_sideways_scroll(page)
    shot(page, "phone-2-signin-error")

    page.get_by_label("手机号码").fill(NUMBER)
    page.get_by_role("button", name="获取验证码").click()
    assert "139****1111" in page.get_by_test_id("code-sent").inner_text()
    assert axe_violations(page) == []
    shot(page, "phone-3-code")
    page.get_by_label("短信验证码").fill(outbox_code())
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url("**/portal/")
    assert page.get_by_test_id("current-user").inner_text() == "139****1111"
    assert axe_violations(page) == [] and no_sideways_scroll(page)
    shot(page, "phone-4-home-signed-in")

    normal = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('main h1, main h2')).fontSize)"
    )
    tap = page.get_by_test_id("large-text").bounding_box()["height"]
    page.get_by_test_id("large-text").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("large-text").get_attribute("aria-pressed") == "true"
    page.reload()
    assert page.evaluate("document.documentElement.classList.contains('pt-large')")
    large = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main h1, main h2')).fontSize)")
    assert large >= normal * 1.2 and page.get_by_test_id("large-text").bounding_box()["height"] >= tap * 1.2
    assert PublicAccount.objects.get().large_text
    assert axe_violations(page) == [] and no_sideways_scroll(page)
    shot(page, "phone-5-home-large-text")

    page.get_by_test_id("signout").click()
    page.wait_for_url("**/portal/")
    assert page.get_by_test_id("signin-link").is_visible()
    assert page.get_by_test_id("visitor-home").is_visible()
    assert axe_violations(page) == [] and no_sideways_scroll(page)
    shot(page, "phone-6-signed-out-large-text")


def test_keyboard_only_sign_in(desktop_page, shot, xihu):
    page = desktop_page
    page.goto("/portal/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "跳到正文" and skip.is_visible()
    # Tab to 登录 in the menu, Enter.
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "登录":
            break
    focused = page.locator(":focus")
    assert focused.evaluate("el => getComputedStyle(el).outlineStyle") not in ("", "none")
    page.keyboard.press("Enter")
    page.wait_for_url("**/portal/signin/**")
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "f-phone":
            break
    assert page.evaluate("document.activeElement.id") == "f-phone"
    assert page.locator(":focus").evaluate("el => getComputedStyle(el).outlineStyle") not in ("", "none")
    page.keyboard.type(NUMBER)
    page.keyboard.press("Enter")
    page.wait_for_url("**step=code**")
    assert page.evaluate("document.activeElement.id") == "f-code"  # the code field takes the focus
    page.keyboard.type(outbox_code())
    page.keyboard.press("Enter")
    page.wait_for_url("**/portal/")
    assert page.get_by_test_id("current-user").inner_text() == "139****1111"
    shot(page, "desktop-1-signed-in-by-keyboard")


def test_an_enterprise_signs_in_after_fixing_its_uscc(desktop_page, shot, xihu):
    page = desktop_page
    body = "91330106MA2H00000"
    uscc = body + uscc_checksum(body)
    page.goto("/portal/signin/")
    page.get_by_role("link", name="企业登录").click()
    assert axe_violations(page) == []
    page.get_by_label("统一社会信用代码").fill(uscc[:-1] + ("0" if uscc[-1] != "0" else "1"))
    page.get_by_label("联系人手机号码").fill(NUMBER)
    page.get_by_role("button", name="获取验证码").click()
    assert (
        "校验码" in page.get_by_test_id("uscc-error").inner_text()
        or page.get_by_test_id("uscc-error").is_visible()
    )
    assert page.get_by_test_id("contact_name-error").is_visible()
    assert axe_violations(page) == []
    shot(page, "desktop-2-enterprise-errors")
    page.get_by_label("统一社会信用代码").fill(uscc)
    page.get_by_label("企业名称（选填）").fill("西湖测试科技有限公司")
    page.get_by_label("联系人姓名").fill("李联系")
    page.get_by_role("button", name="获取验证码").click()
    page.get_by_label("短信验证码").fill(outbox_code())
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url("**/portal/")
    assert "西湖测试科技有限公司" in page.get_by_test_id("current-user").inner_text()
    assert axe_violations(page) == []
    shot(page, "desktop-3-enterprise-home")


def test_a_staff_account_is_told_politely(phone_page, make_user, shot, xihu):
    page = phone_page
    make_user(Role.LEADER, username="leader_p")
    page.goto("/login/")
    page.get_by_label("用户名").fill("leader_p")
    page.get_by_label("密码").fill("pw-Fazhi-test-1")
    page.get_by_role("button", name="登录").click()
    page.goto("/portal/signin/")
    assert "不会被当作群众使用" in page.content()
    assert axe_violations(page) == [] and no_sideways_scroll(page)
    shot(page, "phone-7-staff-notice")


def test_the_challenge_is_answered_by_keyboard(phone_page, shot, xihu, settings):
    from fazhi.portal import throttle

    page = phone_page
    limit, window = throttle.rule("challenge_failures")
    for _ in range(limit):
        throttle.increment(throttle.key("fail:ip", "127.0.0.1"), window)
    page.goto("/portal/signin/")
    question = page.get_by_test_id("challenge-question").inner_text()
    a, b = map(int, re.findall(r"\d+", question))
    page.get_by_label("手机号码").fill(NUMBER)
    page.get_by_label(re.compile("请计算")).fill(str(a + b))
    assert axe_violations(page) == [] and no_sideways_scroll(page)
    shot(page, "phone-8-challenge")
    page.get_by_label(re.compile("请计算")).press("Enter")
    page.wait_for_url("**step=code**")
    assert page.viewport_size == PHONE
