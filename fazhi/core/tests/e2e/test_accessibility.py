"""Accessibility of the workbench, checked by axe-core (npm, node_modules; never downloaded by a
test) in Chromium: no colour-contrast failures on the pages a user meets first, a skip-to-content
link as the first stop of the keyboard, and a visible focus ring."""

from pathlib import Path

import pytest

from fazhi.core.roles import Role

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parents[4] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def page(browser, live_server):
    """The pages as users get them, except that the test may inject axe-core: the site's
    Content-Security-Policy refuses any script it did not send (bypass_csp is the test's, only)."""
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 1366, "height": 860}, base_url=live_server.url, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def contrast_failures(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => (await axe.run(document, {runOnly: {type: 'rule', values: ['color-contrast']}})).violations"
    )
    return [
        f"{v['id']}: {n['target']} {n['any'][0]['message'] if n['any'] else ''}"
        for v in result
        for n in v["nodes"]
    ]


def test_contrast_skip_link_and_focus(page, login, make_user, xihu):
    make_user(Role.MEDIATOR, "330106002-TWH", username="tiaojie", display_name="郑调解")
    login("tiaojie")
    for url in ("/", "/cases/mediation/", "/registers/mediators/"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert contrast_failures(page) == [], url
    # the first Tab stop skips the menu and lands on the page's content
    page.goto("/cases/mediation/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "跳到正文" and skip.is_visible()
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline not in ("", "none")
    skip.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
