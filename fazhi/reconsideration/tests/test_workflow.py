"""行政复议 workflows: which steps each state allows and the guards' reasons (no database)."""

from datetime import date
from decimal import Decimal

import pytest

from fazhi.cases.workflow import WorkflowError
from fazhi.reconsideration.workflow import OPINION_WORKFLOW, WORKFLOW

pytestmark = pytest.mark.filterwarnings("error")

INSPECTION = {"start_inspection", "start_appraisal", "end_inspection"}
INTAKE_OUT = {"withdraw_before_acceptance"}
HANDLING_STEPS = INSPECTION | {
    "suspend",
    "mediate",
    "extend",
    "convert",
    "complete_materials",
    "terminate",
    "mediation_agreement",
    "withdraw",
    "dismiss",
}
ALLOWED = {
    "received": {"accept", "not_accept", "request_correction"} | INTAKE_OUT,
    "correction": {"extend_correction", "receive_supplement"} | INTAKE_OUT,
    "correction_lapsed": {"receive_supplement"} | INTAKE_OUT,
    "accepted": HANDLING_STEPS | {"send_copy"},
    "awaiting_reply": HANDLING_STEPS - {"convert"} | {"record_reply"},
    "reviewing": HANDLING_STEPS | {"schedule_hearing", "suspend", "decide", "issue_opinion"},
    "hearing": HANDLING_STEPS
    | {"notify_hearing", "hold_hearing", "cancel_hearing", "suspend", "issue_opinion"},
    "suspended": {
        "resume",
        "resume_before_reply",
        "resume_before_copy",
        "notify_rule_maker",
        "rule_maker_replied",
        "transfer_review",
        "conclude_review",
        "terminate",
        "mediation_agreement",
        "withdraw",
        "dismiss",
        "complete_materials",
        "issue_opinion",
    },
    "not_accepted": {"serve_decision"},
    "abandoned": set(),
    "withdrawn_early": set(),
    "decided": {"issue_opinion", "serve_decision", "copy_to_superior"},
    "mediated": {"issue_opinion"},
    "withdrawn": {"issue_opinion"},
    "terminated": {"issue_opinion", "serve_decision"},
    "dismissed": {"issue_opinion", "serve_decision"},
}
AUTOMATIC = {
    "received": {"deem_accept"},
    "correction": {"supplement_lapsed"},
    "correction_lapsed": {"deem_abandon"},
    "awaiting_reply": {"reply_lapsed"},
    "suspended": {"auto_terminate"},
}
ORDINARY = {
    "procedure": "ordinary",
    "period_status": "IN_TIME",
    "open_deadlines": {"FY-15": date(2024, 5, 6)},
}
SIMPLIFIED = {**ORDINARY, "procedure": "simplified", "open_deadlines": {"FY-16": date(2024, 4, 6)}}


def test_every_state_is_listed():
    assert set(ALLOWED) == set(WORKFLOW.states)


@pytest.mark.parametrize("state,names", ALLOWED.items())
def test_allowed_transitions(state, names):
    assert {t.name for t in WORKFLOW.available(state)} == names
    automatic = {t.name for t in WORKFLOW.available(state, include_automatic=True)} - names
    assert automatic == AUTOMATIC.get(state, set())


@pytest.mark.parametrize("state", ALLOWED)
def test_every_other_transition_is_forbidden(state):
    for t in WORKFLOW.transitions:
        if t.name not in ALLOWED[state] | AUTOMATIC.get(state, set()):
            with pytest.raises(WorkflowError, match="不能办理"):
                WORKFLOW.clean(t.name, state, {}, ORDINARY)


def test_automatic_steps_are_the_systems_only():
    for name, state in [
        ("deem_accept", "received"),
        ("supplement_lapsed", "correction"),
        ("deem_abandon", "correction_lapsed"),
        ("reply_lapsed", "awaiting_reply"),
        ("auto_terminate", "suspended"),
    ]:
        with pytest.raises(WorkflowError, match="由系统在期限届满时自动办理"):
            WORKFLOW.clean(name, state, {}, ORDINARY)
        WORKFLOW.clean(name, state, {}, ORDINARY, system=True)


def test_closed_states_are_terminal_although_an_opinion_letter_may_still_be_issued():
    assert WORKFLOW.terminal == {
        "not_accepted",
        "abandoned",
        "withdrawn_early",
        "decided",
        "mediated",
        "withdrawn",
        "terminated",
        "dismissed",
    }


def accept(facts, **data):
    return WORKFLOW.clean("accept", "received", {"procedure": "ordinary", **data}, {**ORDINARY, **facts})


def test_a_barred_application_cannot_be_accepted_art_21():
    with pytest.raises(WorkflowError, match="第二十一条"):
        accept({"period_status": "BARRED"}, late_reason="不可抗力")


def test_a_late_application_needs_a_proper_reason_art_20_2():
    with pytest.raises(WorkflowError, match="第二十条第二款"):
        accept({"period_status": "LATE"})
    accept({"period_status": "LATE"}, late_reason="住院治疗，障碍消除后即申请")


