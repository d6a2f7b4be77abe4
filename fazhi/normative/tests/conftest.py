from datetime import date

import pytest

from fazhi.cases.models import Case
from fazhi.core.roles import Role
from fazhi.normative.registers import DOCUMENTS
from fazhi.registers.services import register_create


@pytest.fixture
def reviewer(make_user):
    """The bureau's 合法性审查 reviewer: sees and keeps the whole district's register."""
    return make_user(Role.LEGALITY_REVIEWER, "330106")


@pytest.fixture
def scjg(make_user):
    """区市场监管局's legal officer: its own documents only."""
    return make_user(Role.DEPARTMENT_OFFICER, "330106-SCJG")


@pytest.fixture
def new_doc(reviewer):
    def make(number="西政发〔2024〕3号", published="2024-03-01", unit="330106-QZF", actor=None, **values):
        data = {
            "org_unit": unit,
            "doc_number": number,
            "title": f"关于{number}的规定",
            "published_on": published,
            **values,
        }
        return register_create(actor=actor or reviewer, reg=DOCUMENTS, values=data)

    return make


@pytest.fixture
def review_case(xihu):
    """A legality review case as fazhi.legality makes it (CONTRACT.md): kind "legality"."""

    def make(number="西合审〔2024〕7号", outcome="HEFA", title="西湖区促进数字经济发展若干政策（草案）"):
        return Case.objects.create(
            kind="legality",
            number=number,
            title=title,
            org_unit=xihu["330106-HFSC"],
            status="adopted",
            outcome=outcome,
            received_on=date(2024, 2, 1),
            closed_on=date(2024, 2, 20),
        )

    return make
