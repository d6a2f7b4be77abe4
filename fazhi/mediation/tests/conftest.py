import pytest

from fazhi.cases.services import PartyInput, case_create
from fazhi.core.roles import Role
from fazhi.law.validators import id_number_checksum

ID17 = "33010619850315002"
ID_NUMBER = ID17 + id_number_checksum(ID17)


@pytest.fixture
def beishan_mediator(make_user):
    return make_user(Role.MEDIATOR, "330106002-TWH", username="tiaojie", display_name="郑调解")


@pytest.fixture
def new_mediation(xihu):
    """new_mediation(actor, committee_code='330106002-TWH', received_on=…) -> Case"""

    def make(actor, committee="330106002-TWH", received_on=None, **kw):
        from datetime import date

        return case_create(
            actor=actor,
            kind="mediation",
            org_unit=xihu[committee],
            received_on=received_on or date(2024, 3, 5),
            title=kw.pop("title", "邻里漏水纠纷"),
            parties=[
                PartyInput(
                    role="applicant",
                    person={"name": "王小明", "id_number": ID_NUMBER, "phone": "13812345678"},
                ),
                PartyInput(role="respondent", person={"name": "李大华"}),
            ],
            detail={"dispute_type": kw.pop("dispute_type", "neighbour")},
            **kw,
        )

    return make


@pytest.fixture
def shipped_aliases(db):
    """The shipped 台账同义词 (a data migration's rows; a transactional test before may have flushed them)."""
    from fazhi.cases.ledger_aliases import ensure_defaults
    from fazhi.cases.models import LedgerAlias

    ensure_defaults(LedgerAlias)
