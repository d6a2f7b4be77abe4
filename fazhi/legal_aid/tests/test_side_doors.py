"""Issue 13.7: the hardship result of a legal-aid applicant was shown to the auditor role, which may
not see personal data. 文书 (they name the parties) and materials (identity papers, hardship proofs)
are personal data too: shown to the auditor as existing, never opened."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.cases.models import CaseDocument
from fazhi.cases.services import case_attach, case_transition
from fazhi.core.roles import Role
from fazhi.legal_aid.tests.conftest import RECEIVED

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_auditor_sees_neither_hardship_nor_documents_nor_materials(client, make_user, fayuan, apply):
    case = apply(fayuan)
    case = case_transition(actor=fayuan, case=case, name="grant", data={}, on=RECEIVED, documents=True)
    case_attach(
        actor=fayuan, case=case, file=SimpleUploadedFile("收入证明.pdf", PDF), material_type="evidence"
    )
    doc = CaseDocument.objects.get(case=case)
    page = reverse("cases:detail", args=["legal_aid", case.pk])
    client.force_login(fayuan)
    staff = client.get(page).content.decode()
    assert "经济困难审查：" in staff and "已隐藏（经济困难状况" not in staff
    assert 'data-testid="download-pdf"' in staff and "收入证明.pdf" in staff
    assert client.get(reverse("cases:document", args=[doc.pk, "pdf"])).status_code == 200

    client.force_login(make_user(Role.AUDITOR, "330106"))
    html = client.get(page).content.decode()
    assert "已隐藏（经济困难状况属于敏感个人信息）" in html
    assert "，属于经济困难" not in html and "，不属于经济困难" not in html
    assert "给予法律援助决定书" in html and 'data-testid="download-pdf"' not in html  # listed, not opened
    assert "收入证明.pdf" not in html
    assert client.get(reverse("cases:document", args=[doc.pk, "pdf"])).status_code == 403
    attachment = case.attachments.get()
    url = reverse("cases:attachment_file", args=["legal_aid", case.pk, attachment.pk])
    assert client.get(url).status_code == 404
