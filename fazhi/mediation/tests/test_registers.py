"""The mediation rosters as registers: a 司法所 keeps its committees' mediators; a mediator sees
the committee's roster but does not edit it; history and 离任 through the one service."""

from datetime import date

import pytest
from django.urls import reverse

from fazhi.cases.workflow import WorkflowError
from fazhi.core.roles import Role
from fazhi.mediation.models import Mediator
from fazhi.registers import declarations
from fazhi.registers.services import register_create, register_retire

MEDIATORS = declarations.get("mediators")


def test_a_justice_office_keeps_its_committees_roster(client, make_user, xihu, beishan_mediator):
    office = make_user(Role.JUSTICE_OFFICE_STAFF, "330106002")
    values = {
        "name": "钱调解",
        "committee": "330106002-TWH",
        "joined_on": "2024-01-02",
        "phone": "13812345678",
    }
    m = register_create(actor=office, reg=MEDIATORS, values={**values, "full_time": True})
    assert m.org_path == xihu["330106002-TWH"].path and m.history.count() == 1
    with pytest.raises(WorkflowError):  # another township's committee
        register_create(actor=office, reg=MEDIATORS, values={**values, "committee": "330106109-TWH"})
    register_retire(actor=office, reg=MEDIATORS, obj=m, on=date(2024, 6, 30))
    assert Mediator.objects.get().left_on == date(2024, 6, 30)
    # The committee's mediator sees the roster, without the buttons to change it.
    client.force_login(beishan_mediator)
    page = client.get(reverse("registers:list", args=["mediators"]) + "?state=all").content.decode()
    assert "钱调解" in page and "新增调解员" not in page
    assert client.get(reverse("registers:new", args=["mediators"])).status_code == 403
    client.force_login(make_user(Role.JUSTICE_OFFICE_STAFF, "330106109"))
    page = client.get(reverse("registers:list", args=["mediators"]) + "?state=all").content.decode()
    assert "钱调解" not in page
