"""Issue 13.9: what the probe typed reached the database or answered 500 — negative amounts, NUL
and escape characters, names of only zero-width or direction-control characters, a received date
of 0001-01-01, /indicators/?from=0001-01-01, an intake with 2,000 parties. Each is refused in the
services (so every channel), with a message naming the field."""

from datetime import date

import pytest
from django.urls import reverse

from fazhi.cases.services import PartyInput, case_create
from fazhi.cases.workflow import WorkflowError
from fazhi.core.roles import Role


def _create(actor, xihu, **kw):
    args = {
        "actor": actor,
        "kind": "mediation",
        "org_unit": xihu["330106002-TWH"],
        "received_on": date(2024, 3, 5),
        "title": "邻里漏水纠纷",
        "parties": [PartyInput(role="applicant", person={"name": "王小明"})],
        "detail": {"dispute_type": "neighbour"},
    }
    return case_create(**{**args, **kw})


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        ("王\x00明", "控制字符"),
        ("王\x1b[31m明", "控制字符"),
        ("\u200b\u200c\u200d", "不可见字符"),
        ("\u202e明小王", "文字方向"),
        ("   ", None),  # blank after trimming: the model's own 必填 rule
    ],
)
def test_a_party_name_of_control_or_invisible_characters_is_refused(beishan_mediator, xihu, name, rule):
    with pytest.raises(WorkflowError) as caught:
        _create(beishan_mediator, xihu, parties=[PartyInput(role="applicant", person={"name": name})])
    assert "party_0_name" in caught.value.errors
    if rule:
        assert rule in caught.value.errors["party_0_name"] and "姓名" in caught.value.errors["party_0_name"]


def test_a_title_with_nul_is_refused(beishan_mediator, xihu):
    with pytest.raises(WorkflowError) as caught:
        _create(beishan_mediator, xihu, title="纠纷\x00")
    assert "控制字符" in caught.value.errors["title"]


def test_a_negative_amount_is_refused(beishan_mediator, xihu):
    with pytest.raises(WorkflowError) as caught:
        _create(beishan_mediator, xihu, detail={"dispute_type": "neighbour", "amount_involved": "-5000"})
    assert "不能为负数" in caught.value.errors["amount_involved"]


def test_a_received_date_of_year_one_is_refused_not_a_500(beishan_mediator, xihu):
    with pytest.raises(WorkflowError) as caught:
        _create(beishan_mediator, xihu, received_on=date(1, 1, 1))
    assert "不能早于1949年10月1日" in caught.value.errors["received_on"]


def test_two_thousand_parties_are_refused(beishan_mediator, xihu):
    parties = [PartyInput(role="applicant", person={"name": f"申请人{i}"}) for i in range(2000)]
    with pytest.raises(WorkflowError) as caught:
        _create(beishan_mediator, xihu, parties=parties)
    assert "最多登记 200 个当事人" in caught.value.errors["parties"]


def test_a_step_date_of_year_one_and_a_negative_amount_in_a_form_are_explained(
    beishan_mediator, new_mediation
):
    from fazhi.cases.workflow import Field

    with pytest.raises(ValueError, match="不能早于1949年10月1日"):
        Field("on", "办理日期", kind="date").clean("0001-01-01")
    with pytest.raises(ValueError, match="不能为负数"):
        Field("amount", "涉及金额", kind="decimal").clean("-1")
    with pytest.raises(ValueError, match="应为数字"):
        Field("amount", "涉及金额", kind="decimal").clean("NaN")
    with pytest.raises(ValueError, match="控制字符"):
        Field("content", "协议内容", kind="textarea").clean("赔偿\x07")


@pytest.mark.parametrize("query", [{"from": "0001-01-01", "to": "2024-12-31"}, {"year": "0001"}])
def test_the_dashboard_refuses_a_period_of_year_one(client, make_user, query):
    client.force_login(make_user(Role.LEADER))
    response = client.get(reverse("indicators:dashboard"), query)
    assert response.status_code == 404  # not a 500


def test_the_dashboard_refuses_a_unit_outside_the_users_scope(client, make_user):
    """Issue 13.10: a street's user asking for the district once got its own figures labelled 西湖区."""
    client.force_login(make_user(Role.JUSTICE_OFFICE_STAFF, "330106002"))
    assert client.get(reverse("indicators:dashboard"), {"org": "330106"}).status_code == 403
    assert client.get(reverse("indicators:dashboard"), {"org": "330106002"}).status_code == 200
