from datetime import date

import pytest

from fazhi.core.roles import Role
from fazhi.legality.services import legality_submit


@pytest.fixture
def hefa(make_user):
    """A reviewer of the district (the demo account hefa's grant)."""
    return make_user(Role.LEGALITY_REVIEWER, "330106")


@pytest.fixture
def bumen(make_user):
    """The 市场监管局's legal officer (the demo account bumen's grant)."""
    return make_user(Role.DEPARTMENT_OFFICER, "330106-SCJG")


@pytest.fixture
def submit(xihu):
    def make(actor, *, unit="330106-SCJG", matter="normative", on=date(2024, 3, 4), **kw):
        return legality_submit(
            actor=actor,
            submitting_unit=xihu[unit],
            matter_type=matter,
            title=kw.pop("title", "《西湖区市场主体登记管理办法（送审稿）》"),
            submitted_on=on,
            **kw,
        )

    return make
