"""Issue 14 (行政复议 points 2, 3, 7 and 8): the vectors, each through the services as a user takes it."""

from datetime import date, timedelta

import pytest

from fazhi.cases.models import DeadlineState
from fazhi.cases.services import case_transition, deadlines_expire
from fazhi.cases.workflow import WorkflowError
from fazhi.law import deadlines as law
from fazhi.law.periods import Pause

D = date
APPROVED = {"approval": "head", "opinions_heard": "heard"}


def go(actor, case, name, on, **data):
    return case_transition(actor=actor, case=case, name=name, data=data, on=on)


ACCEPTED_ON = D(2024, 3, 6)


def accepted(officer, application, on=ACCEPTED_ON, procedure="ordinary", **kw):
    case = application(officer, **kw)
    simplified = dict.fromkeys(("facts_clear", "rights_clear", "dispute_small", "all_parties_agree"), "1")
    return go(
        officer, case, "accept", on, procedure=procedure, **(simplified if procedure == "simplified" else {})
    )


def reviewing(officer, application, evidence="1", **kw):
    case = accepted(officer, application, **kw)
    case = go(officer, case, "send_copy", D(2024, 3, 8), respondent_received_on="2024-03-11")
    return go(officer, case, "record_reply", D(2024, 3, 20), summary="答复", evidence_submitted=evidence)


# --- 14.2 (a): no 不予受理 once the 5-working-day review has run (art. 30) ---------------------------


def sept_2025(officer, application):
    return application(
        officer, received_on=D(2025, 9, 26), service_date=D(2025, 9, 20), act_date=D(2025, 9, 19)
    )


def test_not_accept_after_the_review_period_is_refused_as_deemed_accepted(officer, application):
    case = sept_2025(officer, application)
    assert case.deadlines.get(rule_id="FY-05").due == D(2025, 10, 10)
    with pytest.raises(WorkflowError) as exc:
        go(officer, case, "not_accept", D(2025, 10, 13), ground="scope", reason="不属于复议范围")
    assert "视为受理" in exc.value.message and "第三十条" in exc.value.message
    case.refresh_from_db()
    assert case.status == "received"


def test_not_accept_on_the_last_day_of_review_is_allowed(officer, application):
    case = sept_2025(officer, application)
    case = go(officer, case, "not_accept", D(2025, 10, 10), ground="scope", reason="不属于复议范围")
    assert case.status == "not_accepted"


# --- 14.2 (b): art. 70 also when the reply comes without evidence or basis -------------------------


def test_reply_without_evidence_then_weichi_is_refused(officer, application):
    case = reviewing(officer, application, evidence="")
    assert case.reconsideration.reply_without_evidence
    with pytest.raises(WorkflowError) as exc:
        go(officer, case, "decide", D(2024, 4, 1), decision="WEICHI", summary="维持", **APPROVED)
    assert "第七十条" in exc.value.message
    case = go(officer, case, "decide", D(2024, 4, 1), decision="CHEXIAO", summary="撤销", **APPROVED)
    assert case.outcome == "CHEXIAO"


def test_reply_with_evidence_may_be_maintained(officer, application):
    case = reviewing(officer, application)
    case = go(officer, case, "decide", D(2024, 4, 1), decision="WEICHI", summary="维持", **APPROVED)
    assert case.outcome == "WEICHI"


# --- 14.2 (c): 在途时间 of posted 补正 material (民事诉讼法 art. 85.4 via 行政复议法 art. 88) ---------------


def in_correction(officer, application):
    case = application(officer)
    case = go(
        officer, case, "request_correction", D(2024, 3, 6), items="身份证明", notice_received_on="2024-03-07"
    )
    due = case.deadlines.get(rule_id="FY-07").due
    assert due == law.due("FY-07", D(2024, 3, 7)).due == D(2024, 3, 21)
    return case, due


def test_material_posted_on_the_last_day_and_arriving_later_keeps_the_case_open(officer, application):
    case, due = in_correction(officer, application)
    deadlines_expire(on=D(2024, 3, 22))
    case.refresh_from_db()
    assert case.status == "correction_lapsed" and case.closed_on is None and not case.outcome
    case = go(officer, case, "receive_supplement", D(2024, 3, 25), mailed_on=due.isoformat(), note="邮寄")
    assert case.status == "received" and case.reconsideration.correction_mailed_on == due
    assert case.deadlines.filter(rule_id="FY-05", state=DeadlineState.OPEN).exists()


def test_material_posted_after_the_last_day_is_refused_and_the_case_is_deemed_abandoned(officer, application):
    case, _ = in_correction(officer, application)
    deadlines_expire(on=D(2024, 3, 22))
    case.refresh_from_db()
    with pytest.raises(WorkflowError) as exc:
        go(officer, case, "receive_supplement", D(2024, 3, 25), mailed_on="2024-03-22")
    assert "在途" in exc.value.message or "邮寄" in exc.value.message
    grace = case.deadlines.get(rule_id="FY-07b").due
    deadlines_expire(on=grace + timedelta(days=1))
    case.refresh_from_db()
    assert case.status == "abandoned" and case.outcome == "FANGQI"


