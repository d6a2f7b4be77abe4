"""The dashboard, drill-down and JSON endpoint, for the user's scope."""

import json
from datetime import date

import pytest
from django.urls import reverse

from fazhi.core.roles import Role
from fazhi.indicators.tests.test_engine import mediate


@pytest.fixture
def data(make_user, new_mediation):
    admin = make_user(Role.ADMIN)
    for i in range(6):
        mediate(admin, new_mediation, committee="330106002-TWH", accepted=True, success=i < 5)
    for _ in range(2):
        mediate(admin, new_mediation, committee="330106109-TWH", accepted=True, success=True)
    return admin


def test_dashboard_shows_figures_with_numerator_and_denominator(client, data, make_user):
    client.force_login(make_user(Role.LEADER))
    html = client.get(reverse("indicators:dashboard"), {"year": "2024"}).content.decode()
    assert 'data-testid="tile-mediation.success_rate">87.50%' in html
    assert ">7</a> / <a" in html and ">8</a>" in html
    assert "两控一稳一升" in html


def test_dashboard_defaults_to_the_latest_year_with_records(client, data, make_user):
    client.force_login(make_user(Role.LEADER))
    response = client.get(reverse("indicators:dashboard"))
    assert response.context["period"].start == date(2024, 1, 1)


def test_a_street_user_sees_its_street_only(client, data, make_user):
    client.force_login(make_user(Role.JUSTICE_OFFICE_STAFF, "330106109"))
    response = client.get(reverse("indicators:dashboard"), {"year": "2024"})
    assert response.context["org"].code == "330106109"
    results = {r.key: r for r in response.context["headline"]}
    assert results["mediation.success_rate"].value == 100


def test_drill_down_lists_exactly_the_records_behind_the_numerator(client, data, make_user):
    client.force_login(make_user(Role.LEADER))
    url = reverse("indicators:drill", args=["mediation.success_rate"])
    html = client.get(url, {"year": "2024", "org": "330106"}).content.decode()
    table = html.split('data-testid="drill-table"')[1].split("</table>")[0]
    assert "共 7 条" in html and table.count("/cases/mediation/") == 7
    html = client.get(url, {"year": "2024", "org": "330106", "part": "denominator"}).content.decode()
    assert "共 8 条" in html


def test_drill_down_is_filtered_to_what_the_user_may_see(client, data, make_user):
    client.force_login(make_user(Role.JUSTICE_OFFICE_STAFF, "330106109"))
    url = reverse("indicators:drill", args=["mediation.accepted"])
    assert "共 2 条" in client.get(url, {"year": "2024"}).content.decode()  # its street's records
    # the district asked for by name is refused, not answered with the street's figures (issue 13.10)
    assert client.get(url, {"year": "2024", "org": "330106"}).status_code == 403


def test_json_endpoint_matches_the_command(client, data, make_user):
    client.force_login(make_user(Role.LEADER))
    rows = json.loads(
        client.get(
            reverse("indicators:api"),
            {"from": "2024-01-01", "to": "2024-12-31", "org": "330106", "key": "mediation.success_rate"},
        ).content
    )
    assert rows == [{**rows[0], "value": 87.5, "numerator": 7, "denominator": 8}]


def test_roles_without_indicator_rights_are_refused(client, data, make_user):
    client.force_login(make_user(Role.MEDIATOR, "330106002-TWH"))
    assert client.get(reverse("indicators:dashboard")).status_code == 403
