"""行政复议 screens on the generic engine: scoping (only reconsideration roles; the 复议局 sees every
case of the district; a street's 司法所 sees none), the intake form with the period check shown, the
fast-track worklist and panel, the steps offered, opinion letters not received by the intake form."""

from datetime import date

import pytest
from django.urls import reverse

from fazhi.cases.selectors import cases_for
from fazhi.cases.services import CasePermissionError, case_transition
from fazhi.core.roles import Action, Role
from fazhi.reconsideration import selectors
from fazhi.reconsideration.tests.conftest import ID_NUMBER, USCC


@pytest.fixture
def cases(officer, application):
    return {
        "plain": application(officer),
        "enterprise": application(
            officer,
            enterprise=True,
            uscc=USCC,
            respondent="330106-NYNC",
            incomplete_intake=True,
            missing_items="授权委托书",
        ),
    }


# What a decision records before it (行政复议法 arts. 49, 61).
APPROVED = {"approval": "head", "opinions_heard": "heard"}


def html(client, user, url, status=200, **params):
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == status, response.status_code
    return response.content.decode()


def test_the_reconsideration_office_sees_every_case_of_the_district(officer, make_user, cases):
    bureau = make_user(Role.RECONSIDERATION_OFFICER, "330106")
    for user in (officer, bureau, make_user(Role.LEADER)):
        assert set(selectors.reconsiderations(user)) == set(cases.values())


@pytest.mark.parametrize(
    "role,org",
    [
        (Role.JUSTICE_OFFICE_STAFF, "330106109"),  # another street's 司法所
        (Role.MEDIATOR, "330106002-TWH"),
        (Role.LEGAL_AID_STAFF, "330106-FYZX"),
    ],
)
def test_other_lines_see_nothing_of_it(client, make_user, cases, role, org):
    user = make_user(role, org)
    assert (
        not selectors.reconsiderations(user).exists()
        and not cases_for(user, Action.VIEW, "opinion_letter").exists()
    )
    html(client, user, reverse("cases:worklist", args=["reconsideration"]), status=403)
    html(client, user, reverse("cases:detail", args=["reconsideration", cases["plain"].pk]), status=403)
    nav = html(client, user, reverse("home"))
    assert "涉企复议快速通道" not in nav and "行政复议" not in nav.split("fz-sidenav")[1].split("</nav>")[0]


def test_litigation_staff_may_read_but_not_handle(make_user, cases):
    yingsu = make_user(Role.LITIGATION_OFFICER, "330106")  # the demo grant: the district
    assert selectors.reconsiderations(yingsu).count() == 2
    assert not selectors.reconsiderations(yingsu, Action.CHANGE).exists()
    with pytest.raises(CasePermissionError):
        case_transition(
            actor=yingsu,
            case=cases["plain"],
            name="accept",
            data={"procedure": "ordinary"},
            on=date(2024, 3, 6),
        )


def test_intake_form_creates_the_case_and_the_page_shows_the_period_check(client, officer, xihu):
    client.force_login(officer)
    form = {
        "title": "不服行政处罚决定",
        "org_unit": str(xihu["330106-FYJ"].pk),
        "received_on": "2024-05-06",
        "channel": "walk_in",
        "applicant_type": "person",
        "applicant_name": "赵六",
        "applicant_id_number": ID_NUMBER,
        "counterpart_agency": str(xihu["330106-SCJG"].pk),
        "detail_act_description": "西市监罚〔2024〕30号行政处罚决定",
        "detail_act_category": "penalty",
        "detail_service_mode": "POSTAL",
        "detail_service_date": "2024-05-10",
    }
    response = client.post(reverse("cases:new", args=["reconsideration"]), form)
    assert (
        'data-testid="error-detail_service_date">送达或知道日期不能晚于提出申请的日期'
        in response.content.decode()
    )  # next to its field
    form["detail_service_date"] = "2024-04-20"
    response = client.post(reverse("cases:new", args=["reconsideration"]), form)
    assert response.status_code == 302
    page = html(client, officer, response.url)
    check = page.split('data-testid="period-check"')[1].split("</div>\n")[0]
    assert (
        "在申请期限内" in check
        and "邮寄送达的" in page
        and "《中华人民共和国行政复议法》第二十条第一款" in page
    )
    assert "西政复〔2024〕1号" in page and "杭州市西湖区市场监督管理局" in page
    assert "受理审查" in page and "FY-05" in page and "FY-06" in page
    assert "申请期限审查说明" not in page  # the generic list shows only the chosen detail fields


