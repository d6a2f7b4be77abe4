"""Issue 15.2 in Chromium: the system administrator onboards 淳安县 through 组织机构 › 接入新的区县,
with a user sheet, and reads the counts and the new user's initial password once."""

import pytest

from fazhi.core.demo_accounts import admin_group
from fazhi.core.models import OrgUnit, User
from fazhi.core.roles import Role

pytestmark = pytest.mark.e2e


def test_onboarding_a_county_in_the_browser(page, login, make_user, screenshot, tmp_path):
    admin = make_user(Role.ADMIN, username="onboard_admin", is_staff=True)
    admin.groups.add(admin_group())
    sheet = tmp_path / "users.csv"
    sheet.write_text(
        "用户名,姓名,手机,角色,单位\nca_ls,赵调解,13900000003,人民调解员,里商乡人民调解委员会\n",
        encoding="utf-8",
    )
    login("onboard_admin")
    page.goto("/admin/core/orgunit/")
    page.get_by_test_id("onboard-link").click()
    page.get_by_label("县级区划代码").fill("330127")
    page.get_by_role("button", name="预览").click()
    assert "将生成 804 个单位" in page.get_by_test_id("onboard-preview").inner_text()
    page.get_by_label("县级区划代码").fill("330127")
    page.get_by_label("用户表（xlsx 或 csv，可选）").set_input_files(str(sheet))
    page.get_by_role("button", name="执行接入").click()
    result = page.get_by_test_id("onboard-result").inner_text()
    assert "组织机构：新增 804，保留 0" in result and "用户：新增 1" in result
    password = page.get_by_test_id("onboard-passwords").locator("code").inner_text()
    screenshot(page, "admin-onboard")
    assert User.objects.get(username="ca_ls").check_password(password)
    assert OrgUnit.objects.get(code="330127200").kind == "township"
