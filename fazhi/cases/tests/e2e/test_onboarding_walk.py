"""Issue 15 acceptance in Chromium: the system administrator onboards 桐庐县 (330122, not Xihu)
from the shipped division data through 组织机构 › 接入新的区县, with the county's department file
and user sheet (a background job whose page follows it), and reads the new clerks' initial
passwords once; each clerk logs in with it and
imports one ledger per case line — upload → 列对应 → 试导入 → 按此结果正式导入 — and the cases land
in 桐庐县 only (a Xihu clerk of the same line sees none of them)."""

import pytest

from fazhi.cases import selectors
from fazhi.cases.ledger_aliases import ensure_defaults
from fazhi.cases.models import Case, LedgerAlias
from fazhi.cases.tests import onboarded
from fazhi.core.demo_accounts import admin_group
from fazhi.core.models import OrgUnit
from fazhi.core.roles import Role

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def _onboard(page, login, screenshot, tmp_path) -> dict[str, str]:
    """The admin page, on a phone first (preview), then on the desktop (the run); the passwords."""
    departments = onboarded.save(tmp_path, "部门.csv", onboarded.DEPARTMENTS_CSV)
    users = onboarded.save(tmp_path, "用户.csv", onboarded.USERS_CSV)
    login("tl_admin")
    page.set_viewport_size(PHONE)
    page.goto("/admin/core/orgunit/")
    page.get_by_test_id("onboard-link").click()
    page.get_by_label("县级区划代码").fill(onboarded.COUNTY)
    page.get_by_label("部门文件（CSV，可选）").set_input_files(str(departments))
    page.get_by_role("button", name="预览").click()
    preview = page.get_by_test_id("onboard-preview").inner_text()
    assert "桐庐县" in preview and "其中已存在 0 个" in preview
    screenshot(page, "walk-0-onboard-preview-phone")
    page.set_viewport_size({"width": 1366, "height": 860})
    page.get_by_label("县级区划代码").fill(onboarded.COUNTY)
    page.get_by_label("部门文件（CSV，可选）").set_input_files(str(departments))
    page.get_by_label("用户表（xlsx 或 csv，可选）").set_input_files(str(users))
    page.get_by_role("button", name="执行接入").click()
    result = page.get_by_test_id("onboard-result")
    result.wait_for()
    text = result.inner_text()
    assert "组织机构：新增" in text and "用户：新增 2" in text and "角色授权：新增 4" in text
    rows = page.get_by_test_id("onboard-passwords").locator("tbody tr")
    passwords = {}
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td")
        passwords[cells.nth(0).inner_text().strip()] = cells.nth(1).inner_text().strip()
    screenshot(page, "walk-1-onboard-result")
    page.set_viewport_size(PHONE)
    screenshot(page, "walk-1-onboard-result-phone")
    page.set_viewport_size({"width": 1366, "height": 860})
    assert set(passwords) == {"tl_tiaojie", "tl_fazhi"}
    page.reload()  # shown once: not again, and not stored in clear
    assert page.get_by_test_id("onboard-passwords-gone").is_visible()
    assert passwords["tl_fazhi"] not in page.content()
    return passwords


def _import(page, screenshot, kind: str, spec: dict, tmp_path) -> None:
    path = onboarded.save(tmp_path, f"{kind}台账.xlsx", onboarded.workbook(spec["rows"]))
    page.goto(f"/cases/{kind}/import/")
    assert page.get_by_label("先试导入", exact=False).is_checked()
    page.set_input_files("#file", str(path))
    page.get_by_role("button", name="开始导入").click()
    page.wait_for_load_state("networkidle")
    assert "核对列对应" in page.get_by_role("heading", level=1).inner_text()
    assert "表头在第 2 行" in page.content()
    assert onboarded.ID_NUMBER not in page.content()  # examples of personal data are masked
    for header, column in spec["choose"].items():
        select = page.get_by_label(header, exact=True)
        if column:
            select.select_option(label=f"{column}（必填）" if column == "被告" else column)
        else:
            select.select_option(label="（忽略此列，不导入）")
    screenshot(page, f"walk-2-{kind}-mapping")
    page.get_by_role("button", name="确认并试导入").click()
    page.wait_for_load_state("networkidle")
    summary = page.get_by_test_id("import-summary")
    summary.get_by_text("未写入任何数据").wait_for()
    n = len(spec["numbers"])
    assert f"将新增 {n} 件" in summary.inner_text() and "有误 0 处" in summary.inner_text()
    assert not Case.objects.filter(kind=kind).exists()
    screenshot(page, f"walk-3-{kind}-dry-run")
    page.get_by_test_id("confirm-import").click()
    page.wait_for_load_state("networkidle")
    page.get_by_text(f"新增 {n}，").wait_for()
    screenshot(page, f"walk-4-{kind}-imported")


def test_onboard_a_county_and_import_its_ledgers_in_the_browser(
    page, login, make_user, screenshot, tmp_path, settings, xihu
):
    settings.MEDIA_ROOT = tmp_path
    ensure_defaults(LedgerAlias)
    admin = make_user(Role.ADMIN, username="tl_admin", is_staff=True)
    admin.groups.add(admin_group())
    passwords = _onboard(page, login, screenshot, tmp_path)
    county = OrgUnit.objects.get(code=onboarded.COUNTY)

    clerk = ""
    for kind, spec in onboarded.LEDGERS.items():
        if spec["user"] != clerk:
            clerk = spec["user"]
            page.context.clear_cookies()
            login(clerk, passwords[clerk])
            assert "/login" not in page.url  # the initial password works
        _import(page, screenshot, kind, spec, tmp_path)
        cases = Case.objects.filter(kind=kind)
        assert sorted(cases.values_list("number", flat=True)) == sorted(spec["numbers"])
        assert all(c.org_path.startswith(county.path) for c in cases)

    # The worklist of a 桐庐 clerk lists them; a Xihu clerk of the same line sees none.
    page.goto("/cases/litigation/")
    assert "（2024）浙0122行初1号" in page.content()
    screenshot(page, "walk-5-worklist")
    for kind, role in (("mediation", Role.JUSTICE_OFFICE_STAFF), ("litigation", Role.LITIGATION_OFFICER)):
        assert not selectors.cases_for(make_user(role, "330106"), kind=kind).exists()