def test_simplified_procedure_follows_fy14_art_53():
    with pytest.raises(WorkflowError, match=r"不能适用简易程序.*第五十三条"):
        accept(
            {"amount_involved": Decimal("5000")},
            procedure="simplified",
            facts_clear="1",
            rights_clear="1",
            dispute_small="1",
        )
    with pytest.raises(WorkflowError, match="争议不大"):
        accept(
            {"amount_involved": Decimal("2000")}, procedure="simplified", facts_clear="1", rights_clear="1"
        )
    accept(
        {"amount_involved": Decimal("3000")},
        procedure="simplified",
        facts_clear="1",
        rights_clear="1",
        dispute_small="1",
    )
    accept({"amount_involved": Decimal("5000")}, procedure="simplified", all_parties_agree="1")
    accept(
        {"act_category": "info_disclosure"},
        procedure="simplified",
        facts_clear="1",
        rights_clear="1",
        dispute_small="1",
    )


def test_accepting_starts_the_periods_of_the_chosen_procedure():
    t = WORKFLOW.transition("accept")
    started = lambda procedure: {  # noqa: E731
        s.rule for s in t.start if s.when is None or s.when({}, {"procedure": procedure}) is None
    }
    assert started("ordinary") == {"FY-09", "FY-15"}
    assert started("simplified") == {"FY-12", "FY-16"}
    copy = WORKFLOW.transition("send_copy")
    assert {s.rule for s in copy.start if s.when({"procedure": "simplified"}, {}) is None} == {"FY-13"}
    assert {s.rule for s in copy.start if s.when({"procedure": "ordinary"}, {}) is None} == {"FY-10"}


def test_the_correction_notice_is_one_time_art_31_1():
    data = {"items": "身份证明", "notice_received_on": "2024-03-08"}
    WORKFLOW.clean("request_correction", "received", data, {})
    with pytest.raises(WorkflowError, match=r"一次性.*第三十一条第一款"):
        WORKFLOW.clean("request_correction", "received", data, {"correction_notice_on": date(2024, 3, 6)})


def test_not_accepting_for_jurisdiction_names_the_competent_body_art_30_2():
    data = {"ground": "jurisdiction", "reason": "海关行政行为"}
    with pytest.raises(WorkflowError, match=r"有管辖权的行政复议机关.*第三十条第二款"):
        WORKFLOW.clean("not_accept", "received", data, ORDINARY)
    WORKFLOW.clean("not_accept", "received", {**data, "competent_body": "杭州海关"}, ORDINARY)


def extend(facts, **data):
    base = {"extension_days": "20", "approved_by": "复议局 陈局长", "reason": "案情复杂", "notified": "1"}
    return WORKFLOW.clean("extend", "reviewing", {**base, **data}, facts)


def test_extension_at_most_30_days_once_approved_and_notified_art_62():
    extend(ORDINARY)
    with pytest.raises(WorkflowError, match="最多不得超过三十日，本次为31日"):
        extend(ORDINARY, extension_days="31")
    with pytest.raises(WorkflowError, match="不能再次延长"):
        extend({**ORDINARY, "extension_days": 10})
    with pytest.raises(WorkflowError, match="书面告知当事人"):
        extend(ORDINARY, notified="")
    with pytest.raises(WorkflowError, match="审理期限已经届满"):
        extend({**ORDINARY, "open_deadlines": {}})


def test_simplified_cases_cannot_be_extended_and_are_not_offered_it_art_62_2():
    with pytest.raises(WorkflowError, match="第六十二条第二款"):
        extend(SIMPLIFIED)
    offered = {t.name for t in WORKFLOW.available("reviewing", facts=SIMPLIFIED)}
    assert "extend" not in offered and "convert" in offered
    offered = {t.name for t in WORKFLOW.available("reviewing", facts=ORDINARY)}
    assert "extend" in offered and "convert" not in offered
    assert "complete_materials" not in offered  # not a 容缺 case


def test_conversion_restarts_the_ordinary_periods_from_acceptance():
    t = WORKFLOW.transition("convert")
    assert t.cancel == ("FY-12", "FY-16")
    assert {(s.rule, s.trigger) for s in t.start} == {("FY-09", "accepted_on"), ("FY-15", "accepted_on")}
    copy_rule = next(s for s in t.start if s.rule == "FY-09")
    assert copy_rule.when({"status": "accepted"}, {}) is None and copy_rule.when({"status": "reviewing"}, {})


def decide(facts=ORDINARY, **data):
    approved = {"approval": "head", "opinions_heard": "heard"}  # arts. 49, 61
    return WORKFLOW.clean(
        "decide", "reviewing", {"decision": "WEICHI", "summary": "认定事实清楚", **approved, **data}, facts
    )


def test_a_lapsed_reply_means_no_evidence_art_70():
    lapsed = {**ORDINARY, "reply_lapsed": True}
    with pytest.raises(WorkflowError, match="第七十条"):
        decide(lapsed)
    decide(lapsed, decision="CHEXIAO")
    decide(lapsed, third_party_evidence="1")


