"""The working-day calendar: the project table against chinese_calendar, provisional years, overrides, T-5."""

from __future__ import annotations

import importlib.util
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar  # type: ignore[import-untyped]
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.law import calendar as cal_module
from fazhi.law.calendar import DayKind, HolidayRow, RowLike, default_calendar, is_workday, workday_info
from fazhi.law.errors import LawValidationError

CAL = default_calendar()
DAYS = st.dates(min_value=date(1985, 1, 1), max_value=date(2070, 12, 31))

# A plausible 2027 table, as an administrator would enter it once the State Council publishes it.
ROWS_2027: list[RowLike] = [
    {"date": "2027-01-01", "kind": "holiday", "name": "元旦", "source": "test"},
    ("2027-02-05", "holiday", "春节", "test"),
    ("2027-02-06", "holiday", "春节"),
    ("2027-02-07", "adjusted_workday", "春节"),
    HolidayRow(date(2027, 10, 1), DayKind.HOLIDAY, "国庆节", "test"),
]


def test_table_agrees_with_chinese_calendar_on_every_day_2004_to_2026() -> None:
    day, end, mismatches = date(2004, 1, 1), date(2026, 12, 31), []
    while day <= end:
        if is_workday(day) != chinese_calendar.is_workday(day):
            mismatches.append(day)
        day += timedelta(days=1)
    assert mismatches == []


def test_table_file_is_what_the_build_script_generates() -> None:
    script = Path(__file__).parents[1] / "data" / "build_holidays.py"
    spec = importlib.util.spec_from_file_location("build_holidays", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.TARGET.read_text(encoding="utf-8") == module.render()


@pytest.mark.parametrize(
    ("day", "expected", "kind"),
    [
        (date(2025, 9, 28), True, "adjusted_workday"),  # Sunday 调休
        (date(2025, 10, 8), False, "holiday"),
        (date(2026, 2, 14), True, "adjusted_workday"),  # Saturday 调休
        (date(2026, 2, 23), False, "holiday"),  # Monday off (调休)
        (date(2026, 2, 25), True, "workday"),
        (date(2026, 3, 1), False, "rest_day"),
    ],
)
def test_known_days(day: date, expected: bool, kind: str) -> None:
    info = workday_info(day)
    assert (info.is_workday, info.kind, info.provisional, info.reason) == (expected, kind, False, None)


def test_published_years_and_source_of_every_row() -> None:
    assert CAL.published_years == tuple(range(2004, 2027))
    assert CAL.version.startswith("2026")
    assert all(row.source for row in CAL.rows())
    assert {row.source for row in CAL.rows(2025)} == {"国办发明电〔2024〕12号（2024-11-12）"}


def test_unpublished_year_answers_monday_to_friday_but_provisionally() -> None:
    info = workday_info(date(2027, 1, 1))  # a Friday; the real 元旦 is not known yet
    assert info.is_workday is True
    assert info.provisional is True
    assert info.reason == "2027年节假日安排尚未公布，按周一至周五推算，待公布后重新计算"
    assert workday_info(date(2027, 1, 2)).is_workday is False
    assert not CAL.is_published(2027)
    assert "未收录" in (workday_info(date(2003, 6, 2)).reason or "")


def test_administrator_override_publishes_a_year() -> None:
    cal = CAL.with_overrides(ROWS_2027)
    assert cal.is_published(2027) and not CAL.is_published(2027)  # the original is unchanged
    assert cal.is_workday(date(2027, 1, 1)) is False
    assert cal.is_workday(date(2027, 2, 7)) is True  # a Sunday worked
    assert cal.workday_info(date(2027, 3, 1)).provisional is False
    assert cal.published_years[-1] == 2027
    assert cal.is_workday(date(2026, 2, 14)) is True  # other years keep the file's rows


def test_override_replaces_the_whole_year() -> None:
    cal = CAL.with_overrides([("2026-01-05", "holiday", "测试")], years=[2026])
    assert cal.is_workday(date(2026, 1, 5)) is False
    assert cal.is_workday(date(2026, 2, 16)) is True  # the old 2026 春节 rows are gone
    with pytest.raises(LawValidationError, match="未声明年份"):
        CAL.with_overrides([("2027-01-01", "holiday")], years=[2028])


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (("2027-13-01", "holiday"), "无法识别"),
        (("2027-01-01", "day_off"), "类型“day_off”无效"),
        (("2027-01-04", "adjusted_workday"), "不是周六或周日"),
    ],
)
def test_bad_override_rows_are_rejected_in_chinese(row: tuple[str, str], message: str) -> None:
    with pytest.raises(LawValidationError, match=message) as exc:
        CAL.with_overrides([row])
    assert exc.value.rule == "节假日表"


def test_t5_switch_off_makes_adjusted_weekends_rest_days() -> None:
    off = CAL.with_options(count_adjusted_workdays=False)
    assert off.is_workday(date(2026, 2, 14)) is False
    assert off.is_workday(date(2026, 2, 13)) is True
    assert off.nth_workday_after(date(2026, 2, 12), 7) == date(2026, 3, 3)
    assert CAL.count_adjusted_workdays and not off.count_adjusted_workdays


def test_rows_with_string_kinds_are_validated_like_file_rows() -> None:
    row = HolidayRow(date(2027, 2, 7), "adjusted_workday", "春节")  # type: ignore[arg-type]
    assert row.kind is DayKind.ADJUSTED_WORKDAY
    assert CAL.with_overrides([row]).is_workday(date(2027, 2, 7)) is True
    with pytest.raises(LawValidationError, match="类型“x”无效"):
        HolidayRow(date(2027, 2, 7), "x")  # type: ignore[arg-type]


def test_calendar_is_immutable() -> None:
    with pytest.raises(AttributeError):
        CAL.version = "x"


def test_set_default_calendar() -> None:
    cal = CAL.with_overrides(ROWS_2027)
    try:
        cal_module.set_default_calendar(cal)
        assert is_workday(date(2027, 1, 1)) is False
    finally:
        cal_module.set_default_calendar(None)
    assert is_workday(date(2027, 1, 1)) is True


def _naive_after(d: date, n: int) -> date:
    while n:
        d += timedelta(days=1)
        n -= CAL.is_workday(d)
    return d


@given(DAYS, st.integers(min_value=1, max_value=40))
def test_fast_index_matches_a_day_loop(day: date, n: int) -> None:
    # the index covers 1990-2056; outside it the calendar walks day by day: both must agree
    assert CAL.nth_workday_after(day, n) == _naive_after(day, n)
    before = CAL.nth_workday_before(day, n)
    assert before < day and CAL.is_workday(before)
    assert CAL.count_workdays(before - timedelta(days=1), day - timedelta(days=1)) == n
    nxt, prev = CAL.next_workday(day), CAL.previous_workday(day)
    if CAL.is_workday(day):
        assert nxt == prev == day
    else:
        gap = [prev + timedelta(days=k) for k in range(1, (nxt - prev).days)]
        assert CAL.is_workday(nxt) and CAL.is_workday(prev) and day in gap
        assert not any(CAL.is_workday(d) for d in gap)
