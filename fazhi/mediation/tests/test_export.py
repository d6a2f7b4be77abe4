"""台账 export as users meet it: any size on both databases (SQLite once answered 500 above a few
hundred rows: a prefetch of the parties' people asked for one OR term per person, beyond SQLite's
expression depth), streamed from a file, personal data masked for roles that may not see them."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core.roles import Role
from fazhi.mediation.tests.conftest import ID_NUMBER
from fazhi.mediation.tests.test_ledger import district, import_rows, row  # noqa: F401 - fixture

ROWS = 1200  # ~2,400 people: beyond the 1,000 terms SQLite allows


def test_a_large_export_streams_every_row_masked(district, client, make_user):  # noqa: F811
    job = import_rows(district, [row(f"BIG-{i}", 申请人=f"申请人{i}") for i in range(ROWS)])
    assert job.created_count == ROWS, job.rejected[:3]
    client.force_login(make_user(Role.LEADER))
    response = client.get(reverse("cases:export", args=["mediation"]))
    assert response.status_code == 200 and response.streaming
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    header, data = rows[0], rows[1:]
    assert len(data) == ROWS
    ids = [r[header.index("申请人身份证号")] for r in data]
    assert ID_NUMBER not in ids and all(i and "*" in i for i in ids)  # masked for the leader
    numbers = {r[header.index("案号")] for r in data}
    assert numbers == {f"BIG-{i}" for i in range(ROWS)}


def test_only_the_ledger_buttons_a_role_may_use_are_shown(district, client, make_user):  # noqa: F811
    worklist = reverse("cases:worklist", args=["mediation"])
    client.force_login(make_user(Role.LEADER))  # may export, may not import
    html = client.get(worklist).content.decode()
    assert reverse("cases:export", args=["mediation"]) in html
    assert reverse("cases:import", args=["mediation"]) not in html
    assert client.get(reverse("cases:import", args=["mediation"])).status_code == 403
    client.force_login(district)  # the district office staff: both
    html = client.get(worklist).content.decode()
    assert reverse("cases:import", args=["mediation"]) in html


def test_a_job_no_worker_takes_says_why_it_waits(district, client):  # noqa: F811
    """Without a running task worker an import once sat at 排队中 0% with no word of why."""
    from datetime import timedelta

    from django.utils import timezone

    from fazhi.cases.models import ImportJob, ImportStatus

    job = ImportJob.objects.create(kind="mediation", filename="台账.xlsx", created_by=district)
    client.force_login(district)
    url = reverse("cases:import_status", args=[job.pk])
    assert 'data-testid="import-waiting"' not in client.get(url).content.decode()  # just queued
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(seconds=40))
    html = client.get(url).content.decode()
    assert job.status == ImportStatus.PENDING and 'data-testid="import-waiting"' in html
    assert "fazhi db_worker" in html and "无需重新上传" in html


def test_rejected_rows_download_as_a_sheet(district, client):  # noqa: F811
    job = import_rows(
        district, [row("OK-1"), row("BAD-1", 收到日期="2024-13-01"), row("BAD-2", 调解委员会="无此调委会")]
    )
    client.force_login(district)
    url = reverse("cases:import_status", args=[job.pk])
    assert 'data-testid="rejected-download"' in client.get(url).content.decode()
    response = client.get(url, {"errors": "xlsx"})
    rows = list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True)
    )
    assert rows[0] == ("行号", "列", "原因") and len(rows) == 1 + len(job.rejected) == 3
    assert {r[1] for r in rows[1:]} == {"收到日期", "调解委员会"}
