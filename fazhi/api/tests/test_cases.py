"""The case endpoints on the mediation line: worklist with the screen's filters, sorting and
paging; the case with masked personal data (revealed only on request, for a role that may, and
audited); intake and workflow steps through the engine's services with Chinese field errors;
and scoping exactly as in the selectors — another street's case is 404 everywhere."""

from datetime import date, timedelta

import pytest

from fazhi.cases.models import Case
from fazhi.cases.services import case_transition, today
from fazhi.core.models import AuditEvent
from fazhi.core.roles import Role

from .conftest import ID_NUMBER

LIST = "/api/cases/mediation/"


def detail_url(case):
    return f"/api/cases/mediation/{case.pk}"


def step_url(case, name):
    return f"/api/cases/mediation/{case.pk}/transitions/{name}"


@pytest.fixture
def streets(beishan_mediator, make_user, new_mediation):
    sandun = make_user(Role.MEDIATOR, "330106109-TWH", username="tiaojie_sandun")
    b1 = new_mediation(beishan_mediator, title="北山邻里纠纷", received_on=date(2024, 3, 5))
    b2 = new_mediation(
        beishan_mediator, title="北山物业纠纷", dispute_type="property_mgmt", received_on=date(2024, 4, 1)
    )
    s1 = new_mediation(sandun, committee="330106109-TWH", title="三墩合同纠纷", dispute_type="contract")
    return {"b1": b1, "b2": b2, "s1": s1, "sandun": sandun}


def titles(response):
    assert response.status_code == 200, response.content
    return [c["title"] for c in response.json()["items"]]


# --- scoping ----------------------------------------------------------------------------------


def test_a_mediator_never_sees_another_streets_case(api, streets, beishan_mediator):
    beishan = api(beishan_mediator)
    assert sorted(titles(beishan.get(LIST))) == ["北山物业纠纷", "北山邻里纠纷"]
    assert titles(beishan.get(LIST, {"q": "三墩"})) == []
    assert titles(beishan.get(LIST, {"org": "330106109"})) == []
    s1 = streets["s1"]
    response = beishan.get(detail_url(s1))
    assert response.status_code == 404 and response.json()["detail"] == "案件不存在或无权查看"
    assert beishan.get(detail_url(s1), {"reveal_pii": "true"}).status_code == 404
    assert beishan.post(step_url(s1, "accept"), {}).status_code == 404
    assert beishan.post(step_url(s1, "refuse"), {"data": {"reason": "x"}}).status_code == 404
    s1.refresh_from_db()
    assert s1.status == "received"
    sandun = api(streets["sandun"])
    assert titles(sandun.get(LIST)) == ["三墩合同纠纷"]
    assert sandun.get(detail_url(streets["b1"])).status_code == 404


def test_a_role_without_the_area_gets_403(api, make_user, streets):
    reviewer = api(make_user(Role.LEGALITY_REVIEWER))
    response = reviewer.get(LIST)
    assert response.status_code == 403 and response.json()["detail"] == "您没有查看人民调解的权限。"
    assert reviewer.get(detail_url(streets["b1"])).status_code == 403


def test_a_public_user_sees_only_their_own_submissions(api, make_user, new_mediation, streets, xihu):
    citizen = make_user(Role.PUBLIC, username="qunzhong")
    from fazhi.cases.services import PartyInput, portal_submit

    mine = portal_submit(
        actor=citizen,
        kind="mediation",
        org_unit=xihu["330106002-TWH"],
        title="我提交的纠纷",
        parties=[PartyInput(role="applicant", person={"name": "张群众"})],
        detail={"dispute_type": "neighbour"},
    )
    public = api(citizen)
    assert titles(public.get(LIST)) == ["我提交的纠纷"]
    body = public.get(detail_url(mine)).json()
    assert body["title"] == "我提交的纠纷" and body["transitions"] == [] and body["may_view_pii"] is False
    assert public.get(detail_url(streets["b1"])).status_code == 404
    assert public.post(step_url(mine, "accept"), {}).status_code == 403
    assert public.get("/api/deadlines/due").status_code == 403
    payload = {
        "org_unit": "330106002-TWH",
        "received_on": "2024-03-05",
        "title": "x",
        "parties": [{"role": "applicant", "name": "张三"}],
        "detail": {"dispute_type": "neighbour", "intake_mode": "application"},
    }
    response = public.post(LIST, payload)
    assert response.status_code == 403, response.json()


