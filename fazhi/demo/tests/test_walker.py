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


def test_values_that_follow_other_values():
    ctx = DemoContext(seed=3)
    d = walker.Draw(
        ctx, unit=None, actor=None, day=date(2024, 5, 6), values={"matter": "LABOUR_PAY", "ok": True}
    )
    by = {"by": "matter", "LABOUR_PAY": ["工资"], "other": "其他"}
    assert walker.draw(by, d) == "工资"
    assert walker.draw({**by, "by": "nothing"}, d) == "其他"
    assert walker.draw({"by": "ok", "true": "是", "other": "否"}, d) == "是"  # a boolean's TOML key
    assert walker.draw({"by": "matter"}, d) is None
    assert walker.draw({"same": "matter"}, d) == "LABOUR_PAY"
    assert (
        walker.draw({"format": "{n}名{who}", "n": {"same": "matter"}, "who": ["农民工"]}, d)
        == "LABOUR_PAY名农民工"
    )
    assert date(2024, 5, 8) <= walker.draw({"days_after": [2, 4]}, d) <= date(2024, 5, 10)
    assert walker.draw("@none", d) is None


def test_a_step_field_may_follow_one_above_it():
    wf = registry.get("legal_aid").workflow
    t = wf.transition("close")
    d = walker.Draw(
        DemoContext(seed=1), unit=None, actor=None, day=date(2024, 5, 6), values={"matter_type": "civil"}
    )
    profile = {
        "steps": {
            "close": {
                "closing_method": {"by": "matter_type", "civil": "mediation"},
                "summary": {"by": "closing_method", "mediation": "调解结案", "other": "?"},
            }
        }
    }
    assert walker.step_data(t, profile, walker.Want(count=1), d, "") == {
        "closing_method": "mediation",
        "summary": "调解结案",
    }
    assert d.values == {"matter_type": "civil"}  # the case's values are not touched


LA_YEAR = """
[[cases]]
end = "received"
variant = "group"
receive = { detail = { applicant_count = 3, amount_at_stake = 1000 } }
count = 1

[[cases]]
end = "received"
variant = "notified"
until = "02-15"
count = 3

[[cases]]
end = "received"
count = 2

[[registers]]
register = "legal_aid_lawyers"
count = 4
units = "code:330106-FYZX"
dates = { rounds = 2, until = "03-31" }
values = { name = { gen = "name" }, law_firm = "杭州留下律师事务所（演示）", licensed_on = { gen = "la_licensed", years = { "5" = 1 } }, licence_number = { gen = "la_licence" } }

[[registers]]
register = "consultations"
count = 3
after_cases = true
units = "township:{code}-SFS"
values = { channel = "walk_in", topic = "labour", summary = { format = "{a}咨询", a = ["工资"] } }
"""


def test_variants_parties_receipt_days_and_registers(xihu, tmp_path):
    from fazhi.cases.models import Case
    from fazhi.core.demo_accounts import ensure_demo_accounts
    from fazhi.demo import legal_aid
    from fazhi.demo.tests.smalldata import small_root
    from fazhi.legal_aid.models import Consultation, LegalAidLawyer

    ensure_demo_accounts()
    ctx = DemoContext(seed=5)
    legal_aid.build_staff(ctx)
    data = walker.load("legal_aid", small_root(tmp_path, "legal_aid", {2024: LA_YEAR}))
    assert walker.Walker(ctx, data).year(2024) == 6
    cases = Case.objects.filter(kind="legal_aid")
    # a variant's detail is merged over the profile's; a party counted from a detail field
    group = cases.get(legal_aid__is_group=True)
    assert group.title == "3名农民工追索劳动报酬（群体性劳动争议）" and group.org_unit.code == "330106-FYZX"
    assert group.parties.filter(role="applicant").count() == 3 and group.parties.count() == 4
    assert group.legal_aid.amount_at_stake == 1000 and group.legal_aid.matter == "LABOUR_PAY"
    notified = cases.filter(legal_aid__criminal_ground="notified")
    assert notified.count() == 3 and all(c.received_on <= date(2024, 2, 15) for c in notified)
    assert all(c.legal_aid.amount_at_stake is None and c.parties.count() == 1 for c in notified)
    # registers: the pool once (profile), the year's rows in rounds, and rows after the cases
    year = LegalAidLawyer.objects.filter(joined_on__year=2024)
    assert year.count() == 4 and year.values("joined_on").distinct().count() <= 2
    assert all(lw.joined_on <= date(2024, 3, 31) for lw in year)
    pool = LegalAidLawyer.objects.exclude(joined_on__year=2024).count()
    assert pool == 45
    assert set(Consultation.objects.values_list("summary", flat=True)) == {"工资咨询"}
    assert all(c.org_unit.code.endswith("-SFS") for c in Consultation.objects.all())
    walker.Walker(ctx, data).year(2024)
    assert LegalAidLawyer.objects.exclude(joined_on__year=2024).count() == pool  # `once`
    bad = walker.load(
        "legal_aid",
        small_root(tmp_path / "bad", "legal_aid", {2024: '[[registers]]\nregister = "nope"\ncount = 1\n'}),
    )
    with pytest.raises(walker.DataError, match="没有登记簿“nope”"):
        walker.Walker(ctx, bad).year(2024)


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


def test_an_automatic_step_is_taken_only_when_asked_for():
    wf = registry.get("reconsideration").workflow
    assert walker.paths(wf, end="abandoned") == []  # only the system abandons
    path = walker.paths(wf, end="abandoned", via=["request_correction", "supplement_lapsed", "deem_abandon"])[
        0
    ]
    assert names(path) == ["request_correction", "supplement_lapsed", "deem_abandon"]
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
    by = {"by": "decision", "WEICHI": "维持", "other": "其他"}
    assert walker.draw(by, walker.Draw(d.ctx, None, None, values={"decision": "WEICHI"})) == "维持"
    assert walker.draw(by, walker.Draw(d.ctx, None, None, values={"decision": "X"})) == "其他"
    # in a step's form: the field drawn before it
    wf = registry.get("reconsideration").workflow
    decide = wf.transition("decide")
    profile = {"steps": {"decide": {"summary": {"by": "decision", "CHEXIAO": "撤销", "other": "维持"}}}}
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
