"""人民调解's usual path on the case page: the step bar and the primary next step (no database)."""

from fazhi.mediation.workflow import WORKFLOW as WF


def marks(status, history):
    return {s.state: s.mark for s in WF.progress(status, history).steps}


def test_the_path_runs_from_registration_to_the_follow_up_visit():
    assert WF.path == ("received", "mediating", "agreed", "followed_up")
    assert marks("mediating", ["received", "mediating"]) == {
        "received": "done",
        "mediating": "current",
        "agreed": "todo",
        "followed_up": "todo",
    }
    assert set(marks("followed_up", ["received", "mediating", "agreed", "followed_up"]).values()) == {"done"}


def test_a_failed_mediation_shows_it_ended_while_mediating():
    p = WF.progress("terminated", ["received", "mediating", "terminated"])
    assert {s.state: s.mark for s in p.steps} == {
        "received": "done",
        "mediating": "left",
        "agreed": "skipped",
        "followed_up": "skipped",
    }
    assert p.off_path == "调解终止"
    assert marks("refused", ["received", "refused"])["received"] == "left"


def test_the_primary_step_moves_the_dispute_along_and_ending_it_is_destructive():
    expected = {"received": "accept", "mediating": "agree", "agreed": "follow_up"}
    for state, name in expected.items():
        assert WF.next_step(state, WF.available(state), [state]).name == name
    assert {t.name for t in WF.transitions if t.style == "danger"} == {"refuse", "terminate", "party_stop"}
