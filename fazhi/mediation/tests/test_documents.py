"""人民调解协议书: a written agreement recorded on the case page produces it (numbered with the
case's number); an oral one does not; another street's mediator cannot read it."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.urls import reverse

from fazhi.cases.models import CaseDocument
from fazhi.cases.services import case_transition
from fazhi.core.roles import Role

CONTENT = "一、李大华于三日内修复漏水管道。\n二、李大华赔偿王小明损失人民币八百元。"


def agree(client, case, form="written"):
    url = reverse("cases:do", args=["mediation", case.pk, "agree"])
    data = {"agreement_form": form, "content": CONTENT, "performance_due": "2026-03-20", "on": "2026-03-06"}
    return client.post(url, data)


@pytest.fixture
def mediating(beishan_mediator, new_mediation):
    case = new_mediation(beishan_mediator, received_on=date(2026, 3, 2))
    return case_transition(actor=beishan_mediator, case=case, name="accept", on=date(2026, 3, 3))


@pytest.mark.django_db
def test_a_written_agreement_gives_the_agreement_document(client, beishan_mediator, mediating, make_user):
    client.force_login(beishan_mediator)
    assert agree(client, mediating).status_code == 302
    doc = CaseDocument.objects.get(case=mediating)
    mediating.refresh_from_db()
    assert (doc.title, doc.number) == ("人民调解协议书", mediating.number)
    with doc.docx.open("rb") as f, zipfile.ZipFile(io.BytesIO(f.read())) as z:
        xml = z.read("word/document.xml").decode()
    for text in (
        "人民调解协议书",
        f"编号：{mediating.number}",
        "王小明",
        "李大华",
        "一、李大华于三日内修复漏水管道。",
        "于2026年3月20日前履行完毕",
        "郑调解",
        "2026年3月6日",
    ):
        assert text in xml, text
    page = client.get(reverse("cases:detail", args=["mediation", mediating.pk])).content.decode()
    assert "人民调解协议书" in page and "下载PDF" in page
    # A mediator of another street: the case and its document do not exist for them.
    other = make_user(Role.MEDIATOR, "330106004-TWH")
    client.force_login(other)
    assert client.get(reverse("cases:document", args=[doc.pk, "pdf"])).status_code == 404
    assert client.get(reverse("cases:detail", args=["mediation", mediating.pk])).status_code == 404
    assert (
        client.post(reverse("cases:issue", args=["mediation", mediating.pk, doc.event_id])).status_code == 404
    )


@pytest.mark.django_db
def test_an_oral_agreement_is_not_written_up(client, beishan_mediator, mediating):
    client.force_login(beishan_mediator)
    assert agree(client, mediating, form="oral").status_code == 302
    assert not CaseDocument.objects.filter(case=mediating).exists()
    page = client.get(reverse("cases:detail", args=["mediation", mediating.pk])).content.decode()
    assert "生成文书" not in page
