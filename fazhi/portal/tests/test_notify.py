"""Back to the applicant by SMS (fazhi.portal.notify): accepted, refused, 补正 and closed portal
cases each write one outbox row to the account's mobile, with the 查询编号 and no personal data;
a case not submitted on the portal, the applicant's own answer and bulk work send nothing."""

from __future__ import annotations

import pytest

from fazhi.cases.services import PartyInput, case_create, case_transition, today
from fazhi.core import notifications
from fazhi.core.models import SmsMessage
from fazhi.core.pii import blind_index
from fazhi.core.roles import Role
from fazhi.portal.models import PublicAccount
from fazhi.portal.services import portal_answer, submission_create
from fazhi.portal.tests.timeline_matters import declare

pytestmark = pytest.mark.django_db
PHONE = "13912345678"


@pytest.fixture
def matters(monkeypatch, xihu):
    return declare(monkeypatch)


@pytest.fixture
def citizen(make_user):
    user = make_user(Role.PUBLIC, display_name="张群众")
    PublicAccount.objects.create(user=user, phone=PHONE, phone_hash=blind_index(PHONE))
    return user


@pytest.fixture
def fuyi(make_user):
    return make_user(Role.RECONSIDERATION_OFFICER, "330106-FYJ")


@pytest.fixture
def step(django_capture_on_commit_callbacks):
    """step(**case_transition kwargs): the step, with what runs after its commit (the signal)."""

    def run(**kw):
        with django_capture_on_commit_callbacks(execute=True):
            return case_transition(**kw)

    return run


def outbox():
    return list(SmsMessage.objects.order_by("id"))


def test_accept_correction_and_close_each_send_one_sms(matters, citizen, fuyi, step, make_user):
    s, _ = submission_create(actor=citizen, matter_key="t_reconsideration", data={"name": "王申请"})
    step(
        actor=fuyi,
        case=s.case,
        name="request_correction",
        data={"items": "身份证复印件 330106198001010019", "notice_received_on": today()},
    )
    sms = outbox()
    assert len(sms) == 1 and sms[0].phone == PHONE and sms[0].recipient == citizen
    assert s.number in sms[0].text and "需补充材料" in sms[0].text and "前补充" in sms[0].text
    assert "330106198001010019" not in sms[0].text and "王申请" not in sms[0].text

    portal_answer(actor=citizen, submission=s, text="已补充")  # its own SMS (none): the test below
    step(actor=citizen, case=s.case, name="accept", data={"procedure": "ordinary"}, system=True)
    sms = outbox()
    assert len(sms) == 2 and "已受理" in sms[1].text and s.number in sms[1].text

    mediator = make_user(Role.MEDIATOR, "330106002-TWH")
    m, _ = submission_create(actor=citizen, matter_key="t_mediation", data={})
    step(actor=mediator, case=m.case, name="accept", data={})
    step(actor=mediator, case=m.case, name="agree", data={"agreement_form": "oral", "content": "赔偿"})
    texts = [x.text for x in outbox()[2:]]
    assert len(texts) == 2 and "已受理" in texts[0]
    assert "已办结" in texts[1] and "调解成功" in texts[1] and "评价" in texts[1] and "赔偿" not in texts[1]


def test_a_refusal_sends_an_sms_pointing_to_the_rights(matters, citizen, fuyi, step):
    s, _ = submission_create(actor=citizen, matter_key="t_reconsideration", data={})
    step(actor=fuyi, case=s.case, name="not_accept", data={"ground": "scope", "reason": "内部管理行为"})
    (sms,) = outbox()
    assert "不予受理" in sms.text and "救济途径" in sms.text and "内部管理行为" not in sms.text


def test_the_applicants_own_answer_sends_nothing(
    matters, citizen, fuyi, step, django_capture_on_commit_callbacks
):
    s, _ = submission_create(actor=citizen, matter_key="t_reconsideration", data={})
    step(
        actor=fuyi,
        case=s.case,
        name="request_correction",
        data={"items": "材料", "notice_received_on": today()},
    )
    with django_capture_on_commit_callbacks(execute=True):
        portal_answer(actor=citizen, submission=s, text="已补充")
    assert len(outbox()) == 1


def test_no_sms_for_a_case_not_from_the_portal_nor_during_bulk_work(matters, citizen, fuyi, step, xihu):
    walk_in = case_create(
        actor=fuyi,
        kind="reconsideration",
        org_unit=xihu["330106-FYJ"],
        received_on=today(),
        title="窗口申请",
        parties=[
            PartyInput(role="applicant", person={"name": "李四", "phone": "13800001111"}),
            PartyInput(role="respondent", org_unit=xihu["330106-SCJG"]),
        ],
        detail={
            "act_description": "处罚决定",
            "service_mode": "DIRECT",
            "service_date": today(),
            "respondent_agency": xihu["330106-SCJG"],
        },
    )
    step(actor=fuyi, case=walk_in, name="accept", data={"procedure": "ordinary"})
    s, _ = submission_create(actor=citizen, matter_key="t_reconsideration", data={})
    with notifications.suppressed():
        step(actor=fuyi, case=s.case, name="accept", data={"procedure": "ordinary"})
    assert outbox() == []


def test_without_a_mobile_the_row_says_so(matters, make_user, fuyi, step):
    nobody = make_user(Role.PUBLIC)
    s, _ = submission_create(actor=nobody, matter_key="t_reconsideration", data={})
    step(actor=fuyi, case=s.case, name="accept", data={"procedure": "ordinary"})
    (sms,) = outbox()
    assert sms.phone == "" and sms.status == "no_phone" and s.number in sms.text
