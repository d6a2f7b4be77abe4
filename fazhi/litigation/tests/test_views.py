"""行政应诉 screens: the intake explains a bad case number next to the field, the worklist's columns
and filters, the case page's hearings and 败诉 finding, transition errors beside the field, and who
may reach any of it."""

from datetime import date

import pytest
from django.urls import reverse

from fazhi.cases.services import case_transition
from fazhi.core.roles import Role

FORM = {
    "court_case_number": "（2024）浙0106行初88号",
    "court_name": "杭州市西湖区人民法院",
    "title": "不服行政处罚决定",
    "act_category": "penalty",
    "filed_on": "2024-03-01",
    "received_on": "2024-03-05",
    "copy_received_on": "2024-03-05",
    "plaintiff_type": "person",
    "plaintiff_name": "王小明",
}


@pytest.fixture
def form(xihu):
    return {**FORM, "defendant_agency": str(xihu["330106-SCJG"].pk), "org_unit": str(xihu["330106-YSK"].pk)}


def test_the_generic_intake_leads_to_the_litigation_intake(client, yingsu):
    client.force_login(yingsu)
    response = client.get(reverse("cases:new", args=["litigation"]))
    assert response.status_code == 302 and response["Location"] == reverse("litigation:new")
    html = client.get(reverse("litigation:new")).content.decode()
    assert "收案登记" in html and "西湖区司法局行政应诉科" in html


def test_a_malformed_case_number_is_explained_next_to_the_field(client, yingsu, form):
    client.force_login(yingsu)
    response = client.post(reverse("litigation:new"), {**form, "court_case_number": "浙0106行初88号"})
    assert response.status_code == 400
    html = response.content.decode()
    error = html.split('data-testid="error-court_case_number"')[1].split("</div>")[0]
    assert "不符合“（年度）法院代字类型代字编号号”的格式" in error
    response = client.post(reverse("litigation:new"), {**form, "court_case_number": "（2024）浙01行终8号"})
    assert "第一审" in response.content.decode().split('data-testid="error-court_case_number"')[1]


def test_a_service_error_lands_next_to_its_field(client, yingsu, form):
    client.force_login(yingsu)
    response = client.post(reverse("litigation:new"), {**form, "copy_received_on": "2024-03-04"})
    assert response.status_code == 400
    assert (
        "不能早于收到应诉通知日期"
        in response.content.decode().split('data-testid="error-copy_received_on"')[1]
    )


def test_registering_a_suit_shows_its_page(client, yingsu, form):
    client.force_login(yingsu)
    response = client.post(reverse("litigation:new"), {**form, "court_case_number": "(2024)浙0106行初88号"})
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "（2024）浙0106行初88号" in html and "答辩举证期" in html
    assert (
        "被告提交证据、规范性文件和答辩状" in html and "《中华人民共和国行政诉讼法》第六十七条第一款" in html
    )
    assert "尚未开庭" in html


def test_the_case_page_shows_hearings_and_the_loss_finding(client, yingsu, register):
    case = register(yingsu)
    case = case_transition(actor=yingsu, case=case, name="answer", on=date(2024, 3, 15))
    data = {"held_on": "2024-04-10", "appeared_position": "STAFF", "appeared_name": "周科员"}
    case = case_transition(actor=yingsu, case=case, name="hearing", data=data, on=date(2024, 4, 10))
    data = {"outcome": "QUEREN_WEIFA", "served_on": "2024-05-08"}
    case = case_transition(actor=yingsu, case=case, name="judge", data=data, on=date(2024, 5, 6))
    client.force_login(yingsu)
    html = client.get(reverse("cases:detail", args=["litigation", case.pk])).content.decode()
    hearings = html.split('data-testid="hearings"')[1].split("</table>")[0]
    assert "周科员" in hearings and "出庭问题" in hearings and "未说明理由" in hearings
    loss = html.split('data-testid="loss"')[1].split("</div>\n</div>")[0]
    assert "判决确认违法" in loss and "败诉" in loss and "第七十四条" in loss
    assert "不服第一审判决上诉" in html  # XS-11 with its basis
    assert "提起上诉" in html.split('data-testid="transitions"')[1].split("</div>")[0]


def test_a_hearing_form_error_sits_beside_its_field(client, yingsu, register):
    case = case_transition(actor=yingsu, case=register(yingsu), name="answer", on=date(2024, 3, 15))
    client.force_login(yingsu)
    url = reverse("cases:do", args=["litigation", case.pk, "hearing"])
    response = client.post(url, {"on": "2024-04-10", "held_on": "2024-04-10", "appeared_position": "DEPUTY"})
    assert response.status_code == 400
    assert "请填写出庭人姓名" in response.content.decode().split('data-testid="error-appeared_name"')[1]


def test_mediation_is_not_offered_for_a_penalty_case(client, yingsu, register):
    case = case_transition(actor=yingsu, case=register(yingsu), name="answer", on=date(2024, 3, 15))
    client.force_login(yingsu)
    html = client.get(reverse("cases:detail", args=["litigation", case.pk])).content.decode()
    buttons = html.split('data-testid="transitions"')[1].split("</div>")[0]
    assert "一审判决" in buttons and "调解结案" not in buttons
    response = client.post(
        reverse("cases:do", args=["litigation", case.pk, "mediate"]), {"on": "2024-04-01", "note": "x"}
    )
    assert response.status_code == 400 and "第六十条" in response.content.decode()


def test_worklist_columns_and_filters(client, yingsu, register):
    register(yingsu)
    register(yingsu, number="（2024）浙0106行初124号", agency="330106-CGJ", title="不服责令限期拆除决定")
    client.force_login(yingsu)
    url = reverse("cases:worklist", args=["litigation"])
    html = client.get(url).content.decode()
    table = html.split('data-testid="worklist"')[1]
    assert "杭州市西湖区市场监督管理局" in table and "杭州市西湖区人民法院" in table
    assert '<option value="330106-CGJ"' in html and "败诉（按本系统配置）" in html
    rows = client.get(url, {"agency": "330106-CGJ"}).context["rows"]
    assert [r["case"].title for r in rows] == ["不服责令限期拆除决定"]


def test_people_outside_the_line_cannot_reach_it(client, make_user, yingsu, register):
    case = register(yingsu)
    street = make_user(Role.JUSTICE_OFFICE_STAFF, "330106002")
    client.force_login(street)
    assert client.get(reverse("cases:worklist", args=["litigation"])).status_code == 403
    assert client.get(reverse("litigation:new")).status_code == 403
    assert client.get(reverse("cases:detail", args=["litigation", case.pk])).status_code == 403
    client.force_login(make_user(Role.PUBLIC))
    assert client.get(reverse("cases:worklist", args=["litigation"])).status_code == 403
    leader = make_user(Role.LEADER)
    client.force_login(leader)
    assert client.get(reverse("cases:detail", args=["litigation", case.pk])).status_code == 200
    assert client.get(reverse("litigation:new")).status_code == 403  # view only
    assert client.post(reverse("litigation:link", args=[case.pk]), {"number": "x"}).status_code == 403


def test_the_export_is_masked_for_a_leader(client, make_user, yingsu, register):
    import io

    from openpyxl import load_workbook

    register(yingsu)
    client.force_login(make_user(Role.LEADER))
    response = client.get(reverse("cases:export", args=["litigation"]))
    rows = list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True)
    )
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["案号"] == "（2024）浙0106行初123号" and record["原告"] == "王**"
