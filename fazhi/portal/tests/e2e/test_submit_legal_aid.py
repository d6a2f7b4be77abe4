"""A citizen on a 390×844 phone: 网上办事 → 法律援助申请 with the pre-check (htmx) → submit → the
confirmation with the 查询编号 and 查询码 → upload a photo → back to the confirmation. axe-core
(WCAG 2.1 A/AA) is clean on every page; screenshots go to /tmp/h2-shots/ to be looked at."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.test import Client
from PIL import Image

from fazhi.cases.models import CaseAttachment
from fazhi.core.roles import Role
from fazhi.legal_aid.tests.conftest import ID_NUMBER
from fazhi.portal.models import Submission

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parents[4] / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path("/tmp/h2-shots")
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def phone(browser, live_server):
    """A phone-sized context; bypass_csp lets the test inject axe-core (the site's CSP refuses any
    script it did not send)."""
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


def sign_in(page, live_server, user) -> None:
    """The citizen's session, made by Django's test client and handed to the browser."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def axe_violations(page, within: str = "main") -> list[str]:
    """WCAG 2.1 A/AA violations in `within` (these pages' own content: the portal's header and
    footer belong to base.html, checked by the sign-in part's tests; `within="html"` for all)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async ([tags, within]) => (await axe.run({include: [within]},"
        " {runOnly: {type: 'tag', values: tags}})).violations",
        [WCAG_AA, within],
    )
    return [f"{v['id']}: {n['target']} {v['help']} {n['html'][:120]}" for v in result for n in v["nodes"]]


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def photo_bytes() -> bytes:
    img = Image.new("RGB", (120, 90), (30, 120, 200))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (30.0, 15.0, 7.0), 3: "E", 4: (120.0, 8.0, 1.0)}
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif)
    return buf.getvalue()


def test_a_citizen_applies_for_legal_aid_on_a_phone(phone, live_server, make_user, xihu):
    page = phone
    citizen = make_user(Role.PUBLIC, username="shouji-citizen")
    sign_in(page, live_server, citizen)

    page.goto("/portal/matters/")
    assert page.get_by_role("heading", name="网上办事").is_visible()
    assert axe_violations(page) == []
    assert no_horizontal_scroll(page)
    shot(page, "1-matters")

    page.get_by_role("link", name="法律援助申请").click()
    page.wait_for_load_state("networkidle")
    assert axe_violations(page) == []
    page.get_by_label("所在镇街").select_option(label="北山街道")
    page.get_by_label("申请人姓名").fill("张群众")
    page.get_by_label("身份证号码").fill(ID_NUMBER)
    page.get_by_label("手机号码").fill("13800138000")
    page.get_by_label("住址").fill("杭州市西湖区北山街道某路1号")
    page.get_by_label("案件类别").select_option("civil")
    page.get_by_label("申请事项").select_option("LABOUR_PAY")
    page.get_by_label("简要案情").fill("公司拖欠三个月工资，希望追回。")
    page.get_by_label("家庭人口数").fill("3")
    # A change re-runs the pre-check through htmx: the result, with its reasons, appears in place.
    page.get_by_label("家庭人均月收入（元）").fill("9000")
    page.get_by_label("家庭人均月收入（元）").blur()
    result = page.get_by_test_id("precheck-result")
    result.wait_for()
    assert "您仍然可以提出申请" in result.inner_text()
    page.get_by_label("家庭人均月收入（元）").fill("1500")
    page.get_by_label("家庭人均月收入（元）").blur()
    page.wait_for_function(
        "() => document.querySelector('[data-testid=precheck-result]').innerText.includes('符合法律援助条件')"
    )
    assert "法律援助法" in result.inner_text()
    assert axe_violations(page) == []
    assert no_horizontal_scroll(page)
    shot(page, "2-form-precheck")

    page.get_by_test_id("submit").click()
    page.wait_for_load_state("networkidle")
    number = page.get_by_test_id("number").inner_text().strip()
    code = page.get_by_test_id("track-code").inner_text().strip()
    submission = Submission.objects.get(number=number)
    assert submission.case.channel == "online" and len(code) == 6
    assert page.get_by_test_id("keep-code").is_visible()
    assert axe_violations(page) == []
    shot(page, "3-confirmation")

    page.get_by_test_id("upload-link").click()
    page.wait_for_load_state("networkidle")
    assert axe_violations(page) == []
    page.get_by_label("选择文件").set_input_files(
        {"name": "现场照片.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}
    )
    page.get_by_test_id("upload").click()
    page.wait_for_load_state("networkidle")
    assert "现场照片.jpg" in page.get_by_test_id("added").inner_text()
    stored = CaseAttachment.objects.get(case=submission.case)
    with stored.file.open("rb") as f:
        assert not Image.open(f).getexif().get_ifd(0x8825)
    assert axe_violations(page) == []
    assert no_horizontal_scroll(page)
    shot(page, "4-materials")

    page.get_by_role("link", name="返回事项").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("number").inner_text().strip() == number
    assert page.get_by_test_id("track-code").count() == 0  # the 查询码 was shown once
    assert axe_violations(page) == []
    shot(page, "5-confirmation-again")


def test_the_form_shows_errors_and_the_precheck_without_script(browser, live_server, make_user, xihu):
    """Desktop, JavaScript off: the 检查是否符合条件 button and the errors next to fields still work."""
    context = browser.new_context(
        locale="zh-CN",
        viewport={"width": 1366, "height": 860},
        base_url=live_server.url,
        java_script_enabled=False,
        bypass_csp=True,
    )
    page = context.new_page()
    sign_in(page, live_server, make_user(Role.PUBLIC))
    page.goto("/portal/matters/legal_aid/")
    page.get_by_label("案件类别").select_option("civil")
    page.get_by_label("申请事项").select_option("TRAFFIC_ACCIDENT")
    page.get_by_test_id("precheck-button").click()
    assert "您仍然可以提出申请" in page.get_by_test_id("precheck-result").inner_text()
    page.get_by_test_id("submit").click()
    assert page.get_by_test_id("error-township").is_visible()
    assert page.get_by_test_id("error-name").is_visible()
    page.get_by_label("所在镇街").select_option(label="北山街道")
    for label, value in (("申请人姓名", "张群众"), ("手机号码", "13800138000"), ("住址", "某路1号")):
        page.get_by_label(label).fill(value)
    page.get_by_label("身份证号码").fill("123")
    page.get_by_label("简要案情").fill("交通事故赔偿")
    page.get_by_test_id("submit").click()
    assert page.get_by_test_id("error-id_number").is_visible()
    assert page.get_by_test_id("form-error").is_visible()
    shot(page, "6-desktop-errors")
    context.close()
