"""行政应诉's usual path on the case page: the step bar and the primary next step (no database)."""

from fazhi.litigation.workflow import WORKFLOW as WF


def test_the_path_runs_from_registration_to_an_effective_judgment():
    assert WF.path == ("registered", "answering", "in_trial", "judged", "effective")
    p = WF.progress("answering", ["registered", "answering"])
    assert [s.mark for s in p.steps] == ["done", "current", "todo", "todo", "todo"]


def test_a_suspended_lawsuit_stays_at_trial_and_a_withdrawn_one_ended_there():
    p = WF.progress("suspended", ["registered", "answering", "in_trial", "suspended"])
    assert p.steps[2].mark == "current" and p.off_path == "诉讼中止"
    settled = WF.progress("settled", ["registered", "answering", "in_trial", "settled"])
    assert [s.mark for s in settled.steps] == ["done", "done", "left", "skipped", "skipped"]


def test_the_primary_step_follows_the_path_and_an_appeal_is_the_other_sides_move():
    expected = {
        "registered": "receive_copy",
        "answering": "answer",
        "in_trial": "judge",
        "suspended": "resume",
    }
    for state, name in expected.items():
        history = ["registered", "answering", "in_trial", state]
        assert WF.next_step(state, WF.available(state), history).name == name
    # After the judgment the usual course is that it takes effect (by the system when the appeal
    # period runs out): no step of ours is primary.
    assert WF.next_step("judged", WF.available("judged"), ["judged"]) is None
    assert WF.transition("withdraw").style == "danger"
