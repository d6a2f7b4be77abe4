"""Real sheets (issue 15.3): a title row above the header is passed over, a header typed with
full-width brackets is the same header, and a column that matches nothing of the ledger stops the
import before anything is written instead of being dropped silently."""

import io

from django.core.files.base import ContentFile
from openpyxl import Workbook

from fazhi.cases import ledger
from fazhi.cases.models import Case, ImportJob
from fazhi.mediation.tests.test_ledger import HEADERS, district, row  # noqa: F401 (fixture)


def _import(actor, sheet_rows):
    wb = Workbook()
    for r in sheet_rows:
        wb.active.append(r)
    buffer = io.BytesIO()
    wb.save(buffer)
    job = ImportJob.objects.create(
        kind="mediation",
        file=ContentFile(buffer.getvalue(), name="t.xlsx"),
        filename="t.xlsx",
        created_by=actor,
    )
    return ledger.run_import(job)


def test_title_rows_above_the_header_are_passed_over(district):  # noqa: F811
    job = _import(
        district,
        [
            ["西湖区2024年人民调解案件台账"],
            ["填报单位：北山街道", None, "填报日期：2025-01-05"],
            HEADERS,
            row("T-1"),
        ],
    )
    assert (job.status, job.created_count, job.rejected) == ("done", 1, [])
    assert Case.objects.filter(number="T-1").exists()


def test_a_column_the_ledger_does_not_know_stops_the_import_before_any_write(district):  # noqa: F811
    headers = ["序号", *HEADERS, "回访情况"]
    job = _import(district, [headers, [1, *row("T-2"), "已回访"]])
    assert job.status == "failed" and "“回访情况”" in job.error and "不是本台账的列" in job.error
    assert "序号" not in job.error  # a running number is no record data
    assert not Case.objects.filter(number="T-2").exists()


def test_the_header_row_must_name_the_required_columns(district):  # noqa: F811
    job = _import(district, [[h for h in HEADERS if h != "收到日期"], row("T-3")[:2] + row("T-3")[3:]])
    assert job.status == "failed" and "缺少必需的列：收到日期" in job.error


def test_an_import_whose_worker_stopped_is_marked_failed(district, settings):  # noqa: F811
    """Issue 15.4: a running import with no progress for FAZHI_JOB_STALL_MINUTES is marked failed,
    on its page and by the periodic command, saying what was kept."""
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from fazhi.cases.models import ImportStatus

    job = _import(district, [HEADERS, row("T-4")])
    job.status, job.processed = ImportStatus.RUNNING, 1
    job.save()
    assert not job.stalled  # its heartbeat is fresh
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=11))
    job.refresh_from_db()
    assert job.stalled
    call_command("jobs_stalled")
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and "没有进展" in job.error and "前 1 行" in job.error


def test_synonyms_of_headers_and_values_are_read_and_a_bureau_adds_its_own(district, shipped_aliases):  # noqa: F811
    """Issue 15.3: 收案日期 is 收到日期 and 结案日期 is 办结日期 (shipped synonyms); 调解不成功 is
    调解不成; a bureau's own synonym (a local header, a local value) added as data works at once."""
    from fazhi.cases.models import LedgerAlias

    renamed = {"收到日期": "收案日期", "办结日期": "结案日期", "纠纷概要": "情况摘要"}
    headers = [renamed.get(h, h) for h in HEADERS]
    rows = [headers, row("S-1", 调解结果="调解不成功"), row("S-2", 调解结果="谈崩了")]
    job = _import(district, rows)
    assert job.status == "failed" and "缺少必需的列：纠纷概要" in job.error  # not yet known
    LedgerAlias.objects.create(kind="mediation", header="纠纷概要", alias="情况摘要")
    LedgerAlias.objects.create(kind="mediation", header="调解结果", alias="谈崩了", value="调解不成")
    job = _import(district, rows)
    assert (job.status, job.created_count, job.rejected) == ("done", 2, [])
    for number in ("S-1", "S-2"):
        case = Case.objects.get(number=number)
        assert case.received_on.isoformat() == "2024-03-04" and case.outcome == "failed"
        assert case.closed_on is not None


