"""The register's Excel ledger: import with row/column/reason (文号 normalised), export."""

import io

from django.core.files.base import ContentFile
from openpyxl import Workbook, load_workbook

from fazhi.cases.models import ImportJob
from fazhi.normative.models import NormativeDocument
from fazhi.normative.registers import DOCUMENTS
from fazhi.registers import ledger


def test_import_normalises_numbers_and_rejects_bad_rows(reviewer, review_case, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    review_case()
    wb = Workbook()
    for row in (
        ["制定机关", "文号", "标题", "公布日期", "合法性审查案件", "报区人大常委会备案日期", "报市政府备案日期"],
        ["杭州市西湖区人民政府", "西政发[2024]3号", "西湖区促进数字经济发展若干政策", "2024-03-01", "西合审〔2024〕7号", "2024-03-10", "2024-03-12"],
        ["西湖区人民政府办公室", "西政办发〔2023〕4号", "年份不符的文件", "2024-03-01", "", "", ""],
        ["西湖区教育局", "西教规〔2024〕1号", "审查案件不存在", "2024-03-01", "西合审〔2024〕99号", "", ""],
    ):  # fmt: skip
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    job = ImportJob.objects.create(
        kind=ledger.job_kind(DOCUMENTS), file=ContentFile(buffer.getvalue(), "n.xlsx"), filename="n.xlsx",
        created_by=reviewer,
    )  # fmt: skip
    ledger.run_import(job)
    job.refresh_from_db()
    assert job.created_count == 1, (job.status, getattr(job, "error", ""), job.rejected)
    reasons = {(r["row"], r["column"]): r["reason"] for r in job.rejected}
    assert "文号年份（2023）与公布日期的年份（2024）不一致" in reasons[(3, "文号")]
    assert "找不到案号为“西合审〔2024〕99号”的合法性审查案件" in reasons[(4, "合法性审查案件")]
    doc = NormativeDocument.objects.get()
    assert doc.doc_number == "西政发〔2024〕3号" and doc.filed_on_time is True and doc.reviewed_on

    out = load_workbook(io.BytesIO(ledger.export_workbook(DOCUMENTS, reviewer, [doc])))
    rows = list(out.active.iter_rows(values_only=True))
    assert "西政发〔2024〕3号" in rows[1] and "西合审〔2024〕7号" in rows[1]
