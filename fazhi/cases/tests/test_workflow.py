"""The workflow spec machinery, without a database."""

from datetime import date

import pytest

from fazhi.cases.tests.samplekind.kind import WORKFLOW as SAMPLE
from fazhi.cases.workflow import DeadlineStart, Field, Transition, Workflow, WorkflowError

WF = Workflow(
    kind="demo",
    label="演示",
    states={"new": "新", "open": "办理中", "done": "办结"},
    initial="new",
    transitions=(
        Transition("open", "受理", ("new",), "open", start=(DeadlineStart("FY-15"),)),
        Transition(
            "close",
            "办结",
            ("open",),
            "done",
            fields=(
                Field("result", "结果", kind="choice", choices=(("ok", "成功"),)),
                Field("amount", "金额", kind="decimal", required=False),
            ),
            guards=(lambda facts, data: "尚有当事人未到场。" if facts.get("absent") else None,),
            outcome="=result",
        ),
        Transition("auto", "视为受理", ("new",), "open", automatic=True),
    ),
)


def test_terminal_states_are_those_without_a_way_out():
    assert WF.terminal == frozenset({"done"})


def test_a_transition_from_the_wrong_state_is_refused_in_chinese():
    with pytest.raises(WorkflowError, match="当前状态“新”不能办理“办结”"):
        WF.clean("close", "new", {"result": "ok"})


def test_required_fields_and_bad_choices_are_reported_per_field():
    with pytest.raises(WorkflowError) as err:
        WF.clean("close", "open", {"result": "bad", "amount": "十"})
    assert err.value.errors == {"result": "“结果”的选项“bad”无效。", "amount": "“金额”应为数字。"}
    with pytest.raises(WorkflowError) as err:
        WF.clean("close", "open", {})
    assert err.value.errors == {"result": "请填写“结果”。"}


def test_guards_see_the_facts():
    with pytest.raises(WorkflowError, match="未到场"):
        WF.clean("close", "open", {"result": "ok"}, {"absent": True})
    t, data = WF.clean("close", "open", {"result": "ok", "amount": "1,200.50"}, {})
    assert str(data["amount"]) == "1200.50" and WF.outcome_of(t, data) == "ok"


def test_automatic_transitions_are_for_the_system_only():
    assert [t.name for t in WF.available("new")] == ["open"]
    with pytest.raises(WorkflowError, match="由系统"):
        WF.clean("auto", "new", {})
    WF.clean("auto", "new", {}, system=True)


def test_unknown_transition_and_unknown_states_are_caught():
    with pytest.raises(WorkflowError, match="没有“fly”"):
        WF.clean("fly", "new", {})
    with pytest.raises(ValueError, match="unknown states"):
        Workflow(
            kind="x",
            label="x",
            states={"a": "A"},
            initial="a",
            transitions=(Transition("t", "T", ("a",), "b"),),
        )


def test_date_fields_parse_iso_and_explain_otherwise():
    f = Field("on", "日期", kind="date")
    assert f.clean("2024-03-05") == date(2024, 3, 5)
    with pytest.raises(ValueError, match="不是有效日期"):
        f.clean("2024/13/01")


def test_user_and_org_fields_are_resolved_by_the_engine(db, xihu, make_user):
    from fazhi.cases.plans import resolve_references

    t = Transition(
        "assign",
        "指派",
        ("new",),
        "open",
        fields=(Field("handler", "承办人", kind="user"), Field("unit", "单位", kind="org")),
    )
    user = make_user("admin", username="chengban")
    data = {"handler": "chengban", "unit": "330106002"}
    resolve_references(t, data)
    assert data == {"handler": user, "unit": xihu["330106002"]}
    with pytest.raises(WorkflowError) as err:
        resolve_references(t, {"handler": "nobody", "unit": "330199"})
    assert err.value.errors == {"handler": "找不到“承办人”：nobody", "unit": "找不到“单位”：330199"}


# --- the usual path: step bar and the primary next step -------------------------------------------


def marks(progress):
    return [(s.state, s.mark) for s in progress.steps]


def test_the_step_bar_marks_done_current_and_to_come():
    p = SAMPLE.progress("handling", ["received", "handling"])
    assert marks(p) == [("received", "done"), ("handling", "current"), ("settled", "todo")]
    assert p.current.label == "办理中" and p.off_path == "" and not p.closed
    assert marks(SAMPLE.progress("settled", ["received", "handling", "settled"])) == [
        ("received", "done"),
        ("handling", "done"),
        ("settled", "done"),
    ]


def test_a_case_that_ended_off_the_path_shows_where_it_left_it():
    p = SAMPLE.progress("dropped", ["received", "handling", "dropped"])
    assert marks(p) == [("received", "done"), ("handling", "left"), ("settled", "skipped")]
    assert p.off_path == "已终止" and p.closed and p.current.state == "handling"
    p = SAMPLE.progress("refused", ["received", "refused"])
    assert marks(p) == [("received", "left"), ("handling", "skipped"), ("settled", "skipped")]


def test_the_primary_step_is_the_one_along_the_path():
    offered = SAMPLE.available("received")
    assert [t.name for t in offered] == ["accept", "refuse"]
    assert SAMPLE.next_step("received", offered).name == "accept"
    assert SAMPLE.next_step("handling", SAMPLE.available("handling")).name == "settle"
    # Not offered to this user (e.g. a role without the step): no primary rather than another one.
    assert SAMPLE.next_step("received", [t for t in offered if t.name != "accept"]) is None
    assert SAMPLE.next_step("settled", []) is None


def test_a_detour_returns_to_the_path_as_the_primary_step():
    wf = Workflow(
        kind="detour",
        label="绕行",
        states={"new": "新", "fix": "补正中", "open": "办理中", "paused": "中止", "done": "办结"},
        initial="new",
        path=("new", "open", "done"),
        transitions=(
            Transition("ask", "通知补正", ("new",), "fix", style="secondary"),
            Transition("fixed", "收到补正", ("fix",), "new"),
            Transition("open", "受理", ("new",), "open"),
            Transition("pause", "中止", ("open",), "paused", style="secondary"),
            Transition("resume", "恢复", ("paused",), "open"),
            Transition("stop", "终止", ("paused", "open"), "done", style="danger"),
            Transition("close", "办结", ("open",), "done"),
        ),
    )
    assert wf.next_step("fix", wf.available("fix"), ["new", "fix"]).name == "fixed"
    assert wf.next_step("paused", wf.available("paused"), ["new", "open", "paused"]).name == "resume"
    p = wf.progress("paused", ["new", "open", "paused"])
    assert marks(p) == [("new", "done"), ("open", "current"), ("done", "todo")] and p.off_path == "中止"


def test_a_path_must_be_made_of_states_from_the_initial_one():
    with pytest.raises(ValueError, match="unknown path states"):
        Workflow(kind="x", label="x", states={"a": "A"}, initial="a", transitions=(), path=("a", "b"))
    with pytest.raises(ValueError, match="starts at the initial state"):
        Workflow(kind="x", label="x", states={"a": "A", "b": "B"}, initial="a", transitions=(), path=("b",))


def test_a_destructive_step_says_what_it_will_do():
    drop = SAMPLE.transition("drop")
    assert drop.style == "danger" and SAMPLE.transition("refuse").style == "danger"
    assert (
        SAMPLE.consequence(drop)
        == "案件状态将变为“已终止”，案件办结，不能再办理后续环节，结果记为“终止”，相关期限不再计算。"
    )
