"""Legal-aid fixtures: the centre's staff, a 司法所 station's staff, lawyers in the pool, applications."""

from datetime import date

import pytest

from fazhi.cases.services import PartyInput
from fazhi.core.roles import Role
from fazhi.law.validators import id_number_checksum
from fazhi.legal_aid import services

ID17 = "33010619800704002"
ID_NUMBER = ID17 + id_number_checksum(ID17)
RECEIVED = date(2024, 3, 4)  # a Monday

# Household monthly income per head below the bundled (demo) standard of 2,280 yuan: hardship.
POOR = {
    "matter_type": "civil",
    "matter": "LABOUR_PAY",
    "household_size": 3,
    "monthly_income_per_head": "1500",
}
RICH = {
    "matter_type": "civil",
    "matter": "SUPPORT_PAYMENT",
    "household_size": 2,
    "monthly_income_per_head": "9000",
}
UNKNOWN_INCOME = {"matter_type": "civil", "matter": "TRAFFIC_ACCIDENT"}


@pytest.fixture
def fayuan(make_user):
    """法援中心 staff (the centre's unit): receives, decides, assigns, records evaluations."""
    return make_user(Role.LEGAL_AID_STAFF, "330106-FYZX", username="fayuan_staff", display_name="陈法援")


@pytest.fixture
def district_staff(make_user):
    """Legal-aid staff with the whole district in scope (the centre and every 司法所 station)."""
    return make_user(Role.LEGAL_AID_STAFF, "330106", username="fayuan_district", display_name="区法援")


@pytest.fixture
def beishan_station(make_user):
    """Legal-aid staff of the 北山 司法所 station."""
    return make_user(Role.LEGAL_AID_STAFF, "330106002-SFS", username="beishan_station")


@pytest.fixture
def sandun_station(make_user):
    return make_user(Role.LEGAL_AID_STAFF, "330106109-SFS", username="sandun_station")


@pytest.fixture
def lawyer_user(make_user):
    return make_user(Role.LEGAL_AID_LAWYER, "330106", username="lvshi_zhou", display_name="周律师")


@pytest.fixture
def other_lawyer_user(make_user):
    return make_user(Role.LEGAL_AID_LAWYER, "330106", username="lvshi_wu", display_name="吴律师")


@pytest.fixture
def pool(fayuan, lawyer_user, other_lawyer_user):
    """Two senior lawyers in the pool, each with a platform account."""
    zhou = add_lawyer(
        fayuan,
        name="周律师",
        law_firm="浙江西湖律师事务所",
        licence_number="13301201510000001",
        licensed_on=date(2015, 6, 1),
        joined_on=date(2024, 1, 10),
        user=lawyer_user,
    )
    wu = add_lawyer(
        fayuan,
        name="吴律师",
        law_firm="浙江求是律师事务所",
        licensed_on=date(2012, 9, 1),
        joined_on=date(2023, 5, 1),
        user=other_lawyer_user,
    )
    return {"zhou": zhou, "wu": wu}


def add_lawyer(actor, **values):
    """A lawyer into the pool through the register's one service (the centre is the unit)."""
    from fazhi.core.models import OrgUnit
    from fazhi.legal_aid.registers import LAWYERS
    from fazhi.registers.services import register_create

    values.setdefault("org_unit", OrgUnit.objects.get(code="330106-FYZX"))
    return register_create(actor=actor, reg=LAWYERS, values=values)


@pytest.fixture
def apply(xihu):
    """apply(actor, unit='330106-FYZX', received_on=RECEIVED, title=…, **detail) -> Case"""

    def make(actor, unit="330106-FYZX", received_on=RECEIVED, title="追索劳动报酬", **detail):
        return services.legal_aid_apply(
            actor=actor,
            org_unit=xihu[unit],
            received_on=received_on,
            title=title,
            parties=[
                PartyInput(
                    role="applicant",
                    person={"name": "王小明", "id_number": ID_NUMBER, "phone": "13812345678"},
                ),
                PartyInput(role="respondent", person={"name": "李大华"}),
            ],
            detail=detail or dict(POOR),
        )

    return make