def test_the_fast_track_worklist_and_its_internal_targets(client, officer, cases):
    url = reverse("cases:worklist", args=["reconsideration"])
    client.force_login(officer)
    rows = client.get(url, {"fast_track": "1"}).context["rows"]
    assert [r["case"] for r in rows] == [cases["enterprise"]]
    assert rows[0]["extra"][0] == "西湖区农业农村局" and rows[0]["extra"][3] == "2024-03-07"
    nav = html(client, officer, reverse("home"))
    assert f'href="{url}?fast_track=1"' in nav and "涉企复议快速通道" in nav
    assert "在办 1 · 超内部目标 1 · 容缺待补 1" in nav  # 2024's target is long past
    page = html(client, officer, reverse("cases:detail", args=["reconsideration", cases["enterprise"].pk]))
    table = page.split('data-testid="fast-track"')[1].split("</table>")[0]
    assert "受理审查" in table and "2个工作日" in table and "2024-03-07" in table and "超内部目标" in table
    assert "授权委托书" in page and "待补齐" in page
    assert [r["case"] for r in client.get(url, {"supplement": "pending"}).context["rows"]] == [
        cases["enterprise"]
    ]


def test_only_the_steps_that_apply_are_offered(client, officer, cases):
    case = case_transition(
        actor=officer, case=cases["plain"], name="accept", data={"procedure": "ordinary"}, on=date(2024, 3, 6)
    )
    page = html(client, officer, reverse("cases:detail", args=["reconsideration", case.pk]))
    offered = page.split('data-testid="transitions"')[1].split("</div>")[0]
    assert "发送申请书副本" in offered and "延长审理期限" in offered
    assert (
        "转为普通程序" not in offered
        and "容缺材料已补齐" not in offered
        and "作出行政复议决定" not in offered
    )


def test_corrective_filter_lists_the_corrected_cases(client, officer, cases):
    case = cases["plain"]
    for name, data, on in [
        ("accept", {"procedure": "ordinary"}, date(2024, 3, 6)),
        ("send_copy", {"respondent_received_on": "2024-03-11"}, date(2024, 3, 8)),
        ("record_reply", {"summary": "答复", "evidence_submitted": "1"}, date(2024, 3, 20)),
        ("decide", {"decision": "BIANGENG", "summary": "罚款过高", **APPROVED}, date(2024, 4, 2)),
    ]:
        case = case_transition(actor=officer, case=case, name=name, data=data, on=on)
    client.force_login(officer)
    url = reverse("cases:worklist", args=["reconsideration"])
    assert [r["case"] for r in client.get(url, {"corrective": "1"}).context["rows"]] == [case]
    assert [r["case"] for r in client.get(url, {"corrective": "0"}).context["rows"]] == [cases["enterprise"]]


def test_opinion_letters_are_not_received_through_the_intake_form(client, officer, cases):
    assert html(client, officer, reverse("cases:new", args=["opinion_letter"]), status=404)
    page = html(client, officer, reverse("cases:worklist", args=["opinion_letter"]))
    assert "收案登记" not in page and "行政复议意见书" in page


def test_opinion_letters_of_a_case_are_scoped(officer, make_user, cases):
    case = cases["plain"]
    for name, data, on in [
        ("accept", {"procedure": "ordinary"}, date(2024, 3, 6)),
        ("send_copy", {"respondent_received_on": "2024-03-11"}, date(2024, 3, 8)),
        ("record_reply", {"summary": "答复"}, date(2024, 3, 20)),
        (
            "issue_opinion",
            {"title": "意见书", "recipient": "respondent", "problems": "程序问题", "suggestions": "规范"},
            date(2024, 3, 25),
        ),
    ]:
        case = case_transition(actor=officer, case=case, name=name, data=data, on=on)
    letters = list(selectors.opinion_letters_of(officer, case))
    assert [c.number for c in letters] == ["西政复意〔2024〕1号"]
    assert not selectors.opinion_letters_of(make_user(Role.JUSTICE_OFFICE_STAFF, "330106002"), case).exists()