def test_a_dry_run_writes_nothing_shows_the_states_and_the_confirmed_import_uses_the_same_file(district):  # noqa: F811
    """Issue 15.3: a 试导入 says, before anything is written, how many rows would land in which
    state and every rejected row with its column; confirming imports the same file for real."""
    from django.core.management import call_command

    from fazhi.cases.models import ImportStatus

    wb = Workbook()
    wb.active.append(HEADERS)
    for r in (row("D-1"), row("D-2", 调解结果=None, 办结日期=None), row("D-3", 收到日期="2024-13-01")):
        wb.active.append(r)
    buffer = io.BytesIO()
    wb.save(buffer)
    job = ImportJob.objects.create(
        kind="mediation",
        file=ContentFile(buffer.getvalue(), name="t.xlsx"),
        filename="t.xlsx",
        created_by=district,
        dry_run=True,
    )
    job = ledger.run_import(job)
    assert (job.status, job.created_count, job.total) == (ImportStatus.DONE, 2, 3)
    assert job.summary == {"达成协议": 1, "调解中": 1}
    assert [(r["row"], r["column"]) for r in job.rejected] == [(4, "收到日期")]
    assert not Case.objects.filter(number__startswith="D-").exists()  # nothing written
    job.refresh_from_db()
    assert job.file and job.summary == {"达成协议": 1, "调解中": 1}  # kept for the confirmed import

    real = ledger.run_import(ledger.import_confirmed(job, actor=district))
    assert (real.created_count, len(real.rejected)) == (2, 1)
    assert set(Case.objects.filter(number__startswith="D-").values_list("number", flat=True)) == {
        "D-1",
        "D-2",
    }
    job.refresh_from_db()
    real.refresh_from_db()
    assert not job.file and not real.file  # the file went to the real import, then was deleted
    try:
        ledger.import_confirmed(job, actor=district)
        raise AssertionError("a dry run is confirmed once")
    except LookupError:
        pass
    call_command("jobs_stalled")  # also deletes the files of dry runs nobody confirmed in a day


def _upload(client, rows, dry_run=False):
    from django.core.files.uploadedfile import SimpleUploadedFile

    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    buffer = io.BytesIO()
    wb.save(buffer)
    upload = SimpleUploadedFile("台账.xlsx", buffer.getvalue())
    data = {"file": upload, **({"dry_run": "1"} if dry_run else {})}
    return client.post("/cases/mediation/import/", data)


def test_the_user_confirms_the_column_mapping_and_it_is_kept_for_next_time(client, district, shipped_aliases):  # noqa: F811
    """Issue 15.3: an unknown column and a synonym lead to a mapping preview; an unknown column
    must be mapped or ignored explicitly (the error is next to it); the confirmed mapping is saved
    per user and line, so the same sheet imports next time without asking."""
    from fazhi.cases.models import ImportMapping

    client.force_login(district)
    headers = ["收案日期" if h == "收到日期" else h for h in HEADERS] + ["回访情况"]
    response = _upload(client, [headers, [*row("M-1"), "已回访"]])
    assert response.status_code == 302 and response.url.endswith("/mapping/")
    page = client.get(response.url)
    html = page.content.decode()
    assert "收案日期" in html and "同义词" in html and "未识别" in html and "回访情况" in html
    last = len(HEADERS)  # the 回访情况 column
    form = {f"col_{i}": ("收到日期" if h == "收案日期" else h) for i, h in enumerate(headers[:-1])}
    refused = client.post(response.url, form)
    assert refused.status_code == 400
    assert "请为“回访情况”选择对应的台账列" in refused.content.decode()
    assert not Case.objects.filter(number="M-1").exists()
    done = client.post(response.url, {**form, f"col_{last}": "__ignore__"})
    assert done.status_code == 302 and "/mapping/" not in done.url
    assert Case.objects.get(number="M-1").received_on.isoformat() == "2024-03-04"
    saved = ImportMapping.objects.get(user=district, kind="mediation").columns
    assert saved == {"收案日期": "收到日期", "回访情况": ""}

    again = _upload(client, [headers, [*row("M-2"), "已回访"]])
    assert again.status_code == 302 and "/mapping/" not in again.url  # the saved choice applies
    assert Case.objects.filter(number="M-2").exists()
