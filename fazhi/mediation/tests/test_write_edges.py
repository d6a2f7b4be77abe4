"""Issue 13.10, the edges of the write path: a public user's submission goes through its own
service (`portal_submit`), not through a bypass of the staff intake's right; the receiving unit and
an applicant organisation's credit code are rules of the engine, whatever the channel; a refusal of
the engine is a PermissionDenied (403) without a handler of each view's own."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from fazhi.cases import services
from fazhi.cases.services import CasePermissionError, PartyInput, case_create, portal_submit
from fazhi.cases.workflow import WorkflowError
from fazhi.core.roles import Role

COMMITTEE = "330106002-TWH"
APPLICANT = [PartyInput(role="applicant", person={"name": "张群众"})]


def _submit(who, xihu, **kw):
    args = {
        "actor": who,
        "kind": "mediation",
        "org_unit": xihu[COMMITTEE],
        "title": "楼上漏水",
        "parties": APPLICANT,
        "detail": {"dispute_type": "neighbour"},
    }
    return portal_submit(**{**args, **kw})


def test_a_public_user_cannot_receive_a_case_by_naming_themselves_the_submitter(make_user, xihu):
    citizen = make_user(Role.PUBLIC)
    with pytest.raises(CasePermissionError):
        case_create(
            actor=citizen,
            submitted_by=citizen,
            kind="mediation",
            org_unit=xihu[COMMITTEE],
            received_on=date(2024, 3, 5),  # a staff intake may date the receipt; the portal may not
            title="自称提交人",
            parties=APPLICANT,
            detail={"dispute_type": "neighbour"},
        )


def test_portal_submit_makes_an_online_submission_of_today_owned_by_the_submitter(make_user, xihu):
    citizen = make_user(Role.PUBLIC)
    case = _submit(citizen, xihu)
    assert case.submitted_by == citizen and case.channel == "online"
    assert case.received_on == services.today() and case.status == case.spec.workflow.initial
    assert case.events.get().actor == citizen


def test_portal_submit_refuses_what_its_rules_do_not_allow(make_user, xihu):
    citizen = make_user(Role.PUBLIC)
    with pytest.raises(CasePermissionError, match="不接受网上申请"):
        _submit(citizen, xihu, kind="litigation")
    with pytest.raises(WorkflowError) as caught:
        _submit(citizen, xihu, org_unit=xihu["330106002"])  # a street, not a committee
    assert "不是受理人民调解的单位" in caught.value.errors["org_unit"]
    for _ in range(services.PORTAL_MAX_WAITING):
        _submit(citizen, xihu)
    with pytest.raises(CasePermissionError, match="等待受理"):
        _submit(citizen, xihu)


def test_the_receiving_unit_is_a_rule_of_the_engine(make_user, xihu):
    district_mediator = make_user(Role.MEDIATOR, "330106")
    with pytest.raises(WorkflowError) as caught:
        case_create(
            actor=district_mediator,
            kind="mediation",
            org_unit=xihu["330106002"],  # 北山街道 itself: a division, which receives no case
            received_on=date(2024, 3, 5),
            title="街道名下的纠纷",
            parties=APPLICANT,
            detail={"dispute_type": "neighbour"},
        )
    assert "不是受理人民调解的单位" in caught.value.errors["org_unit"]


def test_an_applicant_organisation_needs_its_credit_code_in_the_service(beishan_mediator, xihu):
    with pytest.raises(WorkflowError) as caught:
        case_create(
            actor=beishan_mediator,
            kind="mediation",
            org_unit=xihu[COMMITTEE],
            received_on=date(2024, 3, 5),
            title="合同纠纷",
            parties=[PartyInput(role="applicant", legal_entity={"name": "某某有限公司", "uscc": ""})],
            detail={"dispute_type": "contract"},
        )
    assert "统一社会信用代码" in caught.value.errors["parties.0.uscc"]


def test_a_refusal_of_the_engine_is_a_permission_denied(
    client, make_user, beishan_mediator, xihu, new_mediation
):
    assert issubclass(CasePermissionError, PermissionDenied)
    case = new_mediation(beishan_mediator)
    outsider = make_user(Role.MEDIATOR, "330106004-TWH")
    client.force_login(outsider)
    response = client.post(f"/cases/mediation/{case.pk}/do/accept/", {"on": "2024-03-06"})
    assert response.status_code in (403, 404)  # not a 500 and not a step taken
    case.refresh_from_db()
    assert case.status == case.spec.workflow.initial
