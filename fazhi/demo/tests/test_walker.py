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


def test_dates_shifted_from_the_day_of_receipt_or_of_the_step():
    from dataclasses import replace

    from fazhi.law.calendar import default_calendar

    d = walker.Draw(DemoContext(seed=3), unit=None, actor=None, day=date(2024, 1, 3))
    filed = walker.draw({"shift": [-5, -5], "same_year": True}, d)  # kept in 2024, on a working day
    assert date(2024, 1, 1) <= filed <= date(2024, 1, 3) and default_calendar().is_workday(filed)
    step = replace(d, step=True)
    assert walker.draw("@day", step) == walker.Later(0)
    served = walker.draw({"shift": [10, 10], "cap": True}, step)
    assert served == walker.Later(10, cap=True)
    assert served.on(date(2024, 5, 6)) == date(2024, 5, 16)
    assert served.on(date(2024, 5, 6), until=date(2024, 5, 10)) == date(2024, 5, 10)  # not after the last day
    assert walker.Later(10).on(date(2024, 5, 6), until=date(2024, 5, 10)) == date(2024, 5, 16)


def test_a_generator_sees_the_case_facts_and_the_values_drawn_before_it():
    @walker.generator("test_echo")
    def echo(d, o):
        return f"{d.facts['agency']}/{d.drawn['appeared_position']}"

    t = registry.get("litigation").workflow.transition("hearing")
    profile = {"steps": {"hearing": {"appeared_position": "DEPUTY", "appeared_name": {"gen": "test_echo"}}}}
    d = walker.Draw(DemoContext(seed=1), unit=None, actor=None, facts={"agency": "CGJ"}, step=True)
    data = walker.step_data(t, profile, walker.Want(count=1), d, "")
    assert data["appeared_name"] == "CGJ/DEPUTY" and data["held_on"] is None  # dated with its step


def test_entries_with_their_own_months_and_an_unknown_intake(xihu, tmp_path):
    from fazhi.cases.models import Case
    from fazhi.core.demo_accounts import ensure_demo_accounts
    from fazhi.demo import mediation
    from fazhi.demo.tests.smalldata import small_root

    ensure_demo_accounts()
    year = """
[rosters]
full_time_mediators = 22

[[cases]]
outcome = "refused"
months = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
count = 4

[[cases]]
outcome = "refused"
months = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
count = 3
"""
    root = small_root(tmp_path, "mediation", {2024: year})
    mediation.generate(DemoContext(seed=2), 2024, root=root)
    months = sorted(Case.objects.filter(kind="mediation").values_list("received_on__month", flat=True))
    assert months == [1, 1, 1, 12, 12, 12, 12]
    profile = root / "mediation" / "profile.toml"
    profile.write_text('intake = "nobody"\n' + profile.read_text("utf-8"), "utf-8")
    with pytest.raises(walker.DataError, match="没有名为“nobody”的收案方式"):
        walker.Walker(DemoContext(seed=1), walker.load("mediation", root))
