"""The legal-aid lawyer pool as a register, in Chromium: recruit (the ≥ 3-year condition explained
next to the field), edit, 移出律师库 after a confirmation, import a sheet with one bad row (试导入
first, then 正式导入; its row, column and reason shown), export (the download opened with openpyxl); desktop and phone."""

import io
import re
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from fazhi.core.roles import Role
from fazhi.legal_aid.models import LegalAidLawyer

pytestmark = pytest.mark.e2e


def field(page, label: str):
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def sheet(path):
    wb = Workbook()
    for row in (
        ["姓名", "执业机构", "执业证号", "首次执业日期", "加入律师库日期", "所属法律援助机构"],
        ["王导入", "浙江钱塘律师事务所", "", "2010年5月1日", "2024-03-01", "西湖区法律援助中心"],
        ["赵新人", "浙江钱塘律师事务所", "", "2023-01-01", "2024-03-01", "西湖区法律援助中心"],
    ):
        wb.active.append(row)
    wb.save(path)
    return path


def test_lawyer_pool_register(page, login, make_user, screenshot, xihu, tmp_path):
    make_user(Role.LEGAL_AID_STAFF, "330106", username="fayuan_rec", display_name="法援中心 陈法援")
    login("fayuan_rec")
    page.get_by_role("navigation", name="导航").get_by_role("link", name="法律援助律师库").click()
    page.get_by_role("link", name="新增律师").click()
    form = page.get_by_test_id("register-form")
    field(form, "姓名").fill("李新")
    field(form, "执业机构").fill("浙江之江律师事务所")
    field(form, "首次执业日期").fill("2023-01-05")
    field(form, "加入律师库日期").fill("2024-02-01")
    form.get_by_role("button", name="保存").click()
    assert "招募执业3年以上的律师" in page.get_by_test_id("error-licensed_on").inner_text()
    screenshot(page, "register-1-lawyer-error")
    field(page.get_by_test_id("register-form"), "首次执业日期").fill("2016-04-01")
    page.get_by_test_id("register-form").get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert "李新" in page.get_by_role("heading", level=1).inner_text()

    page.get_by_role("link", name="编辑").click()
    field(page.get_by_test_id("register-form"), "执业机构").fill("浙江西湖律师事务所")
    page.get_by_test_id("register-form").get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert "浙江西湖律师事务所" in page.get_by_test_id("record-fields").inner_text()
    assert "修改：执业机构" in page.get_by_test_id("history").inner_text()

    # 移出律师库 asks first.
    page.get_by_role("button", name="移出律师库").click()
    confirm = page.get_by_test_id("retire-confirm")
    assert "确定将李新（浙江西湖律师事务所）移出法律援助律师库吗" in confirm.inner_text()
    screenshot(page, "register-2-retire-confirm")
    confirm.get_by_role("button", name="确认移出律师库").click()
    page.wait_for_load_state("networkidle")
    assert "已移出律师库" in page.get_by_test_id("retired").inner_text()
    assert not LegalAidLawyer.objects.get(name="李新").active

    page.locator("nav.small").get_by_role("link", name="法律援助律师库").click()
    page.get_by_role("link", name="导入", exact=True).click()
    page.set_input_files("#file", str(sheet(tmp_path / "律师库.xlsx")))
    page.get_by_role("button", name="开始导入").click()
    page.wait_for_load_state("networkidle")
    # 试导入 first (the default): nothing written, one row to add and the bad row named.
    assert "将新增 1 条" in page.get_by_test_id("import-summary").inner_text()
    assert not LegalAidLawyer.objects.filter(name="王导入").exists()
    page.get_by_test_id("confirm-import").click()
    page.wait_for_load_state("networkidle")
    page.get_by_text("新增 1，").wait_for()
    assert LegalAidLawyer.objects.filter(name="王导入").exists()
    rejected = page.get_by_test_id("rejected-rows").inner_text()
    assert "第 3 行" in rejected and "首次执业日期" in rejected and "招募执业3年以上" in rejected
    screenshot(page, "register-3-import")

    page.get_by_role("link", name="返回法律援助律师库").click()
    page.locator("#f-state").select_option(label="全部")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_load_state("networkidle")
    with page.expect_download() as download:
        page.get_by_role("link", name="导出", exact=True).click()
    content = Path(download.value.path()).read_bytes()
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "姓名" and {r[0] for r in rows[1:]} == {"李新", "王导入"}
    screenshot(page, "register-4-list")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    screenshot(page, "register-5-list-phone")
    page.get_by_role("link", name="王导入").click()
    page.wait_for_load_state("networkidle")
    screenshot(page, "register-6-detail-phone")
