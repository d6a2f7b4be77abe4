"""重大行政决策 gates (fazhi.law.decisions): each mandatory step, its article, its day counting."""

from datetime import date
from typing import Any

from fazhi.law.decisions import GATE, DecisionFacts, meeting_problems, missing_steps

LAWFUL = DecisionFacts(
    comment_from=date(2024, 3, 1),
    comment_until=date(2024, 3, 31),
    review_submitted_on=date(2024, 9, 27),
    review_allowed_until=date(2024, 10, 12),
    review_outcome="HEFA",
)


def steps(facts: DecisionFacts) -> list[str]:
    return [m.step for m in missing_steps(facts)]


def replace(**kw: Any) -> DecisionFacts:
    return DecisionFacts(**{**LAWFUL.__dict__, **kw})


def test_lawful_draft_has_nothing_missing() -> None:
    assert missing_steps(LAWFUL) == []


def test_nothing_recorded_misses_comment_and_review() -> None:
    missing = missing_steps(DecisionFacts())
    assert [m.step for m in missing] == ["comment", "legality"]
    step, article, message = missing[0]
    assert step == "comment" and article == "《重大行政决策程序暂行条例》第十五条第一款"
    assert "30日" in message


def test_comment_period_of_29_days_needs_a_reason() -> None:
    short = replace(comment_until=date(2024, 3, 30))
    assert steps(short) == ["comment"]
    assert "2024-03-31" in missing_steps(short)[0].message
    assert steps(replace(comment_until=date(2024, 3, 30), short_comment_reason="情况紧急")) == []


def test_review_period_counts_working_days_across_national_day() -> None:
    # Submitted Fri 2024-09-27; 9-29 and 10-12 are 调休 working Sundays/Saturdays, 10-1..7 off:
    # the 7th working day after it is Sat 2024-10-12.
    assert steps(replace(review_allowed_until=date(2024, 10, 11))) == ["legality_period"]
    missing = missing_steps(replace(review_allowed_until=date(2024, 10, 11)))[0]
    assert missing.article == "《重大行政决策程序暂行条例》第二十六条第二款"


def test_review_outcomes() -> None:
    assert steps(replace(review_outcome="XIUGAI_HEFA")) == []
    assert steps(replace(review_outcome="BUHEFA")) == ["legality"]
    assert steps(replace(review_outcome="BUHEFA", exploratory_reform=True)) == ["legality"]
    stated = replace(review_outcome="BUHEFA", exploratory_reform=True, legal_risk_statement="已明示法律风险")
    assert steps(stated) == []
    assert GATE["legality"].article == "《重大行政决策程序暂行条例》第二十五条"


def test_flags_make_steps_mandatory() -> None:
    assert steps(replace(involves_expertise=True)) == ["expertise"]
    assert steps(replace(involves_expertise=True, expertise_on=date(2024, 4, 1))) == []
    assert steps(replace(stability_risk=True)) == ["risk"]
    assert steps(replace(market_activity=True)) == ["fair_competition"]
    assert steps(replace(hearing_held=True)) == ["hearing"]


def test_hearing_materials_seven_days_before() -> None:
    held = replace(hearing_held=True, hearing_on=date(2024, 3, 20))
    assert steps(replace(**{**held.__dict__, "hearing_materials_on": date(2024, 3, 13)})) == ["hearing"]
    served = replace(**{**held.__dict__, "hearing_materials_on": date(2024, 3, 12)})
    assert steps(served) == ["hearing"] and "尚未举行" in missing_steps(served)[0].message
    assert steps(replace(**{**served.__dict__, "hearing_done_on": date(2024, 3, 20)})) == []


def test_of_ignores_other_fields_and_nones() -> None:
    facts = DecisionFacts.of({"comment_from": None, "hearing_held": True, "status": "reviewing"})
    assert facts.hearing_held and facts.comment_from is None


def test_meeting_rules_of_article_30() -> None:
    assert meeting_problems(head_spoke_last=True, head_position="majority", departure_reason="") == {}
    errors = meeting_problems(head_spoke_last=False, head_position="departs", departure_reason=" ")
    assert set(errors) == {"head_spoke_last", "departure_reason"}
    assert "第三十条" in errors["departure_reason"]


def test_explanations_say_how_each_period_was_counted() -> None:
    from fazhi.law.decisions import explanations

    said = explanations(LAWFUL)
    assert set(said) == {"comment", "legality_period"}
    assert "2024年3月31日" in said["comment"] and "实际征求意见至2024-03-31" in said["comment"]
    assert "7个工作日" in said["legality_period"] and "2024年10月12日" in said["legality_period"]
