"""文书 of 行政复议: a step taken on the case page produces its document with the case's 文号
(一案一号), stored privately, downloadable within scope only and audited; a past step without
one offers 生成文书; a bureau's own template is used; a failed step leaves no number behind."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pypdfium2 as pdfium
import pytest
from django.db import transaction
from django.urls import reverse

from fazhi.cases import documents as case_documents
from fazhi.cases.models import CaseDocument, EventKind
from fazhi.cases.services import case_transition
from fazhi.core.models import AuditEvent, NumberSequence
from fazhi.core.roles import Role
from fazhi.law.numbering import parse_doc_number

ITEMS = "1. 行政复议申请书原件\n2. 申请人身份证明复印件"


def correction_data(**kw):
    return {"items": ITEMS, "notice_received_on": "2026-03-06", **kw}


@pytest.fixture
def case(officer, application):
    return application(officer, received_on=date(2026, 3, 2), service_date=date(2026, 2, 27))


def docx_text(doc: CaseDocument) -> str:
    with doc.docx.open("rb") as f, zipfile.ZipFile(io.BytesIO(f.read())) as z:
        return z.read("word/document.xml").decode()


@pytest.mark.django_db
def test_staff_issue_a_correction_notice_with_its_doc_number(client, officer, case):
    client.force_login(officer)
    url = reverse("cases:do", args=["reconsideration", case.pk, "request_correction"])
    response = client.post(url, {**correction_data(), "on": "2026-03-05"})
    assert response.status_code == 302
    doc = CaseDocument.objects.get(case=case)
    assert doc.doc_type == "correction" and doc.title == "行政复议申请补正通知书"
    # 一案一号: the notice carries the case's 发文字号, 西政复〔2026〕N号.
    number = parse_doc_number(doc.number)
    assert (number.prefix, number.year, number.is_standard) == ("西政复", 2026, True)
    case.refresh_from_db()
    assert doc.number == case.number
    text = docx_text(doc)
    assert doc.number in text and "王小明：" in text
    assert "1. 行政复议申请书原件" in text and "2. 申请人身份证明复印件" in text
    assert "西湖区人民政府" in text and "2026年3月5日" in text
    assert doc.event.transition == "request_correction"
    # Files are private: under PRIVATE_ROOT, with no public address.
    assert doc.docx.path.startswith(str(doc.docx.storage.location))
    with pytest.raises(ValueError):
        doc.pdf.url  # noqa: B018
    # The case page shows it beside the step, with its 文号 and the links.
    page = client.get(reverse("cases:detail", args=["reconsideration", case.pk])).content.decode()
    assert "行政复议申请补正通知书" in page and doc.number in page
    for label in ("下载Word", "下载PDF", "打印"):
        assert label in page
    assert AuditEvent.objects.filter(
        object_type="cases.casedocument", object_id=str(doc.pk), action="create"
    ).exists()


@pytest.mark.django_db
def test_download_is_scoped_and_audited(client, officer, case, make_user):
    case_transition(
        actor=officer,
        case=case,
        name="request_correction",
        data=correction_data(),
        on=date(2026, 3, 5),
        documents=True,
    )
    doc = CaseDocument.objects.get(case=case)
    client.force_login(officer)
    response = client.get(reverse("cases:document", args=[doc.pk, "pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    pdf = b"".join(response.streaming_content)
    assert pdfium.PdfDocument(pdf)[0].get_size()[0] == pytest.approx(595.3, abs=0.5)
    printed = client.get(reverse("cases:document", args=[doc.pk, "pdf"]) + "?inline=1")
    assert printed["Content-Disposition"].startswith("inline")
    word = client.get(reverse("cases:document", args=[doc.pk, "docx"]))
    assert word["Content-Type"].startswith("application/vnd.openxmlformats")
    reads = AuditEvent.objects.filter(
        object_type="cases.casedocument", object_id=str(doc.pk), action="export"
    )
    assert reads.count() == 3
    # A mediator of a street (another area) does not learn the document exists.
    other = make_user(Role.MEDIATOR, "330106002-TWH")
    client.force_login(other)
    assert client.get(reverse("cases:document", args=[doc.pk, "pdf"])).status_code == 404
    assert client.get(reverse("cases:document", args=[doc.pk, "docx"])).status_code == 404
    assert reads.count() == 3


@pytest.mark.django_db
def test_a_step_without_documents_offers_to_make_them(client, officer, case):
    # As the ledger import and the demo take steps: no files then.
    case_transition(
        actor=officer, case=case, name="request_correction", data=correction_data(), on=date(2026, 3, 5)
    )
    assert not CaseDocument.objects.filter(case=case).exists()
    client.force_login(officer)
    page = client.get(reverse("cases:detail", args=["reconsideration", case.pk])).content.decode()
    assert "生成文书（行政复议申请补正通知书）" in page
    event = case.events.get(kind=EventKind.TRANSITION, transition="request_correction")
    response = client.post(reverse("cases:issue", args=["reconsideration", case.pk, event.pk]))
    assert response.status_code == 302
    doc = CaseDocument.objects.get(case=case)
    assert doc.event == event and doc.number == case.number
    # Once made, not again.
    client.post(reverse("cases:issue", args=["reconsideration", case.pk, event.pk]))
    assert CaseDocument.objects.filter(case=case).count() == 1
    assert (
        "生成文书"
        not in client.get(reverse("cases:detail", args=["reconsideration", case.pk])).content.decode()
    )


@pytest.mark.django_db
def test_a_bureaus_own_template_is_used(settings, tmp_path, officer, case):
    from docx import Document

    from fazhi.documents.build_templates import build

    own = Document(io.BytesIO(build("reconsideration_correction.docx")))
    own.add_paragraph("联系电话：0571-00000000（西湖区自定义模板）")
    own.save(tmp_path / "reconsideration_correction.docx")
    settings.FAZHI_DOCUMENT_TEMPLATES = str(tmp_path)
    case_transition(
        actor=officer,
        case=case,
        name="request_correction",
        data=correction_data(),
        on=date(2026, 3, 5),
        documents=True,
    )
    assert "西湖区自定义模板" in docx_text(CaseDocument.objects.get(case=case))


@pytest.mark.django_db
def test_a_broken_template_does_not_undo_the_step(settings, tmp_path, officer, case):
    (tmp_path / "reconsideration_correction.docx").write_bytes(b"not a word file")
    settings.FAZHI_DOCUMENT_TEMPLATES = str(tmp_path)
    case = case_transition(
        actor=officer,
        case=case,
        name="request_correction",
        data=correction_data(),
        on=date(2026, 3, 5),
        documents=True,
    )
    assert case.status == "correction"
    assert case.document_errors and "行政复议申请补正通知书" in case.document_errors[0]
    assert not CaseDocument.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_own_sequence_numbers_have_no_gaps_after_a_rollback(officer, application, monkeypatch):
    """A document type with its own sequence: a document that fails after its number was taken
    returns the number (the allocation rolls back with it)."""
    case = application(officer, received_on=date(2026, 3, 2), service_date=date(2026, 2, 27))
    spec = case.spec
    own = case_documents.DocumentType(
        "correction", "行政复议申请补正通知书", "reconsideration_correction.docx", number="opinion_letter"
    )
    monkeypatch.setattr(type(spec), "document_type", lambda self, code: own)
    case_transition(
        actor=officer, case=case, name="request_correction", data=correction_data(), on=date(2026, 3, 5)
    )
    event = case.events.get(transition="request_correction")

    def broken(*args, **kwargs):
        raise case_documents.DocumentError("模板损坏")

    with monkeypatch.context() as m:
        m.setattr(case_documents, "render", broken)
        with pytest.raises(case_documents.DocumentError):
            case_documents.case_documents_issue(actor=officer, case=case, event=event)
    assert not NumberSequence.objects.filter(key="doc:opinion_letter", year=2026, last__gt=0).exists()
    with transaction.atomic():
        (doc,) = case_documents.case_documents_issue(actor=officer, case=case, event=event)
    assert doc.number == "西政复意〔2026〕1号"
