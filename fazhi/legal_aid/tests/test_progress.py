"""法律援助's usual path on the case page: the step bar and the primary next step (no database)."""

from fazhi.legal_aid.workflow import WORKFLOW as WF

PATH = ("received", "granted", "assigned", "handling", "closed", "reported", "evaluated")


def test_the_path_runs_from_application_to_the_quality_evaluation():
    assert WF.path == PATH
    p = WF.progress("assigned", ["received", "granted", "assigned"])
    assert [s.mark for s in p.steps] == ["done", "done", "current", "todo", "todo", "todo", "todo"]


def test_waiting_for_materials_is_a_detour_from_review():
    p = WF.progress("awaiting_materials", ["received", "awaiting_materials"])
    assert p.steps[0].mark == "current" and p.off_path == "待补充材料" and not p.closed
    assert WF.next_step("awaiting_materials", WF.available("awaiting_materials"), ["received"]).name == (
        "supply_materials"
    )


def test_a_refusal_or_a_termination_shows_where_aid_stopped():
    refused = WF.progress("refused", ["received", "refused"])
    assert [s.mark for s in refused.steps] == ["left"] + [
        "skipped"
    ] * 6 and refused.off_path == "不予法律援助"
    ended = WF.progress("terminated", ["received", "granted", "assigned", "handling", "terminated"])
    assert [s.mark for s in ended.steps][:4] == ["done", "done", "done", "left"]


def test_the_primary_step_follows_the_path_and_an_objection_has_none():
    expected = {
        "received": "grant",
        "granted": "assign",
        "assigned": "accept_assignment",
        "handling": "close",
        "closed": "file_report",
        "reported": "evaluate",
    }
    for state, name in expected.items():
        assert WF.next_step(state, WF.available(state), [state]).name == name
    history = ["received", "refused", "refusal_objection"]
    assert WF.next_step("refusal_objection", WF.available("refusal_objection"), history) is None
    danger = {t.name for t in WF.transitions if t.style == "danger"}
    assert danger == {"deemed_withdrawn", "withdraw", "refuse", "terminate"}
