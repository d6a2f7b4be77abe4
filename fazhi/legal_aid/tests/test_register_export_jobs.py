"""A register's large export (法律咨询, 20,000 person-times) runs as a job with a progress page like
a case ledger's; the file is the requester's alone; the list's filters and scope hold."""

import io
from datetime import date, timedelta

from django.urls import reverse
from openpyxl import load_workbook

from fazhi.cases.models import ExportJob, ExportStatus
from fazhi.core.roles import Role
from fazhi.legal_aid.models import Consultation

BIG = 20_000


def bulk_consultations(xihu, n, unit="330106002-SFS"):
    org = xihu[unit]
    Consultation.objects.bulk_create(
        [
            Consultation(
                consulted_on=date(2024, 1, 1) + timedelta(days=i % 365),
                channel="phone",
                org_unit=org,
                topic="labour",
                summary=f"咨询{i}",
            )
            for i in range(n)
        ],
        batch_size=2000,
    )


def test_a_20000_row_register_export_runs_as_a_job(xihu, client, make_user):
    bulk_consultations(xihu, BIG)
    staff = make_user(Role.LEGAL_AID_STAFF)
    client.force_login(staff)
    response = client.get(reverse("registers:export", args=["consultations"]))
    job = ExportJob.objects.get()
    assert response.url == reverse("registers:export_status", args=[job.pk])
    assert (job.kind, job.status, job.total, job.processed) == (
        "reg:consultations",
        ExportStatus.DONE,
        BIG,
        BIG,
    )
    html = client.get(response.url).content.decode()
    assert "已写入 20000 行（100%）" in html and "法律咨询" in html
    content = b"".join(client.get(response.url, {"download": 1}).streaming_content)
    rows = list(load_workbook(io.BytesIO(content), read_only=True).active.iter_rows(values_only=True))
    assert len(rows) == 1 + BIG and rows[0][0] == "咨询日期"
    client.force_login(make_user(Role.LEGAL_AID_STAFF))
    assert client.get(response.url, {"download": 1}).status_code == 404
    # A case ledger's status page does not show a register's job
    client.force_login(staff)
    assert client.get(reverse("cases:export_status", args=[job.pk])).status_code == 404


def test_a_register_export_job_keeps_the_filters(xihu, client, make_user, settings):
    settings.FAZHI_EXPORT_BACKGROUND_ROWS = 5
    bulk_consultations(xihu, 12)
    bulk_consultations(xihu, 7, unit="330106004-SFS")
    client.force_login(make_user(Role.LEGAL_AID_STAFF))
    client.get(reverse("registers:export", args=["consultations"]), {"org": "330106004"})  # 西溪街道
    job = ExportJob.objects.get()
    assert job.params == {"org": ["330106004"]} and job.total == 7
