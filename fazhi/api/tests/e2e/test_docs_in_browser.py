"""The API docs page in Chromium: it renders from this server alone (no request leaves it), and a
logged-in user can try an endpoint with their session."""

import pytest

from fazhi.core.roles import Role

pytestmark = pytest.mark.e2e


def test_the_docs_render_offline_and_try_it_out_uses_the_session(
    page, live_server, login, make_user, screenshot
):
    make_user(Role.MEDIATOR, "330106002-TWH", username="tiaojie_beishan", display_name="郑调解")
    login("tiaojie_beishan")
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/api/docs")
    page.locator(".swagger-ui .info .title").wait_for()
    assert "法治平台数据接口" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.locator(".opblock-tag", has_text="人民调解").first.is_visible()

    me = page.locator(".opblock-get", has_text="/api/me")
    me.locator(".opblock-summary").click()
    me.get_by_role("button", name="Try it out").click()
    me.get_by_role("button", name="Execute").click()
    body = me.locator(".responses-wrapper .live-responses-table .response-col_description pre").first
    body.wait_for()
    assert '"username": "tiaojie_beishan"' in body.inner_text() and '"auth": "session"' in body.inner_text()

    shot = screenshot(page, "api-docs")  # the whole page: every line's endpoints
    assert shot.stat().st_size > 20_000
    folder = shot.parent
    me.screenshot(path=str(folder / "api-docs-try-it-out.png"))
    me.locator(".opblock-summary").click()  # fold it again: the top of the page as a reader sees it
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(folder / "api-docs-top.png"))
    outside = [
        url for url in requested if not url.startswith(live_server.url) and not url.startswith("data:")
    ]
    assert outside == []


def test_an_admin_issues_a_token_that_is_shown_once_and_works(page, login, make_user, screenshot):
    make_user(Role.ADMIN, username="admin1", display_name="系统管理员甲", is_staff=True, is_superuser=True)
    login("admin1")
    page.goto("/admin/api/apitoken/add/")
    # a token acts as its user: the form offers the signed-in user, and refuses another
    assert "系统管理员甲" in page.locator(".field-user").inner_text()
    page.get_by_label("用途").fill("市矛盾纠纷调处平台")
    page.get_by_role("button", name="保存", exact=True).click()
    secret = page.get_by_test_id("token-secret").input_value()
    assert secret.startswith("fzt_") and "只显示这一次" in page.content()
    screenshot(page, "api-token-issued")
    me = page.request.get("/api/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.status == 200 and me.json()["username"] == "admin1"
    page.goto("/admin/api/apitoken/")
    assert "市矛盾纠纷调处平台" in page.content() and secret not in page.content()
