"""The workflow spec machinery, without a database."""

from datetime import date

import pytest

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
