"""人民调解 workflow: which steps each state allows (no database)."""

import pytest

from fazhi.cases.workflow import WorkflowError
from fazhi.mediation.workflow import WORKFLOW

ALLOWED = {
    "received": {"accept", "refuse"},
    "mediating": {"agree", "terminate", "party_stop"},
    "agreed": {"apply_confirmation", "confirmation_result", "follow_up"},
    # 回访 does not close the parties' window for judicial confirmation (RM-09, issue 14.5).
    "followed_up": {"apply_confirmation", "confirmation_result"},
    "refused": set(),
    "terminated": set(),
}


@pytest.mark.parametrize("state,names", ALLOWED.items())
def test_allowed_transitions(state, names):
    assert {t.name for t in WORKFLOW.available(state)} == names


@pytest.mark.parametrize("state", ALLOWED)
def test_every_other_transition_is_forbidden(state):
    for t in WORKFLOW.transitions:
        if t.name not in ALLOWED[state]:
            with pytest.raises(WorkflowError):
                WORKFLOW.clean(t.name, state, {})


def test_a_party_refusal_blocks_mediation_rm01():
    with pytest.raises(WorkflowError, match="第十七条"):
        WORKFLOW.clean("accept", "received", {"party_refused": "1"})


def test_termination_must_tell_the_parties_other_routes_rm05():
    with pytest.raises(WorkflowError, match="第二十六条"):
        WORKFLOW.clean("terminate", "mediating", {"reason": "分歧过大", "routes": []})
    WORKFLOW.clean("terminate", "mediating", {"reason": "分歧过大", "routes": ["litigation"]})


def test_success_is_only_an_agreement():
    outcomes = {t.name: t.outcome for t in WORKFLOW.transitions if t.outcome}
    assert [n for n, o in outcomes.items() if o == "agreement"] == ["agree"]
    assert WORKFLOW.terminal == frozenset({"followed_up", "refused", "terminated"})
