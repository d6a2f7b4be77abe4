"""The indicators' REST endpoint (/api/v1/indicators) with a token: the same figures as the
dashboard's JSON endpoint, scoped to the token's user, bad input explained. (Moved here from
fazhi.indicators.tests: indicators sit below the API and their tests do not import it.)"""

import json

import pytest
from django.urls import reverse

from fazhi.api.services import api_token_create
from fazhi.core.roles import Role
from fazhi.indicators.tests.test_engine import mediate


@pytest.fixture
def data(make_user, new_mediation):
    """The records of the dashboard tests (fazhi.indicators.tests.test_views): 8 mediations, 7 agreed."""
    admin = make_user(Role.ADMIN)
    for i in range(6):
        mediate(admin, new_mediation, committee="330106002-TWH", accepted=True, success=i < 5)
    for _ in range(2):
        mediate(admin, new_mediation, committee="330106109-TWH", accepted=True, success=True)
    return admin


def _bearer(user):
    _token, secret = api_token_create(actor=None, user=user, name="市级驾驶舱")
    return {"Authorization": f"Bearer {secret}"}


def test_rest_api_gives_the_same_figures_with_a_token(client, data, make_user):
    leader = make_user(Role.LEADER)
    client.force_login(leader)
    params = {"from": "2024-01-01", "to": "2024-12-31", "org": "330106"}
    page = json.loads(client.get(reverse("indicators:api"), params).content)
    client.logout()
    response = client.get(reverse("api:indicators"), params, headers=_bearer(leader))
    assert response.status_code == 200
    assert response.json() == page
    one = client.get(
        reverse("api:indicators"), {**params, "key": "mediation.success_rate"}, headers=_bearer(leader)
    ).json()
    assert [(r["key"], r["value"], r["numerator"], r["denominator"]) for r in one] == [
        ("mediation.success_rate", 87.5, 7, 8)
    ]


def test_rest_api_scopes_and_explains_bad_input(client, data, make_user):
    street = _bearer(make_user(Role.JUSTICE_OFFICE_STAFF, "330106109"))
    rows = client.get(reverse("api:indicators"), {"year": "2024"}, headers=street).json()
    assert {r["key"]: r["value"] for r in rows}["mediation.accepted"] == 2
    assert all(r["org"] == "330106109" for r in rows)
    # another street's unit is not the caller's to see
    assert client.get(reverse("api:indicators"), {"org": "330106002"}, headers=street).status_code == 404
    bad = client.get(reverse("api:indicators"), {"key": "no.such"}, headers=street)
    assert bad.status_code == 400 and "no.such" in bad.json()["errors"]["key"]
    half = client.get(reverse("api:indicators"), {"from": "2024-01-01"}, headers=street)
    assert half.status_code == 400 and "from" in half.json()["errors"]
    mediator = _bearer(make_user(Role.MEDIATOR, "330106002-TWH"))
    assert client.get(reverse("api:indicators"), headers=mediator).status_code == 403
    assert client.get(reverse("api:indicators")).status_code == 401
