"""网上办事 through the views: each declared matter submitted (valid and invalid input, each error
next to its field), the legal-aid pre-check with each outcome and its reasons, the reconsideration
60-day warning at its boundary, routing by 镇街 and by site into the right unit's worklist — and
not into another district's (two districts loaded)."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from fazhi.cases.models import Case
from fazhi.cases.services import today
from fazhi.core import orgtree
from fazhi.core.calendar import current_calendar
from fazhi.core.roles import Role
from fazhi.law.reconsideration import ApplicationStatus, application_period
from fazhi.legal_aid import services as legal_aid
from fazhi.legal_aid.models import Consultation
from fazhi.legal_aid.tests.conftest import ID_NUMBER, POOR, RICH, UNKNOWN_INCOME
from fazhi.network.models import ServiceSite
from fazhi.portal import services as portal_services
from fazhi.portal.models import Submission
from fazhi.portal.views_submit import SESSION_CODES

YUHANG = "330110"
# A second district coded unlike Xihu: its offices are found by 职能 (as in indicators' two-district test).
YUHANG_TREE = """\
330110,杭州市余杭区,district,,,NBS,
330110-JU,杭州市余杭区司法局,bureau,330110,,x,bureau
330110-FYB,余杭区人民政府行政复议办公室,office,330110-JU,,x,reconsideration_office
330110-FA,余杭区法律援助中心,office,330110-JU,,x,legal_aid_centre
330110-TW,余杭区人民调解委员会,mediation_committee,330110-JU,,x,district_mediation
330110-SJ,余杭区市场监督管理局,department,330110,,x,
330110001,临平街道,subdistrict,330110,,NBS,
330110001-SFS,临平司法所,justice_office,330110001,,x,
330110001-TWH,临平街道人民调解委员会,mediation_committee,330110001,,x,
"""
MOBILE = "13800138000"
BEISHAN = "330106002"


@pytest.fixture
def yuhang(xihu, tmp_path):
    path = tmp_path / f"{YUHANG}.csv"
    path.write_text(",".join(orgtree.COLUMNS) + "\n" + YUHANG_TREE, encoding="utf-8")
    orgtree.load_file(path)
    return xihu


@pytest.fixture
def citizen(client, make_user):
    user = make_user(Role.PUBLIC, username="citizen-zhang")
    client.force_login(user)
    return user


def site(units, code: str, level: str, name: str) -> ServiceSite:
    return ServiceSite.objects.create(
        name=name, level=level, org_unit=units[code], opened_on=date(2020, 1, 1)
    )


def legal_aid_form(units, **overrides) -> dict:
    data = {
        "township": str(units[BEISHAN].pk),
        "name": "张群众",
        "id_number": ID_NUMBER,
        "phone": MOBILE,
        "address": "杭州市西湖区北山街道某路1号",
        "title": "公司拖欠三个月工资，希望追回。",
        "counterpart": "某某科技有限公司",
        **{k: str(v) for k, v in POOR.items()},
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def mediation_form(units, **overrides) -> dict:
    data = {
        "township": str(units[BEISHAN].pk),
        "name": "李邻居",
        "phone": MOBILE,
        "dispute_type": "neighbour",
        "title": "楼上漏水，多次沟通未果。",
        "counterpart": "王某",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def reconsideration_form(units, **overrides) -> dict:
    data = {
        "township": str(units[BEISHAN].pk),
        "name": "赵申请",
        "id_number": ID_NUMBER,
        "phone": MOBILE,
        "address": "杭州市西湖区北山街道某路2号",
        "respondent": "330106-SCJG",
        "act_description": "西湖区市场监督管理局作出的罚款决定",
        "act_category": "penalty",
        "service_mode": "DIRECT",
        "service_date": (today() - timedelta(days=10)).isoformat(),
        "request": "请求撤销该罚款决定。",
        "facts_and_reasons": "我没有实施被认定的违法行为，决定认定事实错误。",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def post(client, key: str, data: dict, **extra):
    return client.post(reverse("portal:submit", args=[key]), data, **extra)


def error_of(response, name: str) -> str:
    """The text of the error shown next to field `name` ("" if none)."""
    found = re.search(rf'data-testid="error-{name}">([^<]*)<', response.content.decode())
    return html.unescape(found.group(1)) if found else ""


def submitted(response) -> Submission:
    assert response.status_code == 302, response.content.decode()[:3000]
    number = response["Location"].rstrip("/").split("/")[-1]
    return Submission.objects.get(number=number)


# --- the list and sign-in --------------------------------------------------------------------------


def test_the_matters_are_listed_for_a_citizen_and_need_a_public_sign_in(client, make_user, xihu):
    response = client.get(reverse("portal:matters"))
    assert response.status_code == 302 and reverse("portal:signin") in response["Location"]
    staff = make_user(Role.MEDIATOR, "330106002-TWH")
    client.force_login(staff)
    assert client.get(reverse("portal:matters")).status_code == 403
    client.force_login(make_user(Role.PUBLIC))
    page = client.get(reverse("portal:matters")).content.decode()
    for label in ("法律援助申请", "网上法律咨询", "人民调解申请", "行政复议申请"):
        assert label in page
    assert client.get(reverse("portal:submit", args=["no-such-matter"])).status_code == 404


def test_an_enterprise_account_is_not_offered_legal_aid(client, make_user, xihu):
    from fazhi.portal.models import PublicAccount

    user = make_user(Role.PUBLIC)
    PublicAccount.objects.create(
        user=user, kind="enterprise", phone=MOBILE, phone_hash="h", uscc="91330106MA2AAAAA0X"
    )
    client.force_login(user)
    page = client.get(reverse("portal:matters")).content.decode()
    assert "人民调解申请" in page and "法律援助申请" not in page
    assert client.get(reverse("portal:submit", args=["legal_aid"])).status_code == 404


# --- legal aid ---------------------------------------------------------------------------------------


def test_a_legal_aid_application_reaches_the_centre_worklist_marked_online(client, citizen, xihu, make_user):
    response = post(client, "legal_aid", legal_aid_form(xihu))
    sub = submitted(response)
    case = sub.case
    assert case.kind == "legal_aid" and case.channel == "online" and case.submitted_by == citizen
    assert sub.org_unit.code == "330106-FYZX" == case.org_unit.code
    assert case.legal_aid.eligibility_outcome == "ELIGIBLE"
    # The confirmation shows the number and, once, the 查询码 that matches its hash.
    page = client.get(response["Location"]).content.decode()
    code = re.search(r'data-testid="track-code">(\d+)<', page).group(1)
    assert sub.number in page and portal_services.track_code_matches(sub, code) and "请记下" in page
    again = client.get(response["Location"]).content.decode()
    assert code not in again and 'data-testid="track-code"' not in again
    assert SESSION_CODES not in client.session or sub.number not in client.session[SESSION_CODES]
    # The centre's staff find it in their worklist, marked 网上申请; the case page too.
    client.force_login(make_user(Role.LEGAL_AID_STAFF, "330106-FYZX"))
    worklist = client.get(reverse("cases:worklist", args=["legal_aid"])).content.decode()
    row = worklist[worklist.index(case.number) :][:400]
    assert "网上申请" in row
    detail = client.get(reverse("cases:detail", args=["legal_aid", case.pk])).content.decode()
    assert 'data-testid="online-badge"' in detail


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("id_number", "330106198007040021", "校验"),
        ("id_number", "12345", ""),
        ("phone", "1234", ""),
        ("matter", "NOT_A_MATTER", "无效"),
        ("matter", "", "请填写"),
        ("household_size", "三口人", "整数"),
        ("monthly_income_per_head", "abc", "数字"),
        ("monthly_income_per_head", "-5", "负数"),
        ("title", "", "请填写"),
        ("title", "长" * 201, "200"),
        ("township", "", "镇街"),
        ("township", "999999999", "镇街"),
    ],
)
def test_bad_legal_aid_input_is_refused_next_to_its_field(client, citizen, xihu, field, value, expected):
    before = Case.objects.count()
    response = post(client, "legal_aid", legal_aid_form(xihu, **{field: value}))
    assert response.status_code == 400
    message = error_of(response, field)
    assert message and expected in message
    assert Case.objects.count() == before and not Submission.objects.exists()


def test_a_bad_id_number_and_a_bad_phone_are_both_shown(client, citizen, xihu):
    response = post(client, "legal_aid", legal_aid_form(xihu, id_number="330106198007040020", phone="5555"))
    assert response.status_code == 400
    assert error_of(response, "id_number") and error_of(response, "phone")


@pytest.mark.parametrize(
    ("inputs", "outcome", "may_still_apply"),
    [(POOR, "ELIGIBLE", False), (RICH, "NOT_ELIGIBLE", True), (UNKNOWN_INCOME, "NEEDS_REVIEW", True)],
)
def test_the_legal_aid_precheck_shows_each_outcome_with_its_reasons(
    client, citizen, xihu, inputs, outcome, may_still_apply
):
    expected = legal_aid.legal_aid_preview(on=today(), county_code="330106", **inputs)
    assert expected.outcome == outcome
    form = legal_aid_form(xihu, household_size=None, monthly_income_per_head=None)
    form.update({k: str(v) for k, v in inputs.items()})
    form = {
        k: v for k, v in form.items() if k not in ("household_size", "monthly_income_per_head") or k in inputs
    }
    for response in (
        post(client, "legal_aid", {**form, "action": "precheck"}),  # the button, without script
        client.post(reverse("portal:precheck", args=["legal_aid"]), form, HTTP_HX_REQUEST="true"),  # htmx
    ):
        assert response.status_code == 200
        page = html.unescape(response.content.decode())
        assert 'data-testid="precheck-result"' in page
        assert expected.reasons
        for reason in expected.reasons:
            assert reason["text"] in page and (not reason["basis"] or reason["basis"] in page)
        assert ("您仍然可以提出申请，最终以法律援助中心审查为准" in page) is may_still_apply
    assert not Submission.objects.exists()  # a pre-check writes nothing
    # NOT_ELIGIBLE still lets them apply.
    assert submitted(post(client, "legal_aid", form)).case.legal_aid.eligibility_outcome == outcome


def test_routing_by_township_and_by_site_stays_in_the_district(client, citizen, yuhang, make_user):
    xihu_centre = submitted(post(client, "legal_aid", legal_aid_form(yuhang)))
    yuhang_centre = submitted(
        post(client, "legal_aid", legal_aid_form(yuhang, township=str(yuhang["330110001"].pk)))
    )
    assert xihu_centre.org_unit.code == "330106-FYZX" and yuhang_centre.org_unit.code == "330110-FA"
    room = site(yuhang, "330110001", "street", "临平街道公共法律服务工作站")
    by_site = submitted(post(client, "legal_aid", legal_aid_form(yuhang, township="", site=str(room.pk))))
    assert by_site.org_unit.code == "330110-FA" and by_site.site == room
    # Each centre's staff see their district's application only.
    for code, mine, theirs in (
        ("330106-FYZX", xihu_centre, yuhang_centre),
        ("330110-FA", yuhang_centre, xihu_centre),
    ):
        client.force_login(make_user(Role.LEGAL_AID_STAFF, code))
        page = client.get(reverse("cases:worklist", args=["legal_aid"])).content.decode()
        assert mine.case.number in page and theirs.case.number not in page


# --- mediation -------------------------------------------------------------------------------------


def test_a_mediation_request_goes_to_the_committee_of_the_township_or_the_site(
    client, citizen, yuhang, make_user
):
    by_township = submitted(post(client, "mediation", mediation_form(yuhang)))
    assert by_township.case.org_unit.code == "330106002-TWH" and by_township.case.channel == "online"
    assert by_township.case.mediation.dispute_type == "neighbour"
    community = site(yuhang, "330106002051", "village", "上保社区公共法律服务工作室")
    centre = site(yuhang, "330106", "district", "西湖区公共法律服务中心")
    by_room = submitted(
        post(client, "mediation", mediation_form(yuhang, township="", site=str(community.pk)))
    )
    by_centre = submitted(post(client, "mediation", mediation_form(yuhang, township="", site=str(centre.pk))))
    assert by_room.case.org_unit.code == "330106002051-TWH"
    assert by_centre.case.org_unit.code == "330106-TWH"
    other = submitted(post(client, "mediation", mediation_form(yuhang, township=str(yuhang["330110001"].pk))))
    assert other.case.org_unit.code == "330110001-TWH"
    client.force_login(make_user(Role.MEDIATOR, "330106002-TWH"))
    page = client.get(reverse("cases:worklist", args=["mediation"])).content.decode()
    assert by_township.case.number in page and other.case.number not in page


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("dispute_type", "", "请填写"),
        ("dispute_type", "nonsense", "无效"),
        ("counterpart", "", "请填写"),
        ("phone", "123", ""),
        ("site", "abc", "站点"),
    ],
)
def test_bad_mediation_input_is_refused_next_to_its_field(client, citizen, xihu, field, value, expected):
    response = post(client, "mediation", mediation_form(xihu, **{field: value}))
    assert response.status_code == 400
    message = error_of(response, field)
    assert message and expected in message and not Submission.objects.exists()


# --- the online consultation (a register row) -----------------------------------------------------


def test_an_online_consultation_is_a_register_row_at_the_centre_or_the_chosen_station(client, citizen, xihu):
    at_centre = submitted(
        post(
            client,
            "consultation",
            {"township": str(xihu[BEISHAN].pk), "topic": "labour", "question": "被拖欠工资怎么办？"},
        )
    )
    row = at_centre.record
    assert isinstance(row, Consultation) and row.channel == "online" and row.org_unit.code == "330106-FYZX"
    assert row.summary == "被拖欠工资怎么办？" and at_centre.case is None
    station = site(xihu, BEISHAN, "street", "北山街道公共法律服务工作站")
    at_station = submitted(
        post(client, "consultation", {"site": str(station.pk), "topic": "labour", "question": "问题"})
    )
    assert at_station.record.org_unit.code == "330106002-SFS"
    response = post(
        client, "consultation", {"township": str(xihu[BEISHAN].pk), "topic": "", "question": "x" * 301}
    )
    assert (
        response.status_code == 400
        and error_of(response, "topic")
        and "300" in error_of(response, "question")
    )


# --- reconsideration -------------------------------------------------------------------------------


def _status(knew_on: date) -> ApplicationStatus:
    return application_period(knew_on=knew_on, filed_on=today(), calendar=current_calendar()).status


def test_the_60_day_warning_inside_just_outside_and_without_a_date(client, citizen, xihu):
    url = reverse("portal:precheck", args=["reconsideration"])
    # The last day still inside and the first day outside, found through the law itself.
    knew = today() - timedelta(days=50)
    while _status(knew) == ApplicationStatus.IN_TIME:
        knew -= timedelta(days=1)
    outside, inside = knew, knew + timedelta(days=1)
    assert _status(inside) == ApplicationStatus.IN_TIME
    page_in = html.unescape(
        client.post(url, reconsideration_form(xihu, service_date=inside.isoformat())).content.decode()
    )
    assert "在申请期限内" in page_in and "可能已经届满" not in page_in and 'data-level="warn"' not in page_in
    page_out = html.unescape(
        client.post(url, reconsideration_form(xihu, service_date=outside.isoformat())).content.decode()
    )
    assert (
        "申请期限可能已经届满" in page_out and "行政复议法第二十条" in page_out and "仍然可以提交" in page_out
    )
    page_none = html.unescape(client.post(url, reconsideration_form(xihu, service_date="")).content.decode())
    assert "可能已经届满" not in page_none and "填写" in page_none and "六十日" in page_none
    # A late application is still taken (a warning, not a refusal), with its reason; the case stores
    # the period check.
    sub = submitted(
        post(
            client,
            "reconsideration",
            reconsideration_form(xihu, service_date=outside.isoformat(), late_reason="住院治疗"),
        )
    )
    detail = sub.case.reconsideration
    assert detail.period_status == "LATE" and detail.late_reason == "住院治疗"


def test_a_reconsideration_application_holds_the_statutory_contents(client, citizen, yuhang, make_user):
    sub = submitted(post(client, "reconsideration", reconsideration_form(yuhang)))
    case = sub.case
    detail = case.reconsideration
    assert case.org_unit.code == "330106-FYJ" and case.channel == "online"
    assert case.title == "请求撤销该罚款决定。" and "认定事实错误" in detail.facts_and_reasons
    assert detail.respondent_agency.code == "330106-SCJG" and detail.period_status == "IN_TIME"
    applicant = case.parties.get(role="applicant")
    assert applicant.person.id_number == ID_NUMBER and case.received_on == today()
    # The respondent decides the office: a Yuhang agency's act goes to Yuhang's office.
    other = submitted(post(client, "reconsideration", reconsideration_form(yuhang, respondent="330110-SJ")))
    assert other.case.org_unit.code == "330110-FYB"
    client.force_login(make_user(Role.RECONSIDERATION_OFFICER, "330106-FYJ"))
    page = client.get(reverse("cases:worklist", args=["reconsideration"])).content.decode()
    assert case.number in page and other.case.number not in page


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("respondent", "", "请填写"),
        ("respondent", "330106-FYJ", "无效"),  # the office itself is not one of the listed agencies
        ("service_date", "", "请填写"),
        ("service_date", "2024-02-30", "日期"),
        ("service_date", (date.today() + timedelta(days=3)).isoformat(), "晚于"),
        ("request", "", "请填写"),
        ("facts_and_reasons", "", "请填写"),
        ("id_number", "", "身份证"),
        ("service_mode", "TELEPATHY", "无效"),
    ],
)
def test_bad_reconsideration_input_is_refused_next_to_its_field(
    client, citizen, xihu, field, value, expected
):
    response = post(client, "reconsideration", reconsideration_form(xihu, **{field: value}))
    assert response.status_code == 400
    message = error_of(response, field)
    assert message and expected in message and not Submission.objects.exists()


# --- limits ----------------------------------------------------------------------------------------


def test_submissions_are_limited_per_user(client, citizen, xihu):
    for _ in range(portal_services.SUBMISSIONS_PER_DAY):
        submitted(
            post(
                client,
                "consultation",
                {"township": str(xihu[BEISHAN].pk), "topic": "other", "question": "问"},
            )
        )
    response = post(
        client, "consultation", {"township": str(xihu[BEISHAN].pk), "topic": "other", "question": "问"}
    )
    assert response.status_code == 400 and "24小时内" in response.content.decode()
    assert Submission.objects.count() == portal_services.SUBMISSIONS_PER_DAY


def test_another_users_confirmation_is_not_found(client, citizen, xihu, make_user):
    sub = submitted(post(client, "mediation", mediation_form(xihu)))
    client.force_login(make_user(Role.PUBLIC))
    assert client.get(reverse("portal:submitted", args=[sub.number])).status_code == 404
    assert client.get(reverse("portal:materials", args=[sub.number])).status_code == 404


def test_submissions_are_limited_per_address_across_accounts(client, xihu, make_user, settings):
    settings.FAZHI_PORTAL_LIMITS = {"submit_ip_hour": "2/3600"}
    form = {"township": str(xihu[BEISHAN].pk), "topic": "other", "question": "问"}
    for _ in range(2):
        client.force_login(make_user(Role.PUBLIC))
        submitted(post(client, "consultation", form))
    client.force_login(make_user(Role.PUBLIC))  # a third account from the same address
    response = post(client, "consultation", form)
    assert response.status_code == 400 and "操作过于频繁" in response.content.decode()
    assert Submission.objects.count() == 2
    other = post(client, "consultation", form, REMOTE_ADDR="10.0.0.7")  # another address is not held
    assert submitted(other)
