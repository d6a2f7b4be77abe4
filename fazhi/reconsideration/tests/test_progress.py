"""行政复议's usual path on the case page: the step bar and the primary next step (no database)."""

from fazhi.reconsideration.workflow import OPINION_WORKFLOW
from fazhi.reconsideration.workflow import WORKFLOW as WF


def test_the_path_runs_from_receipt_to_the_decision():
    assert WF.path == ("received", "accepted", "awaiting_reply", "reviewing", "decided")
    p = WF.progress("reviewing", ["received", "accepted", "awaiting_reply", "reviewing"])
    assert [s.mark for s in p.steps] == ["done", "done", "done", "current", "todo"]


def test_a_suspended_case_is_shown_at_review_and_resuming_is_the_next_step():
    history = ["received", "accepted", "awaiting_reply", "reviewing", "suspended"]
    p = WF.progress("suspended", history)
    assert [s.mark for s in p.steps] == ["done", "done", "done", "current", "todo"] and p.off_path == "中止"
    assert WF.next_step("suspended", WF.available("suspended"), history).name == "resume"
    hearing = [*history[:4], "hearing"]
    assert WF.next_step("hearing", WF.available("hearing"), hearing).name == "hold_hearing"


def test_a_case_not_accepted_ended_at_receipt():
    p = WF.progress("not_accepted", ["received", "not_accepted"])
    assert [s.mark for s in p.steps] == ["left", "skipped", "skipped", "skipped", "skipped"]
    assert p.off_path == "不予受理" and p.closed


def test_the_primary_step_follows_the_path_and_endings_are_destructive():
    expected = {
        "received": "accept",
        "accepted": "send_copy",
        "awaiting_reply": "record_reply",
        "reviewing": "decide",
    }
    for state, name in expected.items():
        assert WF.next_step(state, WF.available(state), [state]).name == name
    # 补正 is a detour: the supplement brings the case back to the acceptance review.
    assert WF.next_step("correction", WF.available("correction"), ["received", "correction"]).name == (
        "receive_supplement"
    )
    danger = {t.name for t in WF.transitions if t.style == "danger"}
    assert {"not_accept", "terminate", "withdraw", "dismiss"} <= danger
    assert OPINION_WORKFLOW.next_step("issued", OPINION_WORKFLOW.available("issued")).name == "deliver"
