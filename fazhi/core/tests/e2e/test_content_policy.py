"""The site's Content-Security-Policy in a real browser: the pages' own scripts (htmx, ECharts, the
nonce-marked blocks, fazhi.js behaviours) run, and the browser reports no violation."""

import pytest

from fazhi.core.roles import Role

pytestmark = pytest.mark.e2e


def test_pages_run_their_scripts_under_the_policy(page, login, make_user, xihu):
    make_user(Role.LEADER, "330106", username="lingdao_csp", display_name="局领导")
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: violations.append(str(e)))
    login("lingdao_csp")
    for url in ("/", "/cases/mediation/", "/indicators/?year=2024", "/registers/mediators/"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
    # the dashboard's nonce-marked block drew its charts (ECharts puts a canvas in each)
    page.goto("/indicators/?year=2024")
    page.wait_for_load_state("networkidle")
    assert page.locator("canvas").count() >= 1
    # fazhi.js: the page-size select submits its form (no inline onchange any more)
    page.goto("/cases/mediation/")
    size = page.locator("select[data-fz-autosubmit]")
    if size.count():
        with page.expect_navigation():
            size.select_option("50")
        assert "size=50" in page.url
    assert violations == []
