"""重大行政决策台账: rows start decisions of their year's catalogue through the services (each rejected
row reported with its column and reason; re-import creates nothing), and the export's layout."""

import io

import pytest
from django.core.files.base import ContentFile
from openpyxl import Workbook, load_workbook

from fazhi.cases.ledger import export_workbook, run_import
from fazhi.cases.models import Case, ImportJob
from fazhi.decisions.ledger import LEDGER

pytestmark = pytest.mark.django_db
HEADERS = ["决策事项", "承办单位", "目录年度", "事项类别", "启动日期", "涉及市场主体经济活动", "举行听证"]
ROWS = [
    [
        "西湖区农贸市场提升改造实施方案",
        "杭州市西湖区市场监督管理局",
        2024,
        "重大公共建设项目",
        "2024-02-01",
        "是",
        "否",
    ],
    ["西湖区公办幼儿园布局规划", "330106-JYJ", 2024, "重要规划", "2024年2月26日", "", "是"],
    ["目录不存在的事项", "330106-JYJ", 2021, "重要规划", "2024-03-01", "", ""],  # 4: no 2021 catalogue
    ["类别写错的事项", "330106-JYJ", 2024, "不存在的类别", "2024-03-01", "", ""],  # 5
]


def import_file(actor, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for r in rows:
        ws.append(r)
    buffer = io.BytesIO()
    wb.save(buffer)
    job = ImportJob.objects.create(
        kind="decision",
        file=ContentFile(buffer.getvalue(), name="决策台账.xlsx"),
        filename="决策台账.xlsx",
        created_by=actor,
    )
    return run_import(job)


def test_rows_start_decisions_and_rejected_rows_say_why(hefa, catalogue):
    job = import_file(hefa, ROWS)
    assert (job.status, job.created_count) == ("done", 2)
    market = Case.objects.get(kind="decision", title="西湖区农贸市场提升改造实施方案")
    assert market.decision.catalogue == catalogue and market.decision.market_activity
    assert market.org_unit.code == "330106-SCJG" and market.status == "launched"
    assert Case.objects.get(title="西湖区公办幼儿园布局规划").decision.hearing_held
    by_row = {r["row"]: (r["column"], r["reason"]) for r in job.rejected}
    assert sorted(by_row) == [4, 5]
    assert by_row[4][0] == "目录年度" and "2021年度" in by_row[4][1]
    assert by_row[5][0] == "事项类别"
    again = import_file(hefa, ROWS[:2])
    assert again.created_count == 0 and Case.objects.filter(kind="decision").count() == 2


def test_export_keeps_the_ledger_layout(hefa, catalogue):
    import_file(hefa, ROWS[:2])
    cases = Case.objects.filter(kind="decision").order_by("number")
    sheet = load_workbook(io.BytesIO(export_workbook(hefa, "decision", cases))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [c.header for c in LEDGER.columns]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["承办单位"] == "杭州市西湖区市场监督管理局" and first["目录年度"] == 2024
    assert first["涉及市场主体经济活动"] == "是" and first["状态"] == "已启动"


def test_ledger_pages_answer(client, hefa, catalogue):
    import_file(hefa, ROWS[:1])
    client.force_login(hefa)
    assert client.get("/cases/decision/import/").status_code == 200
    response = client.get("/cases/decision/export.xlsx")
    assert response.status_code in (200, 302)