def test_a_view_only_role_sees_everything_masked_and_may_not_act(api, make_user, streets):
    auditor = api(make_user(Role.AUDITOR))
    assert len(titles(auditor.get(LIST))) == 3
    body = auditor.get(detail_url(streets["b1"])).json()
    assert body["transitions"] == [] and body["may_view_pii"] is False
    assert (
        body["parties"][0]["name"] == "王**"
        and body["parties"][0]["id_number"] == "3301**********" + ID_NUMBER[-4:]
    )
    response = auditor.get(detail_url(streets["b1"]), {"reveal_pii": "maybe"})
    assert response.json()["errors"] == {"reveal_pii": "“显示个人信息原文”应为 true 或 false。"}
    response = auditor.get(detail_url(streets["b1"]), {"reveal_pii": "true"})
    assert response.status_code == 403 and response.json()["detail"] == "您没有查看此案件个人信息原文的权限。"
    response = auditor.post(step_url(streets["b1"], "accept"), {})
    assert response.status_code == 403 and response.json()["detail"] == "您没有办理此案件的权限。"


# --- worklist -----------------------------------------------------------------------------------


def test_filters_sorting_and_the_lines_own_filter(api, make_user, streets):
    leader = api(make_user(Role.LEADER))
    assert titles(leader.get(LIST, {"org": "330106002", "sort": "received_on"})) == [
        "北山邻里纠纷",
        "北山物业纠纷",
    ]
    assert titles(leader.get(LIST, {"org": "330106002", "sort": "-received_on"})) == [
        "北山物业纠纷",
        "北山邻里纠纷",
    ]
    assert titles(leader.get(LIST, {"dispute_type": "contract"})) == ["三墩合同纠纷"]
    assert titles(leader.get(LIST, {"q": "物业"})) == ["北山物业纠纷"]
    assert titles(leader.get(LIST, {"received_from": "2024-03-10", "received_to": "2024-04-30"})) == [
        "北山物业纠纷"
    ]
    assert titles(leader.get(LIST, {"status": "mediating"})) == []
    assert titles(leader.get(LIST, {"enterprise": "true"})) == []
    assert len(titles(leader.get(LIST, {"enterprise": "false"}))) == 3
    handler_cases = titles(leader.get(LIST, {"handler": streets["sandun"].pk}))
    assert handler_cases == []  # handler is who the case is assigned to, not who received it


def test_a_row_has_labels_due_state_and_the_lines_columns(api, beishan_mediator, new_mediation):
    recent = today() - timedelta(days=28)
    case = new_mediation(beishan_mediator, received_on=recent)
    case_transition(actor=beishan_mediator, case=case, name="accept", on=recent)
    row = api(beishan_mediator).get(LIST).json()["items"][0]
    due = case.deadlines.get(rule_id="RM-11").due
    assert row["status"] == "mediating" and row["status_label"] == "调解中"
    assert row["org_unit"] == {"code": "330106002-TWH", "name": case.org_unit.name}
    assert row["next_due"] == due.isoformat()
    assert row["due_state"] == ("overdue" if due < today() else "soon" if (due - today()).days <= 3 else "")
    assert row["columns"] == {"纠纷类型": "邻里纠纷"}
    assert row["channel_label"] == "来访" and row["accepted_on"] == recent.isoformat()


