"""A large 台账 export as a user meets it: above FAZHI_EXPORT_BACKGROUND_ROWS it runs as a job
whose page shows the rows written; the file (20,000 rows, on SQLite and PostgreSQL) is its
requester's alone, audited, and removed at the next export; a job no worker takes runs in the web
process. A small export still downloads at once."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from fazhi.cases import exports
from fazhi.cases.models import Case, ExportJob, ExportStatus
from fazhi.core.models import AuditEvent
from fazhi.core.roles import Role
from fazhi.mediation.models import MediationCase

BIG = 20_000
COMMITTEE = "330106002-TWH"  # 北山街道人民调解委员会
OTHER_COMMITTEE = "330106004-TWH"


def bulk_cases(xihu, n, committee=COMMITTEE, prefix="BIG"):
    """n mediation cases written directly (for speed: the export reads rows, how they were
    written does not matter to it)."""
    unit = xihu[committee]
    cases = Case.objects.bulk_create(
        [
            Case(
                kind="mediation",
                number=f"{prefix}-{i:05d}",
                title=f"纠纷{i}",
                org_unit=unit,
                org_path=unit.path,
                status="closed",
                outcome="agreement",
                received_on=date(2024, 1, 1) + timedelta(days=i % 365),
            )
            for i in range(n)
        ],
        batch_size=2000,
    )
    if not cases[0].pk:  # a database that does not return keys from a bulk insert
        cases = list(Case.objects.filter(number__startswith=f"{prefix}-").order_by("pk"))
    MediationCase.objects.bulk_create(
        [MediationCase(case=c, dispute_type="neighbour") for c in cases], batch_size=2000
    )
    return cases


def sheet_rows(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content), read_only=True).active.iter_rows(values_only=True))


@pytest.fixture
def leader(make_user):
    return make_user(Role.LEADER)


def test_a_20000_row_export_runs_as_a_job_with_progress_and_downloads(xihu, client, leader):
    bulk_cases(xihu, BIG)
    client.force_login(leader)
    response = client.get(reverse("cases:export", args=["mediation"]))
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("cases:export_status", args=[job.pk])
    # (tests run tasks inline: the job has finished by the time the page is asked for)
    assert (job.status, job.total, job.processed, job.percent) == (ExportStatus.DONE, BIG, BIG, 100)
    page = client.get(response.url).content.decode()
    assert "共 20000 行，已写入 20000 行（100%）" in page and 'data-testid="export-download"' in page
    download = client.get(response.url, {"download": "1"})
    assert download.status_code == 200
    rows = sheet_rows(b"".join(download.streaming_content))
    assert len(rows) == 1 + BIG and rows[0][0] == "案号"
    assert {r[0] for r in rows[1:]} == {f"BIG-{i:05d}" for i in range(BIG)}
    events = AuditEvent.objects.filter(action="export", actor=leader)
    assert events.filter(detail__rows=BIG).count() == 2  # written, then downloaded
    assert events.filter(detail__download=True).exists()


def test_a_small_export_downloads_at_once(xihu, client, leader, settings):
    settings.FAZHI_EXPORT_BACKGROUND_ROWS = 10
    bulk_cases(xihu, 10)
    client.force_login(leader)
    response = client.get(reverse("cases:export", args=["mediation"]))
    assert response.status_code == 200 and response.streaming and not ExportJob.objects.exists()
    assert len(sheet_rows(b"".join(response.streaming_content))) == 11


def test_the_job_reports_progress_as_rows_are_written(xihu, leader, settings, monkeypatch):
    settings.FAZHI_EXPORT_BACKGROUND_ROWS = 10
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 100)
    bulk_cases(xihu, 450)
    seen = []
    real = exports._counted

    def spy(job_id, rows):
        for row in real(job_id, rows):
            seen.append(ExportJob.objects.values_list("processed", "total").get(pk=job_id))
            yield row

    monkeypatch.setattr(exports, "_counted", spy)
    job = exports.export_start(actor=leader, kind="mediation", params=_query(), filename="x.xlsx")
    exports.run(job.pk, exports.build_ledger)
    assert {p for p, _ in seen} == {0, 100, 200, 300, 400} and {t for _, t in seen} == {450}
    job.refresh_from_db()
    assert (job.status, job.processed, job.percent) == (ExportStatus.DONE, 450, 100)


def _query(**kw):
    from django.http import QueryDict

    q = QueryDict(mutable=True)
    q.update(kw)
    return q


def test_the_export_keeps_the_list_filters_and_the_requester_scope(xihu, client, make_user, settings):
    settings.FAZHI_EXPORT_BACKGROUND_ROWS = 5
    bulk_cases(xihu, 30)
    bulk_cases(xihu, 20, committee=OTHER_COMMITTEE, prefix="XX")
    street = make_user(Role.JUSTICE_OFFICE_STAFF, "330106002")  # 北山街道 司法所: its street only
    client.force_login(street)
    client.get(reverse("cases:export", args=["mediation"]), {"q": "BIG-0001"})  # BIG-00010 … 19
    job = ExportJob.objects.get()
    assert job.params == {"q": ["BIG-0001"]} and job.total == 10
    content = b"".join(
        client.get(reverse("cases:export_status", args=[job.pk]), {"download": 1}).streaming_content
    )
    assert {r[0] for r in sheet_rows(content)[1:]} == {f"BIG-{i:05d}" for i in range(10, 20)}
    client.get(reverse("cases:export", args=["mediation"]))
    whole = ExportJob.objects.get()  # the earlier export and its file are gone
    assert whole.pk != job.pk and whole.total == 30  # not 北山's neighbour 西溪's 20 cases
    assert not job.file.storage.exists(job.file.name)


def test_only_the_requester_sees_or_downloads_the_file(xihu, client, leader, make_user, settings):
    settings.FAZHI_EXPORT_BACKGROUND_ROWS = 5
    bulk_cases(xihu, 10)
    client.force_login(leader)
    client.get(reverse("cases:export", args=["mediation"]))
    job = ExportJob.objects.get()
    client.force_login(make_user(Role.LEADER))  # the same rights, another person
    url = reverse("cases:export_status", args=[job.pk])
    assert client.get(url).status_code == 404
    assert client.get(url, {"download": 1}).status_code == 404
    assert not AuditEvent.objects.filter(detail__download=True).exists()


def test_old_export_files_are_removed(xihu, leader, settings):
    settings.FAZHI_EXPORT_BACKGROUND_ROWS = 5
    bulk_cases(xihu, 10)
    job = exports.export_start(actor=leader, kind="mediation", params=_query(), filename="x.xlsx")
    exports.run(job.pk, exports.build_ledger)
    job.refresh_from_db()
    assert job.file.storage.exists(job.file.name)
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(days=8))
    assert exports.purge() == 1
    assert not job.file.storage.exists(job.file.name) and not ExportJob.objects.exists()


def test_a_job_no_worker_takes_runs_in_the_web_process(xihu, client, leader, settings, monkeypatch):
    settings.FAZHI_EXPORT_BACKGROUND_ROWS = 5
    bulk_cases(xihu, 10)
    ran = []
    monkeypatch.setattr(exports, "start_in_process", lambda fn: ran.append(fn()))
    job = exports.export_start(actor=leader, kind="mediation", params=_query(), filename="x.xlsx")
    client.force_login(leader)
    url = reverse("cases:export_status", args=[job.pk])
    html = client.get(url).content.decode()  # just queued: the worker may still take it
    assert not ran and "排队中" in html and 'hx-trigger="every 1s"' in html
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(seconds=6))
    html = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert len(ran) == 1 and 'data-testid="export-download"' in html
    assert exports.run(job.pk, exports.build_ledger) is None  # the worker, waking late, finds it taken
