"""Fixtures of the 行政应诉 tests: the bureau's litigation officer and a registered suit."""

from datetime import date

import pytest

from fazhi.cases.services import PartyInput
from fazhi.core.roles import Role
from fazhi.law.validators import id_number_checksum
from fazhi.litigation.services import litigation_register

ID17 = "33010619800101003"
ID_NUMBER = ID17 + id_number_checksum(ID17)


@pytest.fixture
def yingsu(make_user):
    """应诉科 officer, granted on the district (as the demo account is)."""
    return make_user(Role.LITIGATION_OFFICER, "330106", username="yingsu", display_name="赵应诉")


@pytest.fixture
def register(xihu):
    """register(actor, number=…, agency='330106-SCJG', …) -> Case, through litigation_register."""

    def make(actor, number="（2024）浙0106行初123号", agency="330106-SCJG", **kw):
        plaintiff = kw.pop("plaintiff", None) or PartyInput(
            role="plaintiff", person={"name": "王小明", "id_number": ID_NUMBER, "phone": "13812345678"}
        )
        values = {
            "court_name": "杭州市西湖区人民法院",
            "title": "不服行政处罚决定",
            "act_category": "penalty",
            "filed_on": date(2024, 3, 1),
            "received_on": date(2024, 3, 5),
            "copy_received_on": date(2024, 3, 5),
        }
        values.update(kw)
        return litigation_register(
            actor=actor,
            court_case_number=number,
            defendant_agency=xihu[agency],
            plaintiffs=[plaintiff],
            **values,
        )

    return make