def test_paging_reports_the_total(api, beishan_mediator, new_mediation):
    for i in range(7):
        new_mediation(beishan_mediator, title=f"纠纷{i}", received_on=date(2024, 1, 1) + timedelta(days=i))
    client = api(beishan_mediator)
    first = client.get(LIST, {"page_size": 5}).json()
    second = client.get(LIST, {"page_size": 5, "page": 2}).json()
    assert (first["total"], first["pages"], len(first["items"])) == (7, 2, 5)
    assert [c["title"] for c in second["items"]] == ["纠纷1", "纠纷0"]
    assert client.get(LIST, {"page": 9}).json()["items"] == []


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        (
            {"status": "nonsense"},
            "status",
            "“状态”的选项无效，可选：received、mediating、agreed、followed_up、refused、terminated。",
        ),
        ({"sort": "title"}, "sort", "“排序”的选项无效"),
        ({"received_from": "2024-13-01"}, "received_from", "“收到日期起”不是有效日期（应为 年-月-日）。"),
        ({"page": "0"}, "page", "“页码”不能小于 1。"),
        ({"page_size": "1000"}, "page_size", "“每页条数”不能大于 200。"),
        ({"handler": "abc"}, "handler", "“承办人”应为整数。"),
        # 纠纷类型 are data a bureau extends (issue 14.8): checked when the request comes
        ({"dispute_type": "quarrel"}, "dispute_type", "“纠纷类型”的选项“quarrel”无效"),
        ({"org": "999999"}, "org", "找不到单位“999999”。"),
    ],
)
def test_bad_filters_get_400_naming_the_field(api, beishan_mediator, params, field, message):
    response = api(beishan_mediator).get(LIST, params)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "请更正标出的内容。" and body["errors"][field].startswith(message)


# --- the case -------------------------------------------------------------------------------------


def test_the_case_masks_personal_data_and_shows_deadlines_timeline_and_steps(
    api, beishan_mediator, new_mediation
):
    case = new_mediation(beishan_mediator, received_on=date(2024, 3, 5))
    case_transition(actor=beishan_mediator, case=case, name="accept", on=date(2024, 3, 6))
    body = api(beishan_mediator).get(detail_url(case)).json()
    assert body["number"] == case.number and body["status_label"] == "调解中"
    applicant, respondent = body["parties"]
    assert applicant == {
        "id": applicant["id"],
        "role": "applicant",
        "role_label": "申请人",
        "type": "person",
        "name": "王**",
        "id_number": ID_NUMBER[:4] + "*" * 10 + ID_NUMBER[-4:],
        "phone": "138****5678",
        "address": "",
        "uscc": "",
        "org_unit": None,
    }
    assert respondent["name"] == "李**" and body["may_view_pii"] is True and body["pii_revealed"] is False
    detail = {f["name"]: f for f in body["detail"]}
    assert detail["dispute_type"]["value"] == "neighbour" and detail["dispute_type"]["display"] == "邻里纠纷"
    assert detail["non_public"]["display"] == "否"
    (deadline,) = body["deadlines"]
    assert (
        deadline["rule_id"] == "RM-11"
        and deadline["state"] == "open"
        and deadline["trigger_on"] == "2024-03-06"
    )
    stored = case.deadlines.get()
    assert deadline["due"] == stored.due.isoformat() and deadline["basis"] == stored.basis and stored.basis
    assert deadline["explanation"] == stored.explanation and deadline["provisional"] is stored.provisional
    assert [e["summary"] for e in body["events"]] == ["收案：邻里漏水纠纷", "受理调解"]
    assert all(e["data"] is None for e in body["events"])
    assert [t["name"] for t in body["transitions"]] == ["agree", "terminate", "party_stop"]
    agree = body["transitions"][0]
    assert agree["path"] == step_url(case, "agree") and agree["target_label"] == "达成协议"
    assert [(f["name"], f["required"]) for f in agree["fields"]] == [
        ("agreement_form", True),
        ("content", True),
        ("performance_due", False),
    ]
    assert not AuditEvent.objects.filter(action="view_pii").exists()


