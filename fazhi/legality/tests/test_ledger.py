"""合法性审查台账: a ledger of 1,000 reviews with bad rows imports the good ones (through the bulk
planner) and reports each bad row with its column and reason; re-import creates nothing; export
keeps the layout and imports again."""

import io
from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from openpyxl import Workbook, load_workbook

from fazhi.cases.ledger import export_workbook, run_import
from fazhi.cases.models import Case, ImportJob
from fazhi.law.calendar import default_calendar

HEADERS = [
    "事项名称",
    "送审事项类型",
    "送审单位",
    "审查单位",
    "送审日期",
    "要求反馈意见日期",
    "审查意见",
    "出具审查意见日期",
    "依据的法律条款",
    "采纳情况",
    "反馈日期",
    "未采纳或部分采纳的理由",
]
UNITS = ["西湖区教育局", "杭州市西湖区市场监督管理局", "西湖区民政局", "北山街道", "三墩镇"]
MATTERS = ["行政规范性文件草案", "重大行政决策草案", "行政协议/合同", "重大行政执法决定", "其他涉法事务"]


def good_row(i):
    cal = default_calendar()
    submitted = date(2024, 1, 2) + timedelta(days=i % 300)
    reviewed = cal.nth_workday_after(submitted, 6)
    return {
        "事项名称": f"审查事项第{i}号",
        "送审事项类型": MATTERS[i % 5],
        "送审单位": UNITS[i % 5],
        # Every third matter of a 镇街 is reviewed by its own reviewers; the rest by the centre.
        "审查单位": UNITS[i % 5] if i % 3 == 0 and i % 5 >= 3 else "西湖区合法性审查服务中心",
        "送审日期": submitted.isoformat(),
        "要求反馈意见日期": cal.nth_workday_after(submitted, 10).isoformat(),
        "审查意见": "合法" if i % 4 else "修改后合法",
        "出具审查意见日期": reviewed.isoformat(),
        "依据的法律条款": "" if i % 4 else "《中华人民共和国行政处罚法》第十六条",
        "采纳情况": "采纳" if i % 7 else "部分采纳",
        "反馈日期": cal.nth_workday_after(reviewed, 3).isoformat(),
        "未采纳或部分采纳的理由": "" if i % 7 else "第三条另行研究",
    }


# Bad rows at these positions (row number = position + 2), with the column each must be reported on.
BAD = {
    10: ({"送审单位": "西湖区不存在局"}, "送审单位"),
    20: ({"送审事项类型": "地方性法规"}, "送审事项类型"),
    30: ({"送审日期": "2024-13-01"}, "送审日期"),
    40: ({"送审事项类型": "重大行政决策草案", "要求反馈意见日期": None}, None),  # fine: default time
    50: (
        {"送审事项类型": "重大行政决策草案", "送审日期": "2024-03-04", "要求反馈意见日期": "2024-03-06"},
        "要求反馈意见日期",
    ),
    60: ({"审查意见": "不合法", "依据的法律条款": ""}, "依据的法律条款"),
    70: ({"采纳情况": "未采纳", "未采纳或部分采纳的理由": ""}, "未采纳或部分采纳的理由"),
    80: ({"出具审查意见日期": None}, "出具审查意见日期"),
    90: ({"事项名称": None}, "事项名称"),
    100: ({"审查意见": None}, "审查意见"),
}
N = 1000


def rows():
    out = []
    for i in range(N):
        r = good_row(i)
        if i in BAD:
            r.update(BAD[i][0])
        out.append([r.get(h) for h in HEADERS])
    return out


def import_file(actor, data, name="合法性审查台账.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for r in data:
        ws.append(r)
    buffer = io.BytesIO()
    wb.save(buffer)
    job = ImportJob.objects.create(
        kind="legality", file=ContentFile(buffer.getvalue(), name=name), filename=name, created_by=actor
    )
    return run_import(job)


@pytest.fixture
def imported(hefa, xihu):
    return import_file(hefa, rows())


def test_a_thousand_reviews_with_bad_rows_import_and_each_bad_row_is_reported(imported):
    bad = {i: col for i, (_, col) in BAD.items() if col}
    assert imported.status == "done" and imported.total == N
    assert imported.created_count == N - len(bad)
    reported = {}
    for r in imported.rejected:
        reported.setdefault(r["row"] - 2, []).append((r["column"], r["reason"]))
    assert sorted(reported) == sorted(bad)
    for i, col in bad.items():
        assert reported[i][0][0] == col, (i, reported[i])
        assert reported[i][0][1]  # a Chinese reason
    assert "西湖区不存在局" in reported[10][0][1]
    assert "7个工作日" in reported[50][0][1]
    assert Case.objects.filter(kind="legality").count() == N - len(bad)
    closed = Case.objects.filter(kind="legality", status="closed").count()
    assert closed == N - len(bad)


def test_imported_reviews_are_whole_cases(imported):
    case = Case.objects.get(kind="legality", title="审查事项第1号")
    assert (case.outcome, case.legality.adoption, case.legality.submitting_unit.code) == (
        "HEFA",
        "adopted",
        "330106-SCJG",
    )
    d = case.deadlines.get()
    assert d.rule_id == "JC-26" and d.state == "met" and d.due == case.legality.opinion_requested_by
    decision_default = Case.objects.get(kind="legality", title="审查事项第40号")
    assert decision_default.legality.review_days == 7


def test_importing_the_same_file_twice_creates_no_duplicates(hefa, imported):
    again = import_file(hefa, rows()[:50])
    assert again.created_count == 0 and again.skipped_count == 47
    assert Case.objects.filter(kind="legality").count() == imported.created_count


def test_an_exported_ledger_imports_again(hefa, imported):
    cases = Case.objects.filter(kind="legality").order_by("id")[:20]
    content = export_workbook(hefa, "legality", cases)
    sheet = load_workbook(io.BytesIO(content)).active
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["审查编号", "事项名称", "送审事项类型"]
    ids = list(cases.values_list("id", flat=True))
    Case.objects.filter(id__in=ids).delete()
    job = ImportJob.objects.create(
        kind="legality", file=ContentFile(content, name="e.xlsx"), filename="e.xlsx", created_by=hefa
    )
    job = run_import(job)
    assert (job.created_count, job.rejected) == (20, [])
