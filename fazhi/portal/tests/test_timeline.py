"""The public timeline (fazhi.portal.timeline): each state in plain words, what is missing and by
when, refusals with their reasons and rights of objection — and nothing the public may not see."""

from __future__ import annotations

import pytest

from fazhi.cases.models import Deadline, DeadlineState
from fazhi.cases.services import case_transition, today
from fazhi.core.roles import Role
from fazhi.portal.services import portal_answer, submission_create
from fazhi.portal.tests.timeline_matters import LEGAL_AID_RIGHTS, RECONSIDERATION_RIGHTS, declare
from fazhi.portal.timeline import public_status, public_text, timeline

pytestmark = pytest.mark.django_db


@pytest.fixture
def matters(monkeypatch, xihu):
    return declare(monkeypatch)


@pytest.fixture
def citizen(make_user):
    return make_user(Role.PUBLIC)


@pytest.fixture
def fuyi(make_user):
    return make_user(Role.RECONSIDERATION_OFFICER, "330106-FYJ")


@pytest.fixture
def fayuan(make_user):
    return make_user(Role.LEGAL_AID_STAFF, "330106-FYZX")


def submit(citizen, key, **data):
    submission, _code = submission_create(
        actor=citizen, matter_key="t_" + key, data={"name": "张群众", **data}
    )
    return submission


def keys(stages):
    return [(s.key, s.state) for s in stages]


def text_of(stages) -> str:
    return " ".join(f"{s.label} {' '.join(s.notes)} {s.rights}" for s in stages)


def test_just_received_waits_for_review(matters, citizen):
    s = submit(citizen, "reconsideration")
    stages = timeline(s)
    assert keys(stages) == [("received", "current"), ("todo", "todo"), ("todo", "todo")]
    assert stages[0].on == today() and [x.label for x in stages] == ["已收到", "已受理", "已办结"]
    assert public_status(s).label == "已收到，等待受理审查" and not public_status(s).ended


def test_correction_shows_what_is_missing_and_by_when_then_the_answer(matters, citizen, fuyi):
    s = submit(citizen, "reconsideration")
    case_transition(
        actor=fuyi,
        case=s.case,
        name="request_correction",
        data={"items": "请补充行政处罚决定书复印件；联系人电话13812345678", "notice_received_on": today()},
    )
    s.refresh_from_db()
    stages = timeline(s)
    waiting = next(x for x in stages if x.key == "waiting")
    due = Deadline.objects.get(case=s.case, rule_id="FY-07", state=DeadlineState.OPEN).due
    assert waiting.label == "需补充材料" and waiting.state == "current" and waiting.due == due
    assert "请补充行政处罚决定书复印件" in waiting.notes[0] and "13812345678" not in text_of(stages)
    status = public_status(s)
    assert status.waiting and f"{due.year}年{due.month}月{due.day}日" in status.todo

    portal_answer(actor=citizen, submission=s, text="已上传处罚决定书照片")
    s.case.refresh_from_db()
    assert s.case.status == "received"
    stages = timeline(s)
    assert [x.key for x in stages][:3] == ["received", "waiting", "supplied"]
    assert next(x for x in stages if x.key == "waiting").state == "done"
    assert public_status(s).label == "已收到，等待受理审查"


def test_accepted_then_refused_elsewhere_shows_reasons_and_rights(matters, citizen, fuyi):
    accepted = submit(citizen, "reconsideration")
    case_transition(actor=fuyi, case=accepted.case, name="accept", data={"procedure": "ordinary"})
    accepted.refresh_from_db()
    stages = timeline(accepted)
    assert keys(stages) == [("received", "done"), ("accepted", "current"), ("todo", "todo")]
    assert stages[1].on == accepted.case.accepted_on
    assert public_status(accepted).label == "已受理，正在办理"

    refused = submit(citizen, "reconsideration")
    case_transition(
        actor=fuyi,
        case=refused.case,
        name="not_accept",
        data={"ground": "scope", "reason": "所诉事项属于内部管理行为"},
    )
    refused.refresh_from_db()
    stages = timeline(refused)
    last = stages[-1]
    assert keys(stages) == [("received", "done"), ("refused", "done")]
    assert last.label == "不予受理" and last.rights == RECONSIDERATION_RIGHTS
    assert any("不属于行政复议范围" in n for n in last.notes)
    assert any("所诉事项属于内部管理行为" in n for n in last.notes)
    status = public_status(refused)
    assert status.ended and status.refused and status.label == "不予受理"


def test_legal_aid_refusal_hides_the_staff_override_note(matters, citizen, fayuan):
    s = submit(citizen, "legal_aid")
    case_transition(
        actor=fayuan,
        case=s.case,
        name="refuse",
        data={
            "reasons": "申请事项不属于法律援助范围",
            "objection_right_advised": True,
            "override_reason": "内部核查：家庭收入另有来源",
        },
    )
    s.refresh_from_db()
    stages = timeline(s)
    text = text_of(stages)
    assert "申请事项不属于法律援助范围" in text and "内部核查" not in text
    assert stages[-1].label == "不予法律援助" and stages[-1].rights == LEGAL_AID_RIGHTS
    # the label's note for staff is left out: "不予法律援助的理由（书面告知申请人）"
    assert "书面告知申请人" not in text


def test_legal_aid_materials_request_uses_its_supply_by_date(matters, citizen, fayuan):
    s = submit(citizen, "legal_aid")
    by = today().replace(day=28) if today().day < 28 else today()
    case_transition(
        actor=fayuan,
        case=s.case,
        name="request_materials",
        data={"items": "工资流水", "supply_by": by},
    )
    s.refresh_from_db()
    waiting = next(x for x in timeline(s) if x.key == "waiting")
    assert waiting.due == by and waiting.notes == ("需补充的全部材料：工资流水",)


def test_closed_with_the_outcome_and_no_todo(matters, citizen, make_user):
    mediator = make_user(Role.MEDIATOR, "330106002-TWH")
    s = submit(citizen, "mediation")
    case_transition(actor=mediator, case=s.case, name="accept", data={})
    case_transition(
        actor=mediator,
        case=s.case,
        name="agree",
        data={"agreement_form": "written", "content": "赔偿维修费800元（王某某承担）"},
    )
    s.refresh_from_db()
    stages = timeline(s)
    assert keys(stages) == [("received", "done"), ("accepted", "done"), ("closed", "done")]
    assert stages[-1].notes == ("调解成功",)
    assert "王某某" not in text_of(stages)  # the agreement's content is not the public's to read
    status = public_status(s)
    assert status.ended and status.label == "已办结：调解成功"


def test_a_register_record_is_received_then_answered(matters, citizen):
    s = submit(citizen, "consultation", summary="拖欠工资怎么办")
    stages = timeline(s)
    assert [x.label for x in stages] == ["已收到", "已答复"] and stages[-1].state == "todo"
    assert not public_status(s).ended


def test_public_text_masks_numbers_of_people():
    text = public_text("联系13812345678，身份证330106198001010019")
    assert "13812345678" not in text and "330106198001010019" not in text and "138" in text
