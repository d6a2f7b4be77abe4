"""法律援助 workflow: which steps each state allows, and the guards that carry the law (no database)."""

import pytest

from fazhi.cases.workflow import STAY, WorkflowError
from fazhi.legal_aid.models import TerminationGround
from fazhi.legal_aid.workflow import LAWYER_POOL, LAWYER_STEPS, TERMINATION_GROUNDS, WORKFLOW

ALLOWED = {
    "received": {"request_materials", "withdraw", "grant", "grant_advance", "refuse"},
    "awaiting_materials": {"supply_materials", "deemed_withdrawn", "withdraw", "grant_advance"},
    "granted": {"assign", "complete_paperwork", "terminate"},
    "assigned": {"reassign", "accept_assignment", "complete_paperwork", "terminate"},
    "handling": {"reassign", "complete_paperwork", "close", "terminate", "visit_recipient"},
    # 回访受援人 (art. 59) while the aid runs and after it ends
    "closed": {"file_report", "visit_recipient"},
    "reported": {"evaluate", "visit_recipient"},
    "evaluated": {"visit_recipient"},
    "refused": {"object_refusal"},
    "withdrawn": set(),
    "terminated": {"object_termination"},
    "refusal_objection": {"uphold", "correct_refusal"},
    "termination_objection": {"uphold", "correct_termination"},
    "objection_upheld": set(),
}


def test_every_state_is_covered():
    assert set(ALLOWED) == set(WORKFLOW.states)


@pytest.mark.parametrize("state,names", ALLOWED.items())
def test_allowed_transitions(state, names):
    assert {t.name for t in WORKFLOW.available(state)} == names


@pytest.mark.parametrize("state", ALLOWED)
def test_every_other_transition_is_forbidden(state):
    for t in WORKFLOW.transitions:
        if t.name not in ALLOWED[state]:
            with pytest.raises(WorkflowError, match="不能办理"):
                WORKFLOW.clean(t.name, state, {})


def test_terminal_states_and_the_happy_path():
    assert WORKFLOW.terminal == frozenset({"evaluated", "withdrawn", "objection_upheld"})
    path = ["grant", "assign", "accept_assignment", "close", "file_report", "evaluate"]
    state = WORKFLOW.initial
    for name in path:
        state = WORKFLOW.transition(name).target
    assert state == "evaluated"


def test_receipt_starts_the_decision_periods_or_the_criminal_assignment_period():
    starts = {s.rule: s.when for s in WORKFLOW.on_create}
    application, notified = {}, {"criminal_ground": "notified"}
    assert [r for r, when in starts.items() if when(application, {}) is None] == ["LA-06", "LA-06a"]
    assert [r for r, when in starts.items() if when(notified, {}) is None] == ["LA-08b"]


def test_decision_meets_la06_and_starts_la06b_and_assignment_meets_it():
    grant = WORKFLOW.transition("grant")
    assert grant.meet == ("LA-06", "LA-06a") and [s.rule for s in grant.start] == ["LA-06b"]
    assert grant.accepts and grant.outcome == "granted"
    assert set(WORKFLOW.transition("assign").meet) == {"LA-06b", "LA-08b"}
    assert [s.rule for s in WORKFLOW.transition("close").start] == ["LA-11"]
    assert WORKFLOW.transition("file_report").meet == ("LA-11",)
    assert [s.rule for s in WORKFLOW.transition("object_refusal").start] == ["LA-09"]


def test_materials_are_asked_for_once_and_pause_the_review():
    ask = WORKFLOW.transition("request_materials")
    assert set(ask.pause) == {"LA-06", "LA-06a"} and not ask.cancel
    supply = WORKFLOW.transition("supply_materials")
    assert set(supply.resume) == {"LA-06", "LA-06a"} and not supply.start  # not restarted
    WORKFLOW.clean("request_materials", "received", {"items": "经济困难证明"}, {})
    with pytest.raises(WorkflowError, match="一次性告知"):
        WORKFLOW.clean(
            "request_materials", "received", {"items": "劳动合同"}, {"materials_requested_on": "2024-03-05"}
        )


def test_a_notified_case_is_neither_refused_nor_asked_for_materials():
    facts = {"criminal_ground": "notified"}
    offered = {t.name for t in WORKFLOW.available("received", facts=facts)}
    assert "grant" in offered and "refuse" not in offered and "request_materials" not in offered


