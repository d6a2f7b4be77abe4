"""法律援助 screens: the application shows the eligibility result with its reasons and articles; the
case page and the decision form show it too (reasons only to roles that may see hardship data);
deciding against it needs a reason; lawyers and streets see only their cases; quick entries."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.cases.models import Case
from fazhi.cases.services import case_transition, today
from fazhi.core.roles import Role
from fazhi.legal_aid.models import Consultation, LegalAidLawyer
from fazhi.legal_aid.tests.conftest import ID_NUMBER, RICH


def form_data(xihu, **overrides):
    data = {
        "title": "追索劳动报酬",
        "org_unit": str(xihu["330106-FYZX"].pk),
        "received_on": "2024-03-04",
        "channel": "walk_in",
        "applicant_name": "王小明",
        "applicant_id_number": ID_NUMBER,
        "applicant_phone": "13812345678",
        "counterpart_name": "李大华",
        "detail_matter_type": "civil",
        "detail_matter": "LABOUR_PAY",
        "detail_household_size": "3",
        "detail_monthly_income_per_head": "1500",
        "detail_applicant_count": "1",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def html_of(response):
    return response.content.decode()


def test_the_generic_intake_sends_staff_to_the_application_form(client, fayuan):
    client.force_login(fayuan)
    response = client.get(reverse("cases:new", args=["legal_aid"]))
    assert response.status_code == 302 and response.url == reverse("legal_aid:apply")


def test_the_application_shows_the_eligibility_result_with_reasons_and_articles(client, fayuan, xihu):
    client.force_login(fayuan)
    url = reverse("legal_aid:apply")
    response = client.post(url, {**form_data(xihu), "action": "preview"})
    html = html_of(response)
    assert response.status_code == 200 and not Case.objects.exists()  # a preview writes nothing
    panel = html.split('data-testid="eligibility"')[1]
    assert "符合法律援助条件" in panel
    assert (
        "申请事项属于第三十一条第五项所列事项" in panel
        and "《中华人民共和国法律援助法》第三十一条第五项" in panel
    )
    assert "家庭人均月收入1500元" in panel and "《中华人民共和国法律援助法》第三十四条" in panel


def test_a_preview_with_circumstances_ticked_shows_the_result_where_the_page_opens(client, fayuan, xihu):
    """Ticking any 申请人情形 once answered 500 ('list' object has no attribute 'split'); the result
    showed ~2,000 px below where the page opened."""
    client.force_login(fayuan)
    data = {**form_data(xihu, detail_household_size=None, detail_monthly_income_per_head=None)}
    data["detail_circumstances"] = ["GOOD_SAMARITAN", "HERO_MARTYR_RELATIVE"]
    data["detail_matter"] = "GOOD_SAMARITAN_CLAIM"  # an art. 32 ground covers its own claim only
    response = client.post(reverse("legal_aid:apply"), {**data, "action": "preview"})
    assert response.status_code == 200 and not Case.objects.exists()
    html = html_of(response)
    panel = html.split('data-testid="preview"')[1]
    assert "符合法律援助条件" in panel and "第三十二条" in panel  # no hardship test (art. 32)
    # the form posts to its own result: the page opens there, before the application's fields
    assert 'action="#preview"' in html and 'id="preview"' in html
    assert html.index('id="preview"') < html.index('name="applicant_name"')


def test_the_application_explains_errors_next_to_the_field(client, fayuan, xihu):
    client.force_login(fayuan)
    url = reverse("legal_aid:apply")
    response = client.post(url, {**form_data(xihu, detail_matter=""), "action": "create"})
    assert response.status_code == 400
    assert 'data-testid="error-detail_matter">民事、行政案件请选择“申请事项”。' in html_of(response)
    response = client.post(
        url, {**form_data(xihu, applicant_id_number="330106198007040000"), "action": "preview"}
    )
    assert 'data-testid="error-applicant_id_number"' in html_of(response)
    assert not Case.objects.exists()


def test_receiving_an_application_stores_and_shows_the_result(client, fayuan, xihu, make_user):
    client.force_login(fayuan)
    response = client.post(reverse("legal_aid:apply"), {**form_data(xihu), "action": "create"})
    case = Case.objects.get(kind="legal_aid")
    assert response.status_code == 302 and response.url == reverse(
        "cases:detail", args=["legal_aid", case.pk]
    )
    assert case.legal_aid.eligibility_outcome == "ELIGIBLE" and case.handler == fayuan
    page = html_of(client.get(response.url))
    assert 'data-testid="eligibility-outcome">符合法律援助条件' in page
    assert "第三十一条第五项" in page and "1500 元" in page
    assert "决定给予法律援助" in page.split('data-testid="transitions"')[1].split("</div>")[0]
    # A leader (no view_pii) sees the outcome, not the hardship data or the reasons that repeat them.
    client.force_login(make_user(Role.LEADER))
    leader_page = html_of(client.get(response.url))
    assert "符合法律援助条件" in leader_page and 'data-testid="eligibility-hidden"' in leader_page
    assert "1500" not in leader_page and "王*" in leader_page


def test_the_decision_form_shows_the_result_and_needs_a_reason_to_go_against_it(client, fayuan, apply):
    case = apply(fayuan, **RICH)
    client.force_login(fayuan)
    url = reverse("cases:do", args=["legal_aid", case.pk, "grant"])
    form_page = html_of(client.get(url))
    assert 'data-testid="eligibility-outcome">不符合法律援助条件' in form_page and "第三十四条" in form_page
    response = client.post(url, {"on": "2024-03-06", "review_note": "", "override_reason": ""})
    assert response.status_code == 400 and "请填写“改变审查结果的理由”" in html_of(response)
    response = client.post(url, {"on": "2024-03-06", "override_reason": "重病致贫，实际困难"})
    assert response.status_code == 302
    page = html_of(client.get(reverse("cases:detail", args=["legal_aid", case.pk])))
    assert 'data-testid="override"' in page and "重病致贫，实际困难" in page


def test_reassessment_screen_replaces_the_result(client, fayuan, apply):
    case = apply(fayuan, matter_type="civil", matter="TRAFFIC_ACCIDENT")
    client.force_login(fayuan)
    url = reverse("legal_aid:reassess", args=[case.pk])
    response = client.post(
        url, {"on": "2024-03-05", "matter": "TRAFFIC_ACCIDENT", "monthly_income_per_head": "-5"}
    )
    assert response.status_code == 400 and "不小于0" in html_of(response)
    response = client.post(
        url,
        {
            "on": "2024-03-05",
            "matter": "TRAFFIC_ACCIDENT",
            "household_size": "2",
            "monthly_income_per_head": "1000",
        },
    )
    assert response.status_code == 302
    case.legal_aid.refresh_from_db()
    assert case.legal_aid.eligibility_outcome == "ELIGIBLE"


def test_a_lawyer_sees_only_assigned_cases_and_only_their_steps(client, fayuan, apply, pool, lawyer_user):
    mine = apply(fayuan, title="指派给周律师的案件")
    other = apply(fayuan, title="未指派的案件")
    case_transition(actor=fayuan, case=mine, name="grant", on=date(2024, 3, 5))
    case_transition(
        actor=fayuan, case=mine, name="assign", data={"lawyer": str(pool["zhou"].pk)}, on=date(2024, 3, 6)
    )
    client.force_login(lawyer_user)
    worklist = html_of(client.get(reverse("cases:worklist", args=["legal_aid"])))
    assert "指派给周律师的案件" in worklist and "未指派的案件" not in worklist
    assert client.get(reverse("cases:detail", args=["legal_aid", other.pk])).status_code == 404
    page = html_of(client.get(reverse("cases:detail", args=["legal_aid", mine.pk])))
    buttons = page.split('data-testid="transitions"')[1].split("</div>")[0]
    assert "接受指派，开始承办" in buttons and "终止法律援助" not in buttons and "更换承办律师" not in buttons
    # the 指派 entry of the timeline names the lawyer (it once showed only "指派律师")
    timeline = page.split('data-testid="timeline"')[1]
    assert "承办律师：</dt>" in timeline and pool["zhou"].name in timeline
    assert client.get(reverse("cases:do", args=["legal_aid", mine.pk, "terminate"])).status_code == 403
    # the pool is the agency's (a register now: fazhi.registers)
    assert client.get(reverse("registers:list", args=["legal_aid_lawyers"])).status_code == 403


def test_a_streets_user_never_sees_another_streets_case(
    client, beishan_station, sandun_station, apply, make_user
):
    beishan = apply(beishan_station, unit="330106002-SFS", title="北山工作站受理")
    for user in (sandun_station, make_user(Role.JUSTICE_OFFICE_STAFF, "330106109")):
        client.force_login(user)
        assert client.get(reverse("cases:detail", args=["legal_aid", beishan.pk])).status_code == 404
        assert "北山工作站受理" not in html_of(client.get(reverse("cases:worklist", args=["legal_aid"])))
    client.force_login(make_user(Role.JUSTICE_OFFICE_STAFF, "330106002"))
    assert client.get(reverse("cases:detail", args=["legal_aid", beishan.pk])).status_code == 200


def test_public_users_cannot_reach_the_legal_aid_screens(client, make_user):
    client.force_login(make_user(Role.PUBLIC))
    assert client.get(reverse("legal_aid:apply")).status_code == 403
    for key in ("consultations", "legal_aid_lawyers", "commendations"):
        assert client.get(reverse("registers:list", args=[key])).status_code == 403


def test_consultation_entry_through_the_register(client, beishan_station, xihu, make_user):
    client.force_login(beishan_station)
    url = reverse("registers:new", args=["consultations"])
    data = {
        "consulted_on": today().isoformat(),
        "channel": "phone",
        "org_unit": str(xihu["330106002-SFS"].pk),
        "topic": "labour",
        "summary": "被拖欠工资怎么办",
        "person_name": "赵某某",
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, {**data, "topic": ""}).status_code == 400
    html = html_of(client.get(reverse("registers:list", args=["consultations"])))
    assert "被拖欠工资怎么办" in html and "共 1 条" in html
    assert Consultation.objects.get().handler == beishan_station and "赵某某" in html
    client.force_login(make_user(Role.LEADER))
    leader_html = html_of(client.get(reverse("registers:list", args=["consultations"])))
    assert "被拖欠工资怎么办" in leader_html and "赵**" in leader_html and "赵某某" not in leader_html


def test_recruiting_a_lawyer_with_too_little_practice_is_explained(client, fayuan, xihu):
    client.force_login(fayuan)
    url = reverse("registers:new", args=["legal_aid_lawyers"])
    data = {
        "name": "李新",
        "law_firm": "某所",
        "licensed_on": "2023-01-01",
        "joined_on": "2024-02-01",
        "org_unit": str(xihu["330106-FYZX"].pk),
    }
    response = client.post(url, data)
    assert response.status_code == 400 and "招募执业3年以上的律师" in html_of(response)
    assert client.post(url, {**data, "licensed_on": "2018-01-01"}).status_code == 302
    assert LegalAidLawyer.objects.get().name == "李新"


def test_commendations_entry(client, fayuan, xihu, apply):
    case = apply(fayuan)
    client.force_login(fayuan)
    url = reverse("registers:new", args=["commendations"])
    data = {
        "received_on": "2024-07-01",
        "kind": "banner",
        "giver": "王小明",
        "org_unit": str(xihu["330106-FYZX"].pk),
    }
    response = client.post(url, {**data, "case": "不存在的案号"})
    assert response.status_code == 400 and "找不到该法律援助案件" in html_of(response)
    assert client.post(url, {**data, "case": case.number}).status_code == 302
    assert case.number in html_of(client.get(reverse("registers:list", args=["commendations"])))


@pytest.mark.parametrize("role,clear", [(Role.LEGAL_AID_STAFF, True), (Role.LEADER, False)])
def test_export_masks_personal_and_hardship_data_without_view_pii(
    client, fayuan, apply, make_user, role, clear
):
    apply(fayuan)
    user = make_user(role, "330106")
    client.force_login(user)
    response = client.get(reverse("cases:export", args=["legal_aid"]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["审查结果"] == "符合法律援助条件" and row["案件类别"] == "民事"
    if clear:
        assert (row["申请人"], row["申请人身份证号"], row["家庭人均月收入"]) == ("王小明", ID_NUMBER, "1500")
    else:
        assert row["申请人"] == "王**" and row["申请人身份证号"].startswith("3301***")
        assert row["家庭人均月收入"] == "已隐藏" and row["家庭人口"] == "已隐藏"


def test_the_case_page_shows_the_visit_and_the_objection_notice(client, fayuan, apply, pool):
    """Issue 14.4: 回访受援人 (art. 59) and the art. 49 notice are on the case page."""

    def step(case, name, on, **data):
        return case_transition(actor=fayuan, case=case, name=name, data=data, on=on)

    case = step(apply(fayuan), "grant", date(2024, 3, 5))
    case = step(case, "assign", date(2024, 3, 6), lawyer=str(pool["zhou"].pk))
    case = step(case, "accept_assignment", date(2024, 3, 7))
    step(case, "visit_recipient", date(2024, 4, 1), satisfaction="3", note="电话回访")
    refused = step(
        apply(fayuan, **RICH), "refuse", date(2024, 3, 6), reasons="收入高于标准", objection_right_advised="1"
    )
    client.force_login(fayuan)
    page = html_of(client.get(reverse("cases:detail", args=["legal_aid", case.pk])))
    assert "2024-04-01 · 满意度：基本满意" in page and "回访受援人" in page
    page = html_of(client.get(reverse("cases:detail", args=["legal_aid", refused.pk])))
    assert "已告知可以向司法行政部门提出异议（第四十九条）" in page
