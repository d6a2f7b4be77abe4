"""行政应诉 workflow: which steps each state allows, and the rules its guards enforce (no database)."""

from datetime import date

import pytest

from fazhi.cases.workflow import WorkflowError
from fazhi.law.config import DEFAULT_LOSS_OUTCOMES
from fazhi.law.litigation import SETTLED
from fazhi.litigation.workflow import (
    CONCLUDED_STATES,
    JUDGMENTS,
    RULINGS,
    WITHDRAWALS,
    WORKFLOW,
)

ALLOWED = {
    "registered": {"receive_copy", "withdraw"},
    "answering": {
        "answer",
        "request_evidence_extension",
        "evidence_extension_granted",
        "evidence_extension_refused",
        "rule",
        "mediate",
        "withdraw",
    },
    "in_trial": {"schedule_hearing", "hearing", "suspend", "judge", "rule", "mediate", "withdraw"},
    "suspended": {"resume", "rule", "withdraw"},
    "judged": {"appeal"},
    "appealed": {"appeal_conclude"},
    "effective": set(),
    "settled": set(),
    "appeal_closed": set(),
}
PENALTY = {"act_category": "penalty", "discretionary": False}
COMPENSATION = {"act_category": "compensation", "discretionary": False}


def test_every_state_is_listed():
    assert set(ALLOWED) == set(WORKFLOW.states)


@pytest.mark.parametrize("state,names", ALLOWED.items())
def test_allowed_transitions(state, names):
    assert {t.name for t in WORKFLOW.available(state)} == names


@pytest.mark.parametrize("state", ALLOWED)
def test_every_other_transition_is_forbidden(state):
    for t in WORKFLOW.transitions:
        if t.name not in ALLOWED[state] and not t.automatic:
            with pytest.raises(WorkflowError, match="不能办理"):
                WORKFLOW.clean(t.name, state, {}, COMPENSATION)


def test_the_appeal_window_ends_only_by_the_system():
    t = WORKFLOW.transition("take_effect")
    assert t.automatic and set(t.meet) == {"XS-11", "XS-11b"}
    with pytest.raises(WorkflowError, match="系统"):
        WORKFLOW.clean("take_effect", "judged", {})
    WORKFLOW.clean("take_effect", "judged", {}, system=True)


def test_terminal_states():
    assert WORKFLOW.terminal == frozenset({"effective", "settled", "appeal_closed"})
    assert CONCLUDED_STATES >= WORKFLOW.terminal


def test_the_deadlines_each_step_starts_and_stops():
    starts = {t.name: [(s.rule, s.trigger) for s in t.start] for t in WORKFLOW.transitions if t.start}
    assert starts == {
        "receive_copy": [("XS-08", "copy_received_on")],
        "evidence_extension_granted": [("XS-08b", "cause_ended_on")],
        "judge": [("XS-11", "served_on")],
        "rule": [("XS-11b", "served_on")],
    }
    assert [(s.rule, s.trigger) for s in WORKFLOW.on_create] == [("XS-09", "filed_on")]
    assert WORKFLOW.transition("answer").meet == ("XS-08", "XS-08b")
    assert WORKFLOW.transition("evidence_extension_granted").cancel == ("XS-08",)
    auto = WORKFLOW.transition("deemed_no_evidence")
    assert auto.automatic and auto.meet == ("XS-08", "XS-08b")  # 行政诉讼法 art. 34 para 2
    for name in ("judge", "rule", "mediate", "withdraw"):
        t = WORKFLOW.transition(name)
        assert t.closes and t.meet == ("XS-09",) and t.cancel == ("XS-08", "XS-08b"), name
    assert WORKFLOW.transition("suspend").pause == ("XS-09",)
    assert WORKFLOW.transition("resume").resume == ("XS-09",)


def test_mediation_only_for_compensation_indemnity_or_discretion_xs13():
    with pytest.raises(WorkflowError, match="第六十条") as exc:
        WORKFLOW.clean("mediate", "in_trial", {"note": "达成调解"}, PENALTY)
    assert "行政处罚" in exc.value.message
    assert "mediate" not in {t.name for t in WORKFLOW.available("in_trial", facts=PENALTY)}
    WORKFLOW.clean("mediate", "in_trial", {"note": "达成调解"}, COMPENSATION)
    WORKFLOW.clean("mediate", "in_trial", {"note": "达成调解"}, {"act_category": "indemnity"})
    WORKFLOW.clean("mediate", "answering", {"note": "达成调解"}, {**PENALTY, "discretionary": True})


def test_outcomes_come_from_the_step():
    judge = WORKFLOW.transition("judge")
    _, data = WORKFLOW.clean("judge", "in_trial", {"outcome": "CHEXIAO", "served_on": "2024-05-08"})
    assert WORKFLOW.outcome_of(judge, data) == "CHEXIAO" and data["served_on"] == date(2024, 5, 8)
    with pytest.raises(WorkflowError) as exc:
        WORKFLOW.clean("judge", "in_trial", {"outcome": "TIAOJIE", "served_on": "2024-05-08"})
    assert "outcome" in exc.value.errors  # 调解 is not a judgment
    assert WORKFLOW.outcome_of(WORKFLOW.transition("mediate"), {}) == "TIAOJIE"
    _, data = WORKFLOW.clean("withdraw", "answering", {"withdraw_kind": "CHESU_GAIBIAN"})
    assert WORKFLOW.outcome_of(WORKFLOW.transition("withdraw"), data) == "CHESU_GAIBIAN"


def test_the_outcome_lists_cover_the_law_and_keep_losses_among_judgments():
    judgments = {c for c, _ in JUDGMENTS}
    assert DEFAULT_LOSS_OUTCOMES <= judgments  # 败诉 is a judgment type (the set itself is configuration)
    assert {c for c, _ in WITHDRAWALS} | {"TIAOJIE"} == SETTLED
    assert judgments.isdisjoint({c for c, _ in RULINGS})


def test_the_complaint_copy_cannot_precede_filing_xs07():
    with pytest.raises(WorkflowError) as exc:
        WORKFLOW.clean(
            "receive_copy", "registered", {"copy_received_on": "2024-02-28"}, {"filed_on": date(2024, 3, 1)}
        )
    assert "立案日期" in exc.value.errors["copy_received_on"]


def test_a_hearing_names_who_appeared_and_gives_a_reason_only_for_an_absent_head():
    base = {"held_on": "2024-04-10"}
    with pytest.raises(WorkflowError) as exc:
        WORKFLOW.clean("hearing", "in_trial", {**base, "appeared_position": "DEPUTY"})
    assert exc.value.errors == {"appeared_name": "请填写出庭人姓名。"}
    with pytest.raises(WorkflowError) as exc:
        WORKFLOW.clean(
            "hearing",
            "in_trial",
            {
                **base,
                "appeared_position": "PRINCIPAL",
                "appeared_name": "陈局长",
                "absence_reason": "ACCIDENT",
            },
        )
    assert "第二条" in exc.value.errors["absence_reason"]
    with pytest.raises(WorkflowError) as exc:
        WORKFLOW.clean("hearing", "in_trial", {**base, "absence_proof": "1"})
    assert "absence_reason" in exc.value.errors
    with pytest.raises(WorkflowError) as exc:
        WORKFLOW.clean("hearing", "in_trial", {**base, "notice_served_on": "2024-04-11"})
    assert "notice_served_on" in exc.value.errors
    # A hearing nobody attended for the agency is recorded (and flagged by the services), not refused.
    _, data = WORKFLOW.clean("hearing", "in_trial", base)
    assert data["appeared_position"] is None and data["absence_proof"] is False