@pytest.mark.parametrize(
    "name,outcome,data,message",
    [
        ("grant", "NOT_ELIGIBLE", {}, "改变审查结果的理由"),
        ("refuse", "ELIGIBLE", {"reasons": "不符合条件"}, "改变审查结果的理由"),
        ("grant", "NEEDS_REVIEW", {}, "审查意见"),
    ],
)
def test_deciding_against_the_result_needs_a_written_reason(name, outcome, data, message):
    facts = {"eligibility_outcome": outcome}
    with pytest.raises(WorkflowError, match=message):
        WORKFLOW.clean(name, "received", data, facts)


def test_a_decision_that_follows_the_result_needs_no_override():
    WORKFLOW.clean("grant", "received", {}, {"eligibility_outcome": "ELIGIBLE"})
    WORKFLOW.clean(
        "refuse",
        "received",
        {"reasons": "收入高于标准", "objection_right_advised": "1"},
        {"eligibility_outcome": "NOT_ELIGIBLE"},
    )
    WORKFLOW.clean(
        "grant", "received", {"override_reason": "重病致贫"}, {"eligibility_outcome": "NOT_ELIGIBLE"}
    )
    WORKFLOW.clean(
        "grant", "received", {"review_note": "已核实低保"}, {"eligibility_outcome": "NEEDS_REVIEW"}
    )


def test_a_refusal_must_give_written_reasons():
    with pytest.raises(WorkflowError) as exc:
        WORKFLOW.clean("refuse", "received", {}, {"eligibility_outcome": "NOT_ELIGIBLE"})
    assert "reasons" in exc.value.errors


def test_advance_provision_only_when_the_result_found_urgency_la07():
    with pytest.raises(WorkflowError, match="第四十四条"):
        WORKFLOW.clean("grant_advance", "received", {"note": "明天开庭"}, {"advance_provision": False})
    WORKFLOW.clean("grant_advance", "received", {"note": "时效将届满"}, {"advance_provision": True})


def test_an_advance_case_closes_only_after_the_paperwork():
    data = {"closing_method": "mediation", "summary": "调解结案"}
    with pytest.raises(WorkflowError, match="补办"):
        WORKFLOW.clean("close", "handling", data, {"advance_provided": True})
    WORKFLOW.clean(
        "close", "handling", data, {"advance_provided": True, "paperwork_completed_on": "2024-03-09"}
    )
    with pytest.raises(WorkflowError, match="只有先行提供"):
        WORKFLOW.clean("complete_paperwork", "handling", {}, {"advance_provided": False})
    assert WORKFLOW.transition("complete_paperwork").target == STAY


def test_upholding_an_objection_tells_the_applicant_the_remedies_la09():
    with pytest.raises(WorkflowError, match="行政复议或者提起行政诉讼"):
        WORKFLOW.clean("uphold", "refusal_objection", {"reasons": "维持"}, {})
    WORKFLOW.clean("uphold", "refusal_objection", {"reasons": "维持", "remedies_advised": "1"}, {})


def test_termination_offers_the_eight_grounds_of_art_48():
    assert len(TERMINATION_GROUNDS) == 8 and dict(TERMINATION_GROUNDS) == dict(TerminationGround.choices)
    with pytest.raises(WorkflowError) as exc:
        WORKFLOW.clean("terminate", "handling", {"ground": "bored", "note": "x"})
    assert "ground" in exc.value.errors


def test_the_lawyer_pool_is_read_when_the_form_is_built(monkeypatch):
    monkeypatch.setattr(LAWYER_POOL, "provider", lambda: [("7", "周律师（执业9年）")])
    _, data = WORKFLOW.clean("assign", "granted", {"lawyer": "7"})
    assert data["lawyer"] == "7"
    with pytest.raises(WorkflowError):
        WORKFLOW.clean("assign", "granted", {"lawyer": "8"})


def test_lawyer_steps_exist():
    assert LAWYER_STEPS <= {t.name for t in WORKFLOW.transitions}


def test_steps_that_do_not_apply_to_the_case_are_not_offered():
    offered = lambda state, facts: {t.name for t in WORKFLOW.available(state, facts=facts)}  # noqa: E731
    assert "grant_advance" not in offered("received", {"advance_provision": False})
    assert "grant_advance" in offered("received", {"advance_provision": True})
    assert "request_materials" not in offered("received", {"materials_requested_on": "2024-03-05"})
    assert "complete_paperwork" not in offered("handling", {"advance_provided": False})
    assert "complete_paperwork" in offered(
        "handling", {"advance_provided": True, "paperwork_completed_on": None}
    )
