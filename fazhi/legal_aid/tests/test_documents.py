"""法律援助 文书: the decision to give aid and the 指派通知书 to the assigned lawyer's firm, with
the case's 发文字号; the refusal with its reasons."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

from fazhi.cases.models import CaseDocument
from fazhi.cases.services import case_transition
from fazhi.legal_aid.tests.conftest import RECEIVED, RICH


def text(doc: CaseDocument) -> str:
    with doc.docx.open("rb") as f, zipfile.ZipFile(io.BytesIO(f.read())) as z:
        return z.read("word/document.xml").decode()


@pytest.mark.django_db
def test_grant_and_assignment_give_their_documents(client, fayuan, pool, apply):
    case = apply(fayuan)
    case = case_transition(actor=fayuan, case=case, name="grant", data={}, on=RECEIVED, documents=True)
    data = {"lawyer": str(pool["zhou"].pk)}
    case = case_transition(actor=fayuan, case=case, name="assign", data=data, on=RECEIVED, documents=True)
    grant, notice = CaseDocument.objects.filter(case=case).order_by("id")
    assert (grant.title, notice.title) == ("给予法律援助决定书", "法律援助指派通知书")
    assert grant.number == notice.number == case.number and case.number.startswith("杭西法援〔2024〕")
    assert "王小明：" in text(grant) and "提出的请求支付劳动报酬法律援助申请" in text(grant)
    body = text(notice)
    assert "浙江西湖律师事务所：" in body and "指派你所周律师" in body
    assert "西湖区法律援助中心" in body
    # The legal-aid case page lists them beside their steps.
    client.force_login(fayuan)
    page = client.get(reverse("cases:detail", args=["legal_aid", case.pk])).content.decode()
    assert "给予法律援助决定书" in page and "法律援助指派通知书" in page and case.number in page


@pytest.mark.django_db
def test_refusal_states_its_reasons(fayuan, apply):
    case = apply(fayuan, **RICH)
    reasons = "家庭人均月收入高于本地经济困难标准。\n申请事项不属于法律援助范围。"
    case = case_transition(
        actor=fayuan,
        case=case,
        name="refuse",
        data={"reasons": reasons, "objection_right_advised": "1"},
        on=RECEIVED,
        documents=True,
    )
    (doc,) = CaseDocument.objects.filter(case=case)
    assert doc.title == "不予法律援助决定书"
    body = text(doc)
    assert "家庭人均月收入高于本地经济困难标准。" in body and "申请事项不属于法律援助范围。" in body
    assert "第四十九条" in body
