"""A figure counted from a register drills down into the register's own list, filtered to exactly
the rows behind it (and only those the user may see)."""

from datetime import date

from django.urls import reverse

from fazhi.core.roles import Role
from fazhi.registers import declarations
from fazhi.registers.services import register_create

CONSULTATIONS = declarations.get("consultations")


def consult(actor, day, channel, unit="330106002-SFS", summary=""):
    values = {
        "consulted_on": day,
        "channel": channel,
        "org_unit": unit,
        "topic": "labour",
        "summary": summary,
    }
    return register_create(actor=actor, reg=CONSULTATIONS, values=values)


def test_the_consultations_figure_opens_the_register_list_of_exactly_its_rows(client, make_user):
    staff = make_user(Role.LEGAL_AID_STAFF, "330106")
    consult(staff, date(2024, 3, 5), "phone", summary="计入：来电")
    consult(staff, date(2024, 4, 5), "walk_in", unit="330106109-SFS", summary="计入：来访")
    consult(staff, date(2024, 5, 5), "online", summary="不计：网上咨询")
    consult(staff, date(2023, 5, 5), "phone", summary="不计：上一年")
    client.force_login(make_user(Role.LEADER))
    url = (
        reverse("indicators:drill", args=["legal_aid.consultations"])
        + "?from=2024-01-01&to=2024-12-31&org=330106"
    )
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("registers:list", args=["consultations"])
    )
    page = client.get(response["Location"]).content.decode()
    assert "计入：来电" in page and "计入：来访" in page
    assert "不计：" not in page and "共 2 条" in page and "来电来访咨询" in page
    # A 司法所 sees its own rows of the figure only.
    client.force_login(make_user(Role.JUSTICE_OFFICE_STAFF, "330106109"))
    page = client.get(response["Location"]).content.decode()
    assert "计入：来访" in page and "计入：来电" not in page
    # Parameters naming no register figure show nothing rather than everything.
    bad = (
        reverse("registers:list", args=["consultations"])
        + "?indicator=mediation.accepted&period_from=2024-01-01&period_to=2024-12-31&period_org=330106"
    )
    assert "共 0 条" in client.get(bad).content.decode()
