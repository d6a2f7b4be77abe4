"""行政应诉: filing the answer gives the 答辩状 cover, with the court's case number (no 发文字号)."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest

from fazhi.cases.models import CaseDocument
from fazhi.cases.services import case_transition


@pytest.mark.django_db
def test_the_answer_gives_the_defence_cover(yingsu, register):
    case = register(yingsu)
    data = {"evidence_count": "12", "basis_count": "2"}
    case = case_transition(
        actor=yingsu, case=case, name="answer", data=data, on=date(2024, 3, 15), documents=True
    )
    (doc,) = CaseDocument.objects.filter(case=case)
    assert (doc.title, doc.number) == ("行政诉讼答辩状（封面）", "")
    with doc.docx.open("rb") as f, zipfile.ZipFile(io.BytesIO(f.read())) as z:
        body = z.read("word/document.xml").decode()
    for expected in (
        "（2024）浙0106行初123号",
        "杭州市西湖区人民法院",
        "答辩人：",
        "被答辩人（原告）：王小明",
        "提交证据：12 件",
    ):
        assert expected in body, expected
