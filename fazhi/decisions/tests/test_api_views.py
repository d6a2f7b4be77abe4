"""The gate through the API and the step form; the decision's scope (a department sees its own)."""

import json
from datetime import date

import pytest

from fazhi.cases.models import Case
from fazhi.cases.services import case_transition
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


def test_worklist_filters_by_catalogue_year_and_progress(client, hefa, start, walk, xihu):
    from fazhi.decisions.models import DecisionCatalogue
    from fazhi.decisions.services import decision_create

    old = DecisionCatalogue.objects.create(
        org_unit=xihu["330106-QZF"], year=2023, title="2023年度目录", approved_by="中共杭州市西湖区委"
    )
    decision_create(
        actor=hefa,
        catalogue=old,
        org_unit=xihu["330106-JYJ"],
        title="上年度事项",
        matter_type="plan",
        launched_on=date(2023, 3, 1),
    )
    decided = walk(hefa, start(hefa, title="已决策事项"))
    case_transition(actor=hefa, case=decided, name="decide", data=DECIDE, on=date(2024, 4, 1))
    start(hefa, title="尚在启动的事项")
    client.force_login(hefa)
    html = client.get("/cases/decision/", {"catalogue": "2024", "gate": "open"}).content.decode()
    assert "尚在启动的事项" in html and "已决策事项" not in html
    html = client.get("/cases/decision/", {"gate": "decided"}).content.decode()
    assert "已决策事项" in html and "尚在启动的事项" not in html
    html = client.get("/cases/decision/", {"catalogue": "2023"}).content.decode()
    assert "上年度事项" in html and "尚在启动的事项" not in html


def test_buttons_a_role_may_not_use_are_not_shown(client, bumen, hefa, start, make_user):
    case = start(bumen)
    leader = make_user(Role.LEADER, "330106")
    client.force_login(leader)
    page = client.get(f"/cases/decision/{case.pk}/").content.decode()
    assert "拟订决策草案" not in page  # 局领导 views, does not handle
    assert client.get(f"/cases/decision/{case.pk}/do/draft/").status_code == 403
    client.force_login(bumen)
    assert "拟订决策草案" in client.get(f"/cases/decision/{case.pk}/").content.decode()
    catalogues = client.get("/registers/decision_catalogues/").content.decode()
    assert "新增目录" not in catalogues  # the catalogue is kept by the legality reviewer
    client.force_login(hefa)
    assert "新增目录" in client.get("/registers/decision_catalogues/").content.decode()


def _without_comment_period(bumen, start, walk):
    """Reviewed, but its comment period never recorded (as an import mid-way leaves it)."""
    case = walk(bumen, start(bumen))
    case.decision.comment_from = None
    case.decision.comment_until = None
    case.decision.save()
    return Case.objects.get(pk=case.pk)


def _with_a_short_review(bumen, start, walk):
    """The review allowed until the 6th working day after submission (Fri 2024-03-15 → Mon 25th)."""
    return walk(bumen, start(bumen), replace={"legality": {"review_allowed_until": "2024-03-25"}})


GATES = {
    "comment": (_without_comment_period, ("公开征求意见", "第十五条")),
    "review": (_with_a_short_review, ("合法性审查时间", "第二十六条")),
}


@pytest.mark.parametrize("gate", sorted(GATES))
def test_the_step_form_refuses_each_gate_with_its_article(client, bumen, start, walk, gate):
    make, words = GATES[gate]
    case = make(bumen, start, walk)
    client.force_login(bumen)
    url = f"/cases/decision/{case.pk}/do/decide/"
    page = client.get(url).content.decode()
    assert 'data-testid="gate-refused"' in page and all(w in page for w in words)
    response = client.post(
        url, {"on": "2024-04-01", **{k: ("on" if v is True else v) for k, v in DECIDE.items()}}
    )
    assert response.status_code == 400
    assert all(w in response.content.decode() for w in words)
    assert Case.objects.get(pk=case.pk).status == "reviewing"


@pytest.mark.parametrize("gate", sorted(GATES))
def test_the_api_refuses_each_gate_with_its_article(client, bumen, start, walk, gate):
    make, words = GATES[gate]
    case = make(bumen, start, walk)
    response = _post(
        client,
        bumen,
        f"/api/cases/decision/{case.pk}/transitions/decide",
        {"on": "2024-04-01", "data": DECIDE},
    )
    assert response.status_code == 400, response.content
    assert all(w in response.json()["detail"] for w in words)
    assert Case.objects.get(pk=case.pk).status == "reviewing"
