"""The API is generic: every registered case kind gets its endpoints from its declarations. Shown
with a kind registered only for this test, in the legal-aid area, where a lawyer sees only the
cases assigned to them (an assignee-only role, through `scoped_for`) — and with every line that
is registered in this build."""

import sys
import types

import pytest
from django.urls import include, path

from fazhi.api.api import build_api, urlpatterns_of
from fazhi.cases import registry
from fazhi.cases.models import Case
from fazhi.cases.registry import CaseKind
from fazhi.cases.workflow import STAY, Field, Transition, Workflow
from fazhi.core.roles import Area, Role

AID = "/api/cases/aidtest/"


@pytest.fixture
def aid_kind(settings):
    """A case kind in the legal-aid area, served by an API built with it."""
    spec = CaseKind(
        kind="aidtest",
        label="援助测试",
        area=Area.LEGAL_AID,
        workflow=Workflow(
            kind="aidtest",
            label="援助测试",
            states={"received": "已收到", "assigned": "已指派", "closed": "已结案"},
            initial="received",
            transitions=(
                Transition(
                    "assign",
                    "指派律师",
                    ("received",),
                    "assigned",
                    fields=(Field("assignee", "承办律师", kind="user"),),
                ),
                Transition("report", "报告进展", ("assigned",), STAY, fields=(Field("note", "进展"),)),
                Transition(
                    "expedite",
                    "加急",
                    ("assigned",),
                    STAY,
                    when=lambda facts, data: None if facts["enterprise_related"] else "仅涉企案件可加急。",
                ),
                Transition("close", "结案", ("assigned",), "closed", closes=True),
            ),
        ),
        applicant_label="受援人",
        may_take=lambda actor, case, t: (
            "结案由法律援助中心工作人员办理。"
            if t.name == "close" and actor.grants.filter(role=Role.LEGAL_AID_LAWYER).exists()
            else None
        ),
    )
    saved = dict(registry._KINDS)
    registry._KINDS[spec.kind] = spec  # not registry.register: that would add a menu entry for good
    urlconf = types.ModuleType("fazhi_api_test_urls")
    urlconf.urlpatterns = [path("api/", include((urlpatterns_of(build_api()), "api")))]
    sys.modules[urlconf.__name__] = urlconf
    settings.ROOT_URLCONF = urlconf.__name__
    yield spec
    registry._KINDS.clear()
    registry._KINDS.update(saved)
    del sys.modules[urlconf.__name__]


def aid_case(client, title):
    response = client.post(
        AID,
        {
            "org_unit": "330106-FYZX",
            "received_on": "2024-06-03",
            "title": title,
            "parties": [{"role": "applicant", "name": "孙受援"}],
        },
    )
    assert response.status_code == 201, response.content
    return response.json()["id"]


def test_a_lawyer_sees_and_handles_only_the_cases_assigned_to_them(aid_kind, api, make_user):
    staff = api(make_user(Role.LEGAL_AID_STAFF, "330106-FYZX"))
    lawyer_user = make_user(Role.LEGAL_AID_LAWYER, "330106", username="lvshi")
    lawyer = api(lawyer_user)
    first, second = aid_case(staff, "工伤赔偿"), aid_case(staff, "欠薪")
    assert lawyer.get(AID).json()["items"] == []
    assert lawyer.get(f"{AID}{first}").status_code == 404

    response = staff.post(f"{AID}{first}/transitions/assign", {"data": {"assignee": "nobody"}})
    assert response.status_code == 400
    assert response.json()["errors"] == {"data.assignee": "找不到用户“nobody”（承办律师）。"}
    response = staff.post(f"{AID}{first}/transitions/assign", {"data": {"assignee": "lvshi"}})
    assert response.status_code == 200, response.content
    assert response.json()["assignee"]["username"] == "lvshi"
    assert Case.objects.get(pk=first).assignee == lawyer_user

    assert [c["title"] for c in lawyer.get(AID).json()["items"]] == ["工伤赔偿"]
    assert lawyer.get(f"{AID}{second}").status_code == 404
    assert lawyer.post(f"{AID}{second}/transitions/close", {}).status_code == 404
    # Only the steps this user may take now: not 加急 (when: only 涉企), not 结案 (may_take).
    body = lawyer.get(f"{AID}{first}").json()
    assert [(t["name"], t["target_label"]) for t in body["transitions"]] == [("report", "已指派")]
    refused = lawyer.post(f"{AID}{first}/transitions/close", {})
    assert refused.status_code == 403 and refused.json()["detail"] == "结案由法律援助中心工作人员办理。"
    refused = lawyer.post(f"{AID}{first}/transitions/expedite", {})
    assert refused.status_code == 400 and refused.json()["errors"] == {"": "仅涉企案件可加急。"}
    reported = lawyer.post(f"{AID}{first}/transitions/report", {"data": {"note": "已约见受援人"}}).json()
    assert reported["status"] == "assigned" and reported["events"][-1]["summary"] == "报告进展"
    assert staff.post(f"{AID}{first}/transitions/close", {}).json()["status"] == "closed"
    # Assignee-only roles never receive cases.
    create = lawyer.post(
        AID,
        {
            "org_unit": "330106-FYZX",
            "received_on": "2024-06-03",
            "title": "x",
            "parties": [{"role": "applicant", "name": "孙"}],
        },
    )
    assert create.status_code == 403


def test_a_kind_gets_documented_endpoints_from_its_declarations(aid_kind, client):
    schema = client.get("/api/openapi.json").json()
    assert {
        "/api/cases/aidtest/",
        "/api/cases/aidtest/{case_id}",
        "/api/cases/aidtest/{case_id}/transitions/assign",
    } <= set(schema["paths"])
    assign = schema["paths"]["/api/cases/aidtest/{case_id}/transitions/assign"]["post"]
    assert assign["tags"] == ["援助测试"] and assign["summary"] == "办理：指派律师"
    report = schema["paths"]["/api/cases/aidtest/{case_id}/transitions/report"]["post"]
    assert report["description"] == "在“已指派”时办理，状态不变（记录环节）。"
    data = schema["components"]["schemas"]["AidtestAssignData"]
    assert data["properties"]["assignee"]["title"] == "承办律师" and data["required"] == ["assignee"]


def test_every_registered_line_has_its_endpoints_and_answers(api, make_user, client):
    """Lines registered by other apps (legal aid, reconsideration, litigation …) come for free."""
    schema = client.get("/api/openapi.json").json()
    tags = {tag for ops in schema["paths"].values() for op in ops.values() for tag in op["tags"]}
    leader = api(make_user(Role.LEADER))
    kinds = registry.all_kinds()
    assert "mediation" in {k.kind for k in kinds}
    for spec in kinds:
        assert spec.label in tags
        base = f"/api/cases/{spec.kind}/"
        assert base in schema["paths"] and f"{base}{{case_id}}" in schema["paths"]
        # Lines with their own intake screen (or whose cases come from another case) get no create.
        assert ("post" in schema["paths"][base]) is (spec.intake and not spec.intake_url)
        for t in spec.workflow.transitions:
            assert (f"{base}{{case_id}}/transitions/{t.name}" in schema["paths"]) is not t.automatic
        response = leader.get(base)
        assert response.status_code == 200, (spec.kind, response.content)
        assert response.json()["total"] == 0
