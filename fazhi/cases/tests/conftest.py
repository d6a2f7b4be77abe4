"""The engine's tests run on a test-only kind (fazhi/cases/tests/samplekind), not on a business
line: fazhi.cases and its tests import no line (the `layers` import contract, pyproject.toml)."""

from datetime import date

import pytest

from fazhi.cases import registry
from fazhi.cases.services import PartyInput, case_create
from fazhi.cases.tests.samplekind.kind import KIND, sample_kind
from fazhi.core import navigation
from fazhi.core.roles import Role
from fazhi.law.validators import id_number_checksum

ID17 = "33010619850315002"
ID_NUMBER = ID17 + id_number_checksum(ID17)


@pytest.fixture(autouse=True)
def sample(monkeypatch):
    """The test kind, registered for this test only: the registry and the menu are restored after it."""
    monkeypatch.setattr(registry, "_KINDS", dict(registry._KINDS))
    monkeypatch.setattr(navigation, "_REGISTRY", dict(navigation._REGISTRY))
    spec = sample_kind()
    registry.register(spec)
    return spec


@pytest.fixture
def beishan_mediator(make_user):
    return make_user(Role.MEDIATOR, "330106002-TWH", username="tiaojie", display_name="郑调解")


@pytest.fixture
def new_case(xihu):
    """new_case(actor, unit='330106002-TWH', received_on=…, title=, category=, …) -> a sample Case"""

    def make(actor, unit="330106002-TWH", received_on=None, **kw):
        return case_create(
            actor=actor,
            kind=KIND,
            org_unit=xihu[unit],
            received_on=received_on or date(2024, 3, 5),
            title=kw.pop("title", "邻里漏水纠纷"),
            parties=[
                PartyInput(
                    role="applicant",
                    person={"name": "王小明", "id_number": ID_NUMBER, "phone": "13812345678"},
                ),
                PartyInput(role="respondent", person={"name": "李大华"}),
            ],
            detail={"category": kw.pop("category", "neighbour")},
            **kw,
        )

    return make