def test_revealing_personal_data_is_audited_with_the_token(
    api, beishan_mediator, new_mediation, token_for, client
):
    case = new_mediation(beishan_mediator)
    secret = token_for(beishan_mediator, name="市调处平台")
    response = client.get(
        detail_url(case), {"reveal_pii": "true"}, headers={"Authorization": f"Bearer {secret}"}
    )
    body = response.json()
    applicant = body["parties"][0]
    assert (applicant["name"], applicant["id_number"], applicant["phone"]) == (
        "王小明",
        ID_NUMBER,
        "13812345678",
    )
    assert body["pii_revealed"] is True and body["events"][0]["data"] == {}
    event = AuditEvent.objects.get(action="view_pii")
    assert event.actor == beishan_mediator and event.object_id == str(case.pk)
    assert event.detail["via"] == "api" and event.detail["api_token"] == secret[:12]
    assert event.detail["parties"] == [p["id"] for p in body["parties"]]


# --- intake ---------------------------------------------------------------------------------------


def intake(**overrides):
    payload = {
        "org_unit": "330106002-TWH",
        "received_on": "2024-05-06",
        "title": "楼上漏水",
        "channel": "phone",
        "parties": [
            {"role": "applicant", "name": "赵一", "id_number": ID_NUMBER, "phone": "13900001111"},
            {"role": "respondent", "name": "钱二"},
        ],
        "detail": {"dispute_type": "neighbour", "intake_mode": "application", "amount_involved": "1200.50"},
    }
    payload.update(overrides)
    return payload


def test_intake_creates_the_case_through_the_service_and_audits_it(api, beishan_mediator, token_for, client):
    secret = token_for(beishan_mediator)
    response = client.post(
        LIST, intake(), content_type="application/json", headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    case = Case.objects.get(pk=body["id"])
    assert (case.kind, case.status, case.title, case.channel) == (
        "mediation",
        "received",
        "楼上漏水",
        "phone",
    )
    assert case.number == body["number"] and case.number.startswith("330106002-TWH-2024-")
    assert case.mediation.dispute_type == "neighbour" and str(case.mediation.amount_involved) == "1200.50"
    assert [(p.role, p.name) for p in case.parties.all()] == [("applicant", "赵一"), ("respondent", "钱二")]
    assert case.parties.first().person.id_number == ID_NUMBER
    assert body["parties"][0]["name"] == "赵*" and body["events"][0]["summary"] == "收案：楼上漏水"
    detail = {f["name"]: f["value"] for f in body["detail"]}
    assert detail["amount_involved"] == "1200.50" and detail["intake_mode"] == "application"
    assert case.enterprise_related is False
    event = AuditEvent.objects.get(action="create", object_type="cases.case")
    assert event.actor == beishan_mediator and event.detail["via"] == "api"
    assert event.detail["api_token"] == secret[:12]


def test_an_organisation_applicant_makes_the_case_enterprise_related(api, beishan_mediator):
    payload = intake(
        parties=[
            {
                "role": "applicant",
                "type": "entity",
                "name": "杭州某科技有限公司",
                "uscc": "91330106MA2B0W8X4X",
            }
        ]
    )
    response = api(beishan_mediator).post(LIST, payload)
    assert response.status_code == 201, response.content
    assert response.json()["enterprise_related"] is True
    assert response.json()["parties"][0] == {
        **response.json()["parties"][0],
        "type": "entity",
        "name": "杭州某科技有限公司",
        "uscc": "91330106MA2B0W8X4X",
    }


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        (
            {"detail": {}},
            {"detail.dispute_type": "请填写“纠纷类型”。", "detail.intake_mode": "请填写“受理方式”。"},
        ),
        (
            {"detail": {"dispute_type": "quarrel", "intake_mode": "application"}},
            {"detail.dispute_type": "“纠纷类型”的选项“quarrel”无效"},
        ),
        (
            {"detail": {"dispute_type": "neighbour", "intake_mode": "application", "colour": "red"}},
            {"detail.colour": "不认识的字段“colour”。"},
        ),
        (
            {
                "detail": {
                    "dispute_type": "neighbour",
                    "intake_mode": "application",
                    "amount_involved": "很多",
                }
            },
            {"detail.amount_involved": "“涉及金额（元）”"},
        ),
        ({"received_on": "2024-02-30"}, {"received_on": "“收到日期”不是有效日期"}),
        ({"org_unit": "nowhere"}, {"org_unit": "找不到单位“nowhere”。"}),
        ({"org_unit": "330106002"}, {"org_unit": "不是受理人民调解的单位"}),
        ({"title": ""}, {"title": "请填写“案由/事项”。"}),
        ({"channel": "pigeon"}, {"channel": "“来源渠道”的选项无效"}),
        (
            {"parties": [{"role": "respondent", "name": "钱二"}]},
            {"parties": "请至少填写一名申请人（role=applicant）。"},
        ),
        ({"parties": [{"role": "applicant"}]}, {"parties.0.name": "请填写“姓名/名称”。"}),
        (
            {"parties": [{"role": "applicant", "name": "赵一", "id_number": "330106198503150099"}]},
            {"parties.0.id_number": "身份证"},
        ),
        ({"parties": [{"role": "applicant", "name": "赵一", "phone": "12345"}]}, {"parties.0.phone": "手机"}),
        ({"parties": [{"role": "judge", "name": "赵一"}]}, {"parties.0.role": "“身份”的选项无效"}),
        (
            {"parties": [{"role": "applicant", "type": "entity", "name": "某公司"}]},
            {"parties.0.uscc": "申请人为法人或其他组织时"},
        ),
        (
            {
                "parties": [
                    {"role": "applicant", "name": "赵一"},
                    {"role": "respondent", "type": "agency", "org_unit": "x"},
                ]
            },
            {"parties.1.org_unit": "找不到行政机关“x”"},
        ),
        (
            {"received_on": (today() + timedelta(days=1)).isoformat()},
            {"received_on": "收到日期不能晚于今天。"},
        ),
    ],
)
def test_bad_intake_gets_400_naming_each_field_and_writes_nothing(api, beishan_mediator, overrides, errors):
    response = api(beishan_mediator).post(LIST, intake(**overrides))
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["detail"]
    for field, message in errors.items():
        assert field in body["errors"], body
        assert message in body["errors"][field], body["errors"][field]
    assert not Case.objects.exists()


