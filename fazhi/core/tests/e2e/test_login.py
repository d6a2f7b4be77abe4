"""Logging in through the real login page in Chromium, as staff and as a public user."""

import pytest

from fazhi.core.roles import Role

pytestmark = pytest.mark.e2e


def test_staff_logs_in_and_sees_the_workbench_with_their_scope(page, login, make_user, screenshot):
    make_user(
        Role.JUSTICE_OFFICE_STAFF, "330106002", username="sfs_beishan", display_name="北山司法所 孙所长"
    )
    login("sfs_beishan")
    assert page.get_by_role("heading", name="工作台").is_visible()
    assert "北山街道（司法所工作人员）" in page.get_by_test_id("scope").inner_text()
    page.get_by_role("link", name="组织机构").click()
    table = page.get_by_test_id("org-table").inner_text()
    assert "北山司法所" in table and "三墩" not in table
    page.get_by_role("link", name="工作台").click()
    shot = screenshot(page, "staff-home")
    assert shot.stat().st_size > 10_000


def test_a_wrong_password_stays_on_the_login_page_with_a_chinese_message(page, login, make_user):
    make_user(Role.LEADER, username="leader1")
    login("leader1", "not-the-password")
    assert "/login/" in page.url
    assert "正确的用户名和密码" in page.get_by_role("alert").inner_text()


def test_public_user_lands_on_the_portal(page, login, make_user):
    make_user(Role.PUBLIC, username="qunzhong", display_name="张群众")
    login("qunzhong")
    assert "/portal/" in page.url
    assert page.get_by_test_id("current-user").inner_text() == "张群众"
