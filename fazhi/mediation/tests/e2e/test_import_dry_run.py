"""A district clerk imports a committee's sheet in Chromium (issue 15.3): a title row above the
header, a 结案日期 column (a synonym, confirmed in the 列对应 preview), a bad date. The 试导入
(ticked by default) says how many cases would land in which state and which row is wrong, writes
nothing; 按此结果正式导入 imports."""

import pytest
from openpyxl import Workbook

from fazhi.cases.models import Case
from fazhi.core.roles import Role
from fazhi.mediation.tests.test_ledger import HEADERS, row

pytestmark = pytest.mark.e2e


def test_a_dry_run_then_the_confirmed_import(
    page, login, make_user, screenshot, xihu, tmp_path, shipped_aliases
):
    make_user(Role.JUSTICE_OFFICE_STAFF, "330106", username="quju_import", display_name="区局 王台账")
    wb = Workbook()
    wb.active.append(["北山街道人民调解委员会 2024年调解案件登记表"])
    wb.active.append(["结案日期" if h == "办结日期" else h for h in HEADERS])
    for r in (row("E-1"), row("E-2", 调解结果=None, 办结日期=None), row("E-3", 收到日期="2024/13/01")):
        wb.active.append(r)
    path = tmp_path / "北山调解台账.xlsx"
    wb.save(path)

    login("quju_import")
    page.goto("/cases/mediation/import/")
    assert page.get_by_label("先试导入", exact=False).is_checked()
    page.set_input_files("#file", str(path))
    page.get_by_role("button", name="开始导入").click()
    page.wait_for_load_state("networkidle")
    # The 列对应 preview: 结案日期 is proposed as 办结日期 (a synonym), for the clerk to confirm.
    assert "核对列对应" in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_label("结案日期").input_value() == "办结日期"
    assert "表头在第 2 行" in page.content()
    assert "330106198503150024" not in page.content()  # examples of personal data masked
    screenshot(page, "import-0-mapping")
    page.get_by_role("button", name="确认并试导入").click()
    page.wait_for_load_state("networkidle")
    summary = page.get_by_test_id("import-summary").inner_text()
    assert "试导入" in summary and "将新增 2 件" in summary and "未写入任何数据" in summary
    states = page.get_by_test_id("dry-run-states").inner_text()
    assert "达成协议 1 件" in states and "调解中 1 件" in states
    rejected = page.get_by_test_id("rejected-rows").inner_text()
    assert "第 5 行" in rejected and "收到日期" in rejected
    assert not Case.objects.filter(number__startswith="E-").exists()
    screenshot(page, "import-1-dry-run")

    page.get_by_test_id("confirm-import").click()
    page.wait_for_load_state("networkidle")
    page.get_by_text("新增 2").wait_for()
    assert Case.objects.filter(number__startswith="E-").count() == 2
    screenshot(page, "import-2-confirmed")