# --- 14.3: procedure -------------------------------------------------------------------------------


@pytest.mark.parametrize("state_steps", [0, 1])
def test_suspension_is_possible_before_the_reply_and_resumption_goes_back(officer, application, state_steps):
    case = accepted(officer, application)
    if state_steps:
        case = go(officer, case, "send_copy", D(2024, 3, 8), respondent_received_on="2024-03-11")
    before = case.status
    case = go(officer, case, "suspend", D(2024, 3, 12), ground="5", reason="不可抗力", notified="1")
    assert case.status == "suspended"
    # the one 恢复审理 step offered leads back to where the case was suspended
    name = {"accepted": "resume_before_copy", "awaiting_reply": "resume_before_reply"}[before]
    with pytest.raises(WorkflowError):
        go(officer, case, "resume", D(2024, 3, 20), reason="消除", notified="1")
    case = go(officer, case, name, D(2024, 3, 20), reason="消除", notified="1")
    assert case.status == before


def test_incidental_review_by_the_body_itself_starts_fy17_and_fy19_then_fy20(officer, application):
    case = reviewing(officer, application)
    case = go(
        officer,
        case,
        "suspend",
        D(2024, 3, 22),
        ground="9",
        reason="附带审查",
        notified="1",
        review_route="self",
    )
    assert case.deadlines.get(rule_id="FY-19").due == law.due("FY-19", D(2024, 3, 22)).due == D(2024, 3, 27)
    assert case.deadlines.get(rule_id="FY-17").due == law.due("FY-17", D(2024, 3, 22)).due
    assert not case.deadlines.filter(rule_id="FY-18").exists()
    case = go(
        officer,
        case,
        "notify_rule_maker",
        D(2024, 3, 25),
        rule_maker="杭州市西湖区人民政府",
        received_on="2024-03-26",
    )
    assert case.deadlines.get(rule_id="FY-19").state == DeadlineState.MET
    assert case.deadlines.get(rule_id="FY-20").due == law.due("FY-20", D(2024, 3, 26)).due
    case = go(officer, case, "rule_maker_replied", D(2024, 4, 2), summary="书面答复")
    case = go(officer, case, "conclude_review", D(2024, 4, 8), result="规范性文件合法，继续适用")
    assert case.deadlines.get(rule_id="FY-17").state == DeadlineState.MET
    case = go(officer, case, "resume", D(2024, 4, 9), reason="附带审查完毕", notified="1")
    assert case.status == "reviewing"


def test_incidental_review_transferred_starts_fy18_then_fy21(officer, application):
    case = reviewing(officer, application)
    case = go(
        officer,
        case,
        "suspend",
        D(2024, 3, 22),
        ground="9",
        reason="附带审查",
        notified="1",
        review_route="transfer",
    )
    assert case.deadlines.get(rule_id="FY-18").due == law.due("FY-18", D(2024, 3, 22)).due
    assert not case.deadlines.filter(rule_id__in=["FY-17", "FY-19"]).exists()
    case = go(
        officer, case, "transfer_review", D(2024, 3, 26), authority="杭州市人民政府", received_on="2024-03-27"
    )
    assert case.deadlines.get(rule_id="FY-21").due == law.due("FY-21", D(2024, 3, 27)).due


def test_ground_nine_needs_the_route(officer, application):
    case = reviewing(officer, application)
    with pytest.raises(WorkflowError) as exc:
        go(officer, case, "suspend", D(2024, 3, 22), ground="9", reason="附带审查", notified="1")
    assert "第五十六条" in exc.value.message


def test_inspection_time_is_not_counted_in_the_decision_period(officer, application):
    case = reviewing(officer, application)
    before = case.deadlines.get(rule_id="FY-15").due
    case = go(officer, case, "start_inspection", D(2024, 3, 25), note="现场勘验")
    case = go(officer, case, "end_inspection", D(2024, 3, 29), note="勘验完毕")
    d = case.deadlines.get(rule_id="FY-15")
    expected = law.due(
        "FY-15", D(2024, 3, 6), pauses=[Pause.coerce(("2024-03-25", "2024-03-29", "inspection"))]
    )
    assert d.due == expected.due > before
    assert d.pauses[0][2] == "inspection"


@pytest.mark.parametrize(
    "data,missing",
    [
        ({"opinions_heard": "heard"}, "负责人同意或者集体讨论"),
        ({"approval": "head"}, "听取当事人意见"),
        ({**APPROVED, "major_complex": "1"}, "听证"),
        ({**APPROVED, "technical": "1"}, "行政复议委员会"),
    ],
)
def test_decision_in_ordinary_procedure_names_what_is_missing(officer, application, data, missing):
    case = reviewing(officer, application)
    with pytest.raises(WorkflowError) as exc:
        go(officer, case, "decide", D(2024, 4, 1), decision="CHEXIAO", summary="撤销", **data)
    assert missing in exc.value.message


