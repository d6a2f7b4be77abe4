"""The demo walker: paths through a workflow, values from data files, clear errors."""

from datetime import date

import pytest

from fazhi.cases import registry
from fazhi.demo import walker
from fazhi.demo.context import DemoContext


def names(path):
    return [t.name for t in path]


def test_the_shortest_path_to_a_state_and_outcome():
    wf = registry.get("mediation").workflow
    assert names(walker.paths(wf, outcome="agreement", end="agreed")[0]) == ["accept", "agree"]
    assert names(walker.paths(wf, outcome="refused")[0]) == ["refuse"]
    assert names(walker.paths(wf, end="followed_up", via=["follow_up"])[0]) == [
        "accept",
        "agree",
        "follow_up",
    ]
    # from a state a carried-over case is in
    assert names(walker.paths(wf, start="mediating", outcome="failed")[0]) == ["terminate"]
    # a state-keeping step is taken only when asked for
    asked = walker.paths(wf, end="agreed", outcome="agreement", via=["apply_confirmation"])[0]
    assert names(asked) == ["accept", "agree", "apply_confirmation"]
    # avoid closes the way; an impossible wish finds nothing
    assert walker.paths(wf, outcome="agreement", end="agreed", avoid=["agree"]) == []
    assert walker.paths(wf, start="refused", outcome="agreement") == []


def test_an_outcome_taken_from_a_field_is_filled_with_the_wanted_one():
    wf = registry.get("reconsideration").workflow
    t = next(t for t in wf.transitions if t.outcome and t.outcome.startswith("=") and t.field(t.outcome[1:]))
    value = t.field(t.outcome[1:]).choices[-1][0]
    d = walker.Draw(DemoContext(seed=1), unit=None, actor=None, day=date(2024, 5, 6))
    data = walker.step_data(t, {}, walker.Want(count=1, outcome=value), d, value)
    assert data[t.outcome[1:]] == value


def test_values_drawn_from_data_entries():
    ctx = DemoContext(seed=3)
    d = walker.Draw(ctx, unit=None, actor=None, day=date(2024, 5, 6))
    assert walker.draw("@day", d) == date(2024, 5, 6)
    assert walker.draw({"value": ["a", "b"]}, d) == ["a", "b"]
    assert walker.draw(["x"], d) == "x"
    drawn = {walker.draw({"a": 1, "b": 0}, d) for _ in range(20)}
    assert drawn == {"a"}
    n = walker.draw({"between": [500, 900], "step": 100}, d)
    assert 500 <= n <= 900 and n % 100 == 0
    assert len(walker.draw({"gen": "company"}, d)["uscc"]) == 18
    with pytest.raises(walker.DataError, match="没有名为“nobody”的生成器"):
        walker.draw({"gen": "nobody"}, d)


def test_a_wish_the_workflow_cannot_meet_is_named(xihu, tmp_path):
    from fazhi.core.demo_accounts import ensure_demo_accounts
    from fazhi.demo.tests.smalldata import small_root

    ensure_demo_accounts()
    bad = '[[cases]]\noutcome = "agreement"\nend = "refused"\ncount = 1\n'
    data = walker.load("mediation", small_root(tmp_path, "mediation", {2024: bad}))
    w = walker.Walker(DemoContext(seed=1), data)
    with pytest.raises(walker.DataError, match=r"mediation/2024.toml cases\[0\].*找不到.*“refused”"):
        w.path(data.wants(2024)[0])
    typo = '[[cases]]\noutcom = "agreement"\ncount = 1\n'
    data = walker.load("mediation", small_root(tmp_path, "mediation", {2024: typo}))
    with pytest.raises(walker.DataError, match="不认识的键"):
        data.wants(2024)


def test_steps_meet_their_deadline_unless_asked_to_be_late():
    from datetime import timedelta

    prev = date(2024, 5, 6)
    assert walker._day(prev, 30, date(2024, 5, 10), date(2024, 12, 31)) == date(2024, 5, 10)
    assert walker._day(prev, 3, None, date(2024, 12, 31)) == date(2024, 5, 9)
    assert walker._day(prev, 3, None, prev + timedelta(days=1)) == date(2024, 5, 7)


def test_an_automatic_step_is_taken_only_when_asked_for():
    wf = registry.get("reconsideration").workflow
    assert walker.paths(wf, end="abandoned") == []  # only the system abandons
    path = walker.paths(wf, end="abandoned", via=["request_correction", "deem_abandon"])[0]
    assert names(path) == ["request_correction", "deem_abandon"]
    letters = registry.get("opinion_letter").workflow
    assert names(walker.paths(letters, end="replied")[0]) == ["deliver", "reply"]
    assert names(walker.paths(letters, end="replied", via=["reply_overdue", "urge"])[0]) == [
        "deliver",
        "reply_overdue",
        "urge",
        "reply",
    ]


def test_step_dates_and_values_by_another_field():
    d = walker.Draw(DemoContext(seed=3), unit=None, actor=None, day=date(2024, 5, 6))
    assert walker.draw("@step", d) == walker.StepDay(0)
    later = walker.draw("@step+3", d)
    assert later == walker.StepDay(3) and later.on(date(2024, 5, 10)) == date(
        2024, 5, 14
    )  # Sat 11 May: a working day
    with pytest.raises(walker.DataError, match="@step"):
        walker.draw("@step+x", d)
    by = {"from": "decision", "WEICHI": "维持", "other": "其他"}
    assert walker.draw(by, walker.Draw(d.ctx, None, None, drawn={"decision": "WEICHI"})) == "维持"
    assert walker.draw(by, walker.Draw(d.ctx, None, None, drawn={"detail": {"decision": "X"}})) == "其他"
    # in a step's form: the field drawn before it
    wf = registry.get("reconsideration").workflow
    decide = wf.transition("decide")
    profile = {"steps": {"decide": {"summary": {"from": "decision", "CHEXIAO": "撤销", "other": "维持"}}}}
    data = walker.step_data(decide, profile, walker.Want(count=1, outcome="CHEXIAO"), d, "CHEXIAO")
    assert (data["decision"], data["summary"]) == ("CHEXIAO", "撤销")


def test_wants_read_their_window_year_end_and_follow_up():
    raw = {
        "count": 2,
        "end": "decided",
        "received": ["11-10", "12-31"],
        "year_end": "reviewing",
        "follow": {"kind": "opinion_letter", "end": "replied"},
    }
    want = walker._want(raw, "x")
    assert want.received == ("11-10", "12-31") and want.year_end == "reviewing"
    [(kind, follow)] = want.follow
    assert kind == "opinion_letter" and follow.end == "replied" and follow.count == 1
