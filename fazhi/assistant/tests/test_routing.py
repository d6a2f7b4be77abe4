"""Routing and periods: pure table and fazhi.law, no database."""

from datetime import date

import pytest

from fazhi.assistant.routing import find_date, route, strip_dates


@pytest.mark.parametrize(
    ("question", "code"),
    [
        ("公司拖欠工资三个月怎么办", "labour"),
        ("对区市场监管局的罚款不服怎么办", "reconsideration"),
        ("老人没钱打官司能不能申请法律援助", "legal_aid"),
        ("邻居家装修噪音太大，能找人调解吗", "mediation"),
        ("我们公司想做个人信息保护合规", "enterprise"),
        ("随便问问", "consultation"),
    ],
)
def test_route_by_the_words_of_the_question(question, code):
    assert route(question, on=date(2025, 11, 1)).route.code == code


@pytest.mark.parametrize(
    ("question", "day"),
    [
        ("2025年10月1日收到决定书", date(2025, 10, 1)),
        ("2025-10-01 收到", date(2025, 10, 1)),
        ("2025/10/1收到", date(2025, 10, 1)),
        ("10月1日收到", date(2025, 10, 1)),
        ("12月20号收到", date(2024, 12, 20)),  # not yet come this year: last year's
        ("2025年2月30日", None),
        ("没有日期", None),
    ],
)
def test_dates_in_a_question(question, day):
    assert find_date(question, date(2025, 11, 1)) == day


def test_periods_come_from_fazhi_law_and_roll_past_the_weekend():
    r = route("10月1日收到罚款决定书，不服", on=date(2025, 11, 1))
    first = r.periods[0]
    assert first.rule_id == "FY-01" and first.due == date(2025, 12, 1)  # 11-30 is a Sunday
    assert "顺延" in first.explanation and "行政复议法" in first.basis
    assert r.periods[1].rule_id == "XS-01"


def test_no_period_without_a_date_or_for_a_route_without_rules():
    assert route("罚款不服怎么办", on=date(2025, 11, 1)).periods == ()
    assert route("2025年10月1日被拖欠工资", on=date(2025, 11, 1)).periods == ()


def test_dates_are_not_searched():
    assert strip_dates("对罚款不服（2025年10月1日收到决定书）") == "对罚款不服（ 收到决定书）"
