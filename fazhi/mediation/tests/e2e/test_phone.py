"""A mediator in the field, on a phone (390×844): the worklist, the register of mediators and a
case page fit the screen (no sideways scrolling), each row of a list reads as a card of labelled
lines, and the filters fold under 筛选条件."""

import pytest

from fazhi.core.roles import Role

pytestmark = pytest.mark.e2e


def test_the_workbench_fits_a_phone(page, login, make_user, new_mediation, screenshot, xihu):
    mediator = make_user(
        Role.MEDIATOR, "330106002-TWH", username="tiaojie", display_name="北山街道人民调解委员会 郑调解"
    )
    case = new_mediation(mediator, title="楼上漏水致楼下天花板受损，双方就维修费用分担产生争议")
    page.set_viewport_size({"width": 390, "height": 844})
    login("tiaojie")
    for url in ("/cases/mediation/", f"/cases/mediation/{case.pk}/", "/registers/mediators/"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (url, width)
        # the top bar: 退出登录 within the screen, the user's name on one line
        logout = page.get_by_role("button", name="退出登录").bounding_box()
        assert logout["x"] + logout["width"] <= 390, (url, logout)
        name = page.get_by_test_id("current-user").bounding_box()
        assert name["height"] < 30, (url, name)
    page.goto("/cases/mediation/")
    assert not page.get_by_test_id("filters").is_visible()  # folded on a phone
    page.get_by_text("筛选条件").click()
    assert page.get_by_test_id("filters").is_visible()
    cell = page.get_by_test_id("worklist").locator("tbody tr").first.locator("td[data-label=收到日期]")
    label = cell.evaluate("td => getComputedStyle(td, '::before').content")
    assert "收到日期" in label and cell.evaluate("td => getComputedStyle(td).display") == "block"
    screenshot(page, "phone-mediation-worklist")


def test_the_phone_menu_shows_the_page_s_own_item(page, login, make_user, xihu):
    """The menu is a sideways strip on a phone; a page far along it (a leader's 法律服务指引牌) has
    its item scrolled into view."""
    make_user(Role.LEADER, "330106", username="juzhang")
    page.set_viewport_size({"width": 390, "height": 844})
    login("juzhang")
    page.goto("/registers/signposts/")
    page.wait_for_load_state("networkidle")
    item = page.locator(".fz-sidenav .fz-nav-link.active")
    box = item.bounding_box()
    assert "法律服务指引牌" in item.inner_text()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
