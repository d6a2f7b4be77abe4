"""人民调解 through the engine: intake, steps, deadlines equal fazhi.law, scoping of writes."""

from datetime import date

import pytest

from fazhi.cases.models import CaseEvent, DeadlineState
from fazhi.cases.services import CasePermissionError, case_transition
from fazhi.cases.workflow import WorkflowError
from fazhi.core.models import AuditEvent
from fazhi.core.roles import Role
from fazhi.law import deadlines as law


def test_intake_numbers_by_committee_and_year(beishan_mediator, new_mediation):
    first, second = new_mediation(beishan_mediator), new_mediation(beishan_mediator)
    assert (first.number, second.number) == ("330106002-TWH-2024-1", "330106002-TWH-2024-2")
    assert first.status == "received" and first.org_path.endswith("/330106002-TWH/")
    assert first.mediation.get_dispute_type_display() == "邻里纠纷"
    assert AuditEvent.objects.filter(action="create", object_id=str(first.pk)).exists()


def test_the_main_path_with_deadlines_equal_to_fazhi_law(beishan_mediator, new_mediation):
    case = new_mediation(beishan_mediator)
    case = case_transition(actor=beishan_mediator, case=case, name="accept", on=date(2024, 3, 6))
    rm11 = case.deadlines.get(rule_id="RM-11")
    assert (
        rm11.due == law.due("RM-11", date(2024, 3, 6)).due == date(2024, 4, 7)
    )  # 4-06 is a Saturday? see law
    assert case.next_due == rm11.due
    case = case_transition(
        actor=beishan_mediator,
        case=case,
        name="agree",
        data={"agreement_form": "written", "content": "赔偿2000元", "performance_due": "2024-04-01"},
        on=date(2024, 3, 20),
    )
    rm11.refresh_from_db()
    assert rm11.state == DeadlineState.MET and rm11.done_on == date(2024, 3, 20)
    rm09 = case.deadlines.get(rule_id="RM-09")
    assert rm09.due == law.due("RM-09", date(2024, 3, 20)).due and rm09.party == "both_parties"
    assert (case.status, case.outcome, case.closed_on) == ("agreed", "agreement", date(2024, 3, 20))
    assert case.mediation.agreement_form == "written"
    assert [e.summary for e in CaseEvent.objects.filter(case=case)] == [
        "收案：邻里漏水纠纷",
        "受理调解",
        "达成调解协议：调解成功",
    ]


def test_a_late_step_marks_the_deadline_missed(beishan_mediator, new_mediation):
    case = case_transition(
        actor=beishan_mediator, case=new_mediation(beishan_mediator), name="accept", on=date(2024, 3, 6)
    )
    case = case_transition(
        actor=beishan_mediator,
        case=case,
        name="terminate",
        data={"reason": "无法达成一致", "routes": ["litigation"]},
        on=date(2024, 5, 6),
    )
    assert case.deadlines.get(rule_id="RM-11").state == DeadlineState.MISSED
    assert case.mediation.other_routes_advised == "诉讼（司法途径）"


def test_another_streets_staff_cannot_act(make_user, beishan_mediator, new_mediation):
    case = new_mediation(beishan_mediator)
    sandun = make_user(Role.JUSTICE_OFFICE_STAFF, "330106109")
    with pytest.raises(CasePermissionError):
        case_transition(actor=sandun, case=case, name="accept", on=date(2024, 3, 6))
    with pytest.raises(CasePermissionError):
        new_mediation(sandun)  # cannot receive a case for 北山


def test_leaders_and_auditors_cannot_write(make_user, beishan_mediator, new_mediation):
    case = new_mediation(beishan_mediator)
    for role in (Role.LEADER, Role.AUDITOR):
        with pytest.raises(CasePermissionError):
            case_transition(actor=make_user(role), case=case, name="accept", on=date(2024, 3, 6))


@pytest.mark.parametrize(
    "on,message",
    [(date(2024, 3, 1), "不能早于收到日期"), (date(2099, 1, 1), "不能晚于今天")],
)
def test_impossible_dates_are_refused(beishan_mediator, new_mediation, on, message):
    case = new_mediation(beishan_mediator)
    with pytest.raises(WorkflowError, match=message):
        case_transition(actor=beishan_mediator, case=case, name="accept", on=on)
    case.refresh_from_db()
    assert case.status == "received"


def test_a_failed_step_writes_nothing(beishan_mediator, new_mediation):
    case = case_transition(
        actor=beishan_mediator, case=new_mediation(beishan_mediator), name="accept", on=date(2024, 3, 6)
    )
    events = case.events.count()
    with pytest.raises(WorkflowError):
        case_transition(
            actor=beishan_mediator,
            case=case,
            name="agree",
            data={"agreement_form": "bad"},
            on=date(2024, 3, 7),
        )
    case.refresh_from_db()
    assert case.status == "mediating" and case.events.count() == events