def test_complex_case_with_hearing_and_committee_may_be_decided(officer, application):
    case = reviewing(officer, application)
    case = go(
        officer,
        case,
        "schedule_hearing",
        D(2024, 3, 21),
        hearing_on="2024-04-01",
        place="听证室",
        matters="事实",
    )
    case = go(officer, case, "notify_hearing", D(2024, 3, 22))
    case = go(officer, case, "hold_hearing", D(2024, 4, 1), summary="听证")
    case = go(
        officer,
        case,
        "decide",
        D(2024, 4, 8),
        decision="CHEXIAO",
        summary="撤销",
        major_complex="1",
        committee_consulted="1",
        approval="collective",
        opinions_heard="heard",
    )
    d = case.reconsideration
    assert (d.approval, d.major_complex, d.committee_consulted) == ("collective", True, True)


def test_simplified_procedure_does_not_need_the_hearing_of_opinions(officer, application):
    case = accepted(officer, application, procedure="simplified")
    assert case.reconsideration.procedure == "simplified"
    case = go(officer, case, "send_copy", D(2024, 3, 8), respondent_received_on="2024-03-11")
    case = go(officer, case, "record_reply", D(2024, 3, 14), summary="答复", evidence_submitted="1")
    case = go(officer, case, "decide", D(2024, 3, 20), decision="WEICHI", summary="维持", approval="head")
    assert case.status == "decided"


@pytest.mark.parametrize("decision", ["BOHUI_QINGQIU", "ZELING_LVXING"])
def test_dismissing_the_request_and_ordering_performance_are_for_non_performance(
    officer, application, decision
):
    case = reviewing(officer, application)
    with pytest.raises(WorkflowError) as exc:
        go(officer, case, "decide", D(2024, 4, 1), decision=decision, summary="x", **APPROVED)
    assert "不履行法定职责" in exc.value.message
    other = reviewing(officer, application, act_category="nonperformance", service_mode="PROVEN_KNOWLEDGE")
    other = go(officer, other, "decide", D(2024, 4, 1), decision=decision, summary="x", **APPROVED)
    assert other.outcome == decision


def test_service_of_the_decision_and_the_copy_to_the_superior(officer, application):
    case = reviewing(officer, application)
    with pytest.raises(WorkflowError):
        go(officer, case, "copy_to_superior", D(2024, 4, 1), superior="杭州市市场监督管理局")
    case = go(officer, case, "decide", D(2024, 4, 1), decision="CHEXIAO", summary="撤销", **APPROVED)
    with pytest.raises(WorkflowError) as exc:
        go(officer, case, "copy_to_superior", D(2024, 4, 2), superior="杭州市市场监督管理局")
    assert "送达" in exc.value.message
    case = go(officer, case, "serve_decision", D(2024, 4, 3), served_on="2024-04-03", mode="direct")
    assert case.reconsideration.decision_served_on == D(2024, 4, 3)
    assert case.deadlines.get(rule_id="FY-30").due == law.due("FY-30", D(2024, 4, 3)).due
    case = go(officer, case, "copy_to_superior", D(2024, 4, 8), superior="杭州市市场监督管理局")
    assert case.reconsideration.copied_to_superior_on == D(2024, 4, 8)


# --- 14.8: respondents under art. 24; withdrawal before acceptance --------------------------------------


@pytest.mark.parametrize("code", ["330106109", "330106004"])  # 三墩镇, 西溪街道
def test_a_town_or_subdistrict_may_be_the_respondent(officer, application, code):
    case = application(officer, respondent=code)
    assert case.reconsideration.respondent_agency.code == code


def test_a_subdistrict_managed_by_another_authority_is_refused_with_the_reason(officer, application):
    with pytest.raises(WorkflowError) as exc:
        application(officer, respondent="330106008")  # 西湖街道, managed by the scenic-area authority
    assert "杭州西湖风景名胜区管理委员会" in exc.value.message


def test_withdrawal_before_acceptance_is_recorded_and_closed_without_a_decision(officer, application):
    case = application(officer)
    with pytest.raises(WorkflowError, match="第七十四条"):
        go(officer, case, "withdraw_before_acceptance", D(2024, 3, 7), reason="撤回")
    case = go(officer, case, "withdraw_before_acceptance", D(2024, 3, 7), voluntary="1", reason="自愿撤回")
    assert case.status == "withdrawn_early" and case.outcome == "CHEHUI_SHOULI_QIAN" and case.closed_on
    assert case.reconsideration.decision == ""  # not 审结: the indicators' test counts it apart
    assert not case.deadlines.filter(state=DeadlineState.OPEN).exists()