def test_intake_that_is_not_json_gets_400(api, beishan_mediator, client, token_for):
    response = client.post(
        LIST,
        "{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {token_for(beishan_mediator)}"},
    )
    assert response.status_code == 400 and response.json()["detail"] == "请求体不是有效的 JSON。"


def test_intake_for_another_streets_committee_is_forbidden(api, beishan_mediator, make_user):
    response = api(beishan_mediator).post(LIST, intake(org_unit="330106109-TWH"))
    assert response.status_code == 403
    assert (
        response.json()["detail"] == "您没有在“三墩镇人民调解委员会”受理人民调解的权限。"
        or "受理人民调解的权限" in response.json()["detail"]
    )
    assert api(make_user(Role.LEADER)).post(LIST, intake()).status_code == 403
    assert not Case.objects.exists()


# --- steps ------------------------------------------------------------------------------------------


def test_steps_run_through_the_engine_with_deadlines_and_audit(api, beishan_mediator, new_mediation):
    case = new_mediation(beishan_mediator, received_on=date(2024, 3, 5))
    client = api(beishan_mediator)
    response = client.post(step_url(case, "accept"), {"on": "2024-03-06"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "mediating" and response.json()["accepted_on"] == "2024-03-06"
    response = client.post(
        step_url(case, "agree"),
        {
            "on": "2024-03-20",
            "data": {"agreement_form": "written", "content": "赔偿 500 元", "performance_due": "2024-04-01"},
        },
    )
    body = response.json()
    assert response.status_code == 200, body
    assert (body["status"], body["outcome"], body["outcome_label"]) == ("agreed", "agreement", "调解成功")
    states = {d["rule_id"]: d["state"] for d in body["deadlines"]}
    assert states == {"RM-11": "met", "RM-09": "open"}
    case.refresh_from_db()
    assert case.closed_on == date(2024, 3, 20) and case.mediation.agreement_form == "written"
    assert case.mediation.performance_due == date(2024, 4, 1)
    transitions = AuditEvent.objects.filter(action="transition", object_id=str(case.pk)).order_by("id")
    assert [e.detail["transition"] for e in transitions] == ["accept", "agree"]
    assert all(e.detail["via"] == "api" for e in transitions)


def test_a_step_by_name_works_too(api, beishan_mediator, new_mediation):
    case = new_mediation(beishan_mediator, received_on=date(2024, 3, 5))
    url = f"/api/cases/mediation/{case.pk}/transitions/refuse"
    response = api(beishan_mediator).post(url, {"on": "2024-03-05", "data": {"reason": "对方明确拒绝"}})
    assert response.status_code == 200 and response.json()["status"] == "refused"


@pytest.mark.parametrize(
    ("name", "body", "errors"),
    [
        ("agree", {"data": {"content": "x"}}, {"data.agreement_form": "请填写“协议形式”。"}),
        (
            "agree",
            {"data": {"agreement_form": "sung", "content": "x"}},
            {"data.agreement_form": "“协议形式”的选项无效"},
        ),
        (
            "agree",
            {"data": {"agreement_form": "oral", "content": "  "}},
            {"data.content": "请填写“协议内容摘要”。"},
        ),
        (
            "agree",
            {"on": "2024-02-01", "data": {"agreement_form": "oral", "content": "x"}},
            {"on": "办理日期不能早于收到日期"},
        ),
        ("terminate", {"data": {"reason": "x"}}, {"": "应告知当事人依法通过仲裁、行政、司法等途径维护权利"}),
        ("accept", {}, {"": "当前状态“调解中”不能办理“受理调解”。"}),
        (
            "agree",
            {"on": "tomorrow", "data": {"agreement_form": "oral", "content": "x"}},
            {"on": "“办理日期”不是有效日期"},
        ),
    ],
)
def test_a_refused_step_gets_400_naming_the_field_and_changes_nothing(
    api, beishan_mediator, new_mediation, name, body, errors
):
    case = new_mediation(beishan_mediator, received_on=date(2024, 3, 5))
    case_transition(actor=beishan_mediator, case=case, name="accept", on=date(2024, 3, 6))
    response = api(beishan_mediator).post(step_url(case, name), body)
    assert response.status_code == 400, response.content
    for field, message in errors.items():
        assert message in response.json()["errors"][field], response.json()
    case.refresh_from_db()
    assert case.status == "mediating" and case.events.count() == 2


def test_an_unknown_step_is_404(api, beishan_mediator, new_mediation):
    case = new_mediation(beishan_mediator)
    response = api(beishan_mediator).post(step_url(case, "teleport"), {})
    assert response.status_code == 404 and response.json()["detail"] == "人民调解没有“teleport”这个办理环节。"


# --- 临期/超期 ------------------------------------------------------------------------------------


def test_due_deadlines_in_the_users_scope(api, beishan_mediator, make_user, new_mediation):
    sandun = make_user(Role.MEDIATOR, "330106109-TWH")
    mine = new_mediation(beishan_mediator, received_on=today() - timedelta(days=40), title="北山超期")
    theirs = new_mediation(sandun, committee="330106109-TWH", received_on=today() - timedelta(days=40))
    for case, actor in ((mine, beishan_mediator), (theirs, sandun)):
        case_transition(actor=actor, case=case, name="accept", on=today() - timedelta(days=40))
    body = api(beishan_mediator).get("/api/deadlines/due").json()
    assert body["total"] == 1 and body["within_days"] == 3
    (item,) = body["items"]
    assert item["case"]["number"] == mine.number and item["case"]["kind_label"] == "人民调解"
    assert item["rule_id"] == "RM-11" and item["due_state"] == "overdue" and item["days_left"] < 0
    assert api(make_user(Role.LEADER)).get("/api/deadlines/due", {"kind": "mediation"}).json()["total"] == 2
    response = api(beishan_mediator).get("/api/deadlines/due", {"within": "90"})
    assert response.status_code == 400 and response.json()["errors"]["within"] == "“天数”不能大于 60。"
