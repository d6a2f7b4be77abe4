"""The gate through the API and the step form; the decision's scope (a department sees its own)."""

import json

import pytest

from fazhi.cases.models import Case
from fazhi.core.roles import Role
from fazhi.decisions.tests.conftest import DECIDE

pytestmark = pytest.mark.django_db


def _post(client, user, path, body):
    """The API as a signed-in user calls it (the line's tests import no upper layer for a token)."""
    client.force_login(user)
    return client.post(path, json.dumps(body), content_type="application/json")


def test_api_refuses_decide_without_review_period_with_article(client, bumen, start, walk):
    case = walk(bumen, start(bumen), replace={"legality": {"review_allowed_until": "2024-03-20"}})
    response = _post(
        client,
        bumen,
        f"/api/cases/decision/{case.pk}/transitions/decide",
        {"on": "2024-04-01", "data": DECIDE},
    )
    assert response.status_code == 400, response.content
    body = response.json()
    assert "合法性审查时间" in body["detail"] and "第二十六条" in body["detail"]
    assert Case.objects.get(pk=case.pk).status == "reviewing"
    ok = walk(bumen, start(bumen, title="另一事项"))
    response = _post(
        client, bumen, f"/api/cases/decision/{ok.pk}/transitions/decide", {"on": "2024-04-01", "data": DECIDE}
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "decided"


def test_form_shows_missing_step_and_refuses(client, bumen, start, walk):
    case = walk(bumen, start(bumen, market_activity=True))
    client.force_login(bumen)
    url = f"/cases/decision/{case.pk}/do/decide/"
    page = client.get(url).content.decode()
    assert 'data-testid="gate-refused"' in page and "公平竞争审查" in page and "第二十九条" in page
    response = client.post(
        url, {"on": "2024-04-01", **{k: ("on" if v is True else v) for k, v in DECIDE.items()}}
    )
    assert response.status_code == 400
    assert "公平竞争审查" in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == "reviewing"


def test_case_page_checklist(client, bumen, start, walk):
    case = walk(bumen, start(bumen, stability_risk=True))
    client.force_login(bumen)
    page = client.get(f"/cases/decision/{case.pk}/").content.decode()
    assert 'data-testid="gate-risk" data-state="missing"' in page
    assert 'data-testid="gate-comment" data-state="done"' in page
    assert 'data-testid="gate-expertise" data-state="not_required"' in page
    assert "最早于2024年3月11日届满" in page  # JC-15 counted from 2024-02-10, shown with its basis


def test_department_sees_its_own_decisions_district_sees_all(client, bumen, hefa, start, make_user):
    own = start(bumen)
    other = start(hefa, unit="330106-JYJ", title="公办幼儿园布局规划")
    visible = set(Case.objects.scoped_for(bumen).filter(kind="decision").values_list("pk", flat=True))
    assert visible == {own.pk}
    assert set(Case.objects.scoped_for(hefa).filter(kind="decision").values_list("pk", flat=True)) == {
        own.pk,
        other.pk,
    }
    leader = make_user(Role.LEADER, "330106")
    assert Case.objects.scoped_for(leader).filter(kind="decision").count() == 2
    client.force_login(bumen)
    assert client.get(f"/cases/decision/{other.pk}/").status_code in (403, 404)


def test_intake_screen_starts_a_decision(client, bumen, catalogue, xihu):
    client.force_login(bumen)
    page = client.get("/decisions/new/")
    assert page.status_code == 200 and "启动登记" in page.content.decode()
    response = client.post(
        "/decisions/new/",
        {
            "title": "市场监管领域信用分级分类监管办法",
            "catalogue": str(catalogue.pk),
            "org_unit": str(xihu["330106-SCJG"].pk),
            "matter_type": "policy",
            "received_on": "2024-02-01",
            "market_activity": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get(kind="decision", title="市场监管领域信用分级分类监管办法")
    assert case.decision.market_activity and case.decision.catalogue == catalogue
    assert case.org_unit.code == "330106-SCJG"


def test_intake_screen_names_the_bad_field(client, bumen, catalogue, xihu):
    client.force_login(bumen)
    response = client.post(
        "/decisions/new/",
        {
            "title": "",
            "catalogue": str(catalogue.pk),
            "org_unit": str(xihu["330106-SCJG"].pk),
            "received_on": "x",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="error-title"' in html and 'data-testid="error-matter_type"' in html
