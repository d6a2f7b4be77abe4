"""Fixtures of the 行政复议 line: a 复议局 officer and a factory of applications."""

from datetime import date

import pytest

from fazhi.cases.services import PartyInput
from fazhi.core.roles import Role
from fazhi.law.validators import id_number_checksum
from fazhi.reconsideration.services import reconsideration_receive

ID17 = "33010619800101001"
ID_NUMBER = ID17 + id_number_checksum(ID17)
USCC = "91330106MA2B3C4D5D"  # checksum-valid (GB 32100)


@pytest.fixture
def officer(make_user):
    """行政复议局 staff: the grant on 330106-FYJ covers every case of the district."""
    return make_user(Role.RECONSIDERATION_OFFICER, "330106-FYJ", username="fuyi_li", display_name="李复议")


@pytest.fixture
def application(xihu):
    """application(actor, received_on=…, **detail) -> a received reconsideration case.

    Defaults: a 2024 market-supervision penalty served directly on 2024-03-01, applied for on
    2024-03-05 (in time), by a natural person, not 涉企."""

    def make(actor, received_on=date(2024, 3, 5), enterprise=False, **kw):
        applicant = (
            PartyInput(
                role="applicant", legal_entity={"name": "西湖演示科技有限公司", "uscc": kw.pop("uscc")}
            )
            if "uscc" in kw
            else PartyInput(
                role="applicant", person={"name": "王小明", "id_number": ID_NUMBER, "phone": "13812345678"}
            )
        )
        return reconsideration_receive(
            actor=actor,
            received_on=received_on,
            applicant=applicant,
            respondent=kw.pop("respondent", "330106-SCJG"),
            act_description=kw.pop("act_description", "西市监罚〔2024〕12号行政处罚决定"),
            service_mode=kw.pop("service_mode", "DIRECT"),
            service_date=kw.pop("service_date", date(2024, 3, 1)),
            act_date=kw.pop("act_date", date(2024, 2, 28)),
            enterprise_related=enterprise,
            **kw,
        )

    return make