def test_redo_and_compensation_go_with_the_right_decisions_arts_64_72():
    with pytest.raises(WorkflowError, match="第六十四条第一款"):
        decide(redo_ordered="1")
    decide(decision="CHEXIAO", redo_ordered="1")
    with pytest.raises(WorkflowError, match="第七十二条"):
        decide(compensation_ordered="1")
    decide(decision="QUEREN_WEIFA", compensation_ordered="1")
    with pytest.raises(WorkflowError) as exc:
        decide(decision="BU_SHOULI")  # not a decision on the merits
    assert exc.value.errors == {"decision": "“决定类型”的选项“BU_SHOULI”无效。"}


def test_settlement_must_be_voluntary_and_mediation_signed_arts_73_74():
    with pytest.raises(WorkflowError, match="第七十四条"):
        WORKFLOW.clean("withdraw", "reviewing", {"reason": "已和解"}, ORDINARY)
    WORKFLOW.clean("withdraw", "reviewing", {"reason": "已和解", "voluntary": "1"}, ORDINARY)
    with pytest.raises(WorkflowError, match="第七十三条第一款"):
        WORKFLOW.clean("mediation_agreement", "accepted", {"content": "退还罚款"}, ORDINARY)


def test_hearing_notice_before_the_hearing_art_51():
    hearing = WORKFLOW.transition("schedule_hearing")
    assert hearing.start[0].rule == "FY-11" and hearing.start[0].trigger == "hearing_on"
    with pytest.raises(WorkflowError, match="第五十一条第一款"):
        WORKFLOW.clean("hold_hearing", "hearing", {"summary": "听证"}, ORDINARY)
    notified = {**ORDINARY, "hearing_notified_on": date(2024, 4, 1)}
    WORKFLOW.clean("hold_hearing", "hearing", {"summary": "听证"}, notified)
    assert "notify_hearing" not in {t.name for t in WORKFLOW.available("hearing", facts=notified)}


def test_suspension_is_notified_pauses_the_decision_period_and_may_auto_terminate_arts_39_41():
    with pytest.raises(WorkflowError, match="第三十九条第三款"):
        WORKFLOW.clean("suspend", "reviewing", {"ground": "1", "reason": "申请人死亡"}, ORDINARY)
    t = WORKFLOW.transition("suspend")
    assert t.pause == ("FY-15", "FY-16") and WORKFLOW.transition("resume").resume == ("FY-15", "FY-16")
    fy23 = t.start[0]
    assert [g for g in map(str, range(1, 11)) if fy23.when({}, {"ground": g}) is None] == ["1", "2", "4"]


def test_an_opinion_letter_to_another_agency_names_it_art_76():
    data = {"title": "意见书", "recipient": "other", "problems": "程序违法", "suggestions": "规范程序"}
    with pytest.raises(WorkflowError, match="第七十六条"):
        WORKFLOW.clean("issue_opinion", "decided", data, ORDINARY)
    WORKFLOW.clean("issue_opinion", "decided", {**data, "recipient_other": "西湖区农业农村局"}, ORDINARY)


def test_outcomes_are_the_domain_decision_codes():
    assert set(WORKFLOW.outcomes) == {
        "BIANGENG",
        "CHEXIAO",
        "QUEREN_WEIFA",
        "ZELING_LVXING",
        "QUEREN_WUXIAO",
        "WEICHI",
        "BOHUI_QINGQIU",
        "XIEYI_ZEREN",
        "BOHUI_SHENQING",
        "BU_SHOULI",
        "ZHONGZHI",
        "TIAOJIE",
        "HEJIE_CHEHUI",
        "FANGQI",
        "CHEHUI_SHOULI_QIAN",
    }
    closing = {t.name: t.outcome for t in WORKFLOW.transitions if t.outcome}
    assert closing == {
        "not_accept": "BU_SHOULI",
        "deem_abandon": "FANGQI",
        "withdraw_before_acceptance": "CHEHUI_SHOULI_QIAN",
        "auto_terminate": "ZHONGZHI",
        "terminate": "ZHONGZHI",
        "mediation_agreement": "TIAOJIE",
        "withdraw": "HEJIE_CHEHUI",
        "dismiss": "BOHUI_SHENQING",
        "decide": "=decision",
    }


OPINION_ALLOWED = {
    "issued": {"deliver"},
    "delivered": {"reply"},
    "overdue": {"reply", "urge"},
    "replied": set(),
}


@pytest.mark.parametrize("state,names", OPINION_ALLOWED.items())
def test_opinion_letter_steps(state, names):
    assert {t.name for t in OPINION_WORKFLOW.available(state)} == names
    for t in OPINION_WORKFLOW.transitions:
        if t.name not in names and not t.automatic:
            with pytest.raises(WorkflowError):
                OPINION_WORKFLOW.clean(t.name, state, {})


def test_an_opinion_letter_becomes_overdue_only_by_the_system_fy26():
    t = OPINION_WORKFLOW.transition("reply_overdue")
    assert t.automatic and t.meet == ("FY-26",) and t.sources == ("delivered",)
    assert OPINION_WORKFLOW.transition("deliver").start[0].rule == "FY-26"
    assert OPINION_WORKFLOW.terminal == {"replied"}