def test_steps_record_their_declared_values_in_one_detail_update(beishan_mediator, new_mediation):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fazhi.mediation.models import MediationCase

    case = new_mediation(beishan_mediator)
    case = case_transition(actor=beishan_mediator, case=case, name="accept", on=date(2024, 3, 6))
    with CaptureQueriesContext(connection) as queries:
        case = case_transition(
            actor=beishan_mediator,
            case=case,
            name="agree",
            data={"agreement_form": "oral", "content": "当场赔偿"},
            on=date(2024, 3, 20),
        )
    table = MediationCase._meta.db_table
    updates = [q["sql"] for q in queries.captured_queries if q["sql"].startswith(f'UPDATE "{table}"')]
    assert len(updates) == 1
    detail = MediationCase.objects.get(case=case)
    assert (detail.agreement_form, detail.performance_due) == ("oral", None)
    case_transition(
        actor=beishan_mediator,
        case=case,
        name="apply_confirmation",
        data={"court": "西湖区人民法院"},
        on=date(2024, 3, 25),
    )
    case_transition(
        actor=beishan_mediator,
        case=case,
        name="follow_up",
        data={"performed": "on", "note": "已履行"},
        on=date(2024, 4, 2),
    )
    detail.refresh_from_db()
    assert (detail.confirmation_applied_on, detail.followed_up_on, detail.performed) == (
        date(2024, 3, 25),
        date(2024, 4, 2),
        True,
    )


def test_a_failed_mediation_records_the_routes_advised_by_name(beishan_mediator, new_mediation):
    case = new_mediation(beishan_mediator)
    case = case_transition(actor=beishan_mediator, case=case, name="accept", on=date(2024, 3, 6))
    data = {"reason": "分歧较大", "routes": ["arbitration", "litigation"]}
    case = case_transition(
        actor=beishan_mediator, case=case, name="terminate", data=data, on=date(2024, 3, 9)
    )
    case.mediation.refresh_from_db()
    assert case.mediation.other_routes_advised == "仲裁、诉讼（司法途径）"


def _agreed(actor, new_mediation, on=date(2025, 3, 1)):
    case = case_transition(
        actor=actor,
        case=new_mediation(actor, received_on=date(2025, 2, 20)),
        name="accept",
        on=date(2025, 2, 20),
    )
    return case_transition(
        actor=actor,
        case=case,
        name="agree",
        data={"agreement_form": "written", "content": "赔偿2000元"},
        on=on,
    )


def test_follow_up_does_not_close_the_parties_confirmation_window_rm09(beishan_mediator, new_mediation):
    """Issue 14.5: agreed 03-01, 回访 03-10, application 03-20 → allowed (人民调解法 art. 33)."""
    case = _agreed(beishan_mediator, new_mediation)
    case = case_transition(
        actor=beishan_mediator,
        case=case,
        name="follow_up",
        data={"performed": "1", "note": "已履行"},
        on=date(2025, 3, 10),
    )
    assert case.deadlines.get(rule_id="RM-09").state == DeadlineState.OPEN
    case = case_transition(
        actor=beishan_mediator,
        case=case,
        name="apply_confirmation",
        data={"court": "西湖区人民法院"},
        on=date(2025, 3, 20),
    )
    assert case.mediation.confirmation_applied_on == date(2025, 3, 20)
    rm09 = case.deadlines.get(rule_id="RM-09")
    assert rm09.state == DeadlineState.MET and rm09.done_on == date(2025, 3, 20)
    assert case.mediation.followed_up_on == date(2025, 3, 10)


def test_the_courts_confirmation_result_is_recorded_rm09(beishan_mediator, new_mediation):
    """人民调解法 art. 33 paras 2–3: valid (enforceable) or invalid → re-mediate or sue."""
    case = _agreed(beishan_mediator, new_mediation)
    with pytest.raises(WorkflowError, match="申请司法确认"):
        case_transition(
            actor=beishan_mediator,
            case=case,
            name="confirmation_result",
            data={"confirmation_result": "valid"},
            on=date(2025, 3, 25),
        )
    case = case_transition(
        actor=beishan_mediator,
        case=case,
        name="apply_confirmation",
        data={"court": "西湖区人民法院"},
        on=date(2025, 3, 5),
    )
    with pytest.raises(WorkflowError, match="第三十三条"):
        case_transition(
            actor=beishan_mediator,
            case=case,
            name="confirmation_result",
            data={"confirmation_result": "invalid"},
            on=date(2025, 3, 25),
        )
    case = case_transition(
        actor=beishan_mediator,
        case=case,
        name="confirmation_result",
        data={"confirmation_result": "invalid", "after_invalid": "remediate"},
        on=date(2025, 3, 25),
    )
    m = case.mediation
    assert (m.confirmation_result, m.confirmation_result_on, m.after_invalid) == (
        "invalid",
        date(2025, 3, 25),
        "remediate",
    )
    assert m.get_confirmation_result_display() == "确认调解协议无效"


def test_a_valid_confirmation_needs_no_further_route(beishan_mediator, new_mediation):
    case = _agreed(beishan_mediator, new_mediation)
    case = case_transition(
        actor=beishan_mediator,
        case=case,
        name="apply_confirmation",
        data={"court": "西湖区人民法院"},
        on=date(2025, 3, 5),
    )
    case = case_transition(
        actor=beishan_mediator,
        case=case,
        name="confirmation_result",
        data={"confirmation_result": "valid"},
        on=date(2025, 3, 18),
    )
    assert (case.mediation.confirmation_result, case.mediation.after_invalid) == ("valid", "")
