"""The working-day calendar: the project table against chinese_calendar, provisional years, overrides, T-5."""

from __future__ import annotations

import importlib.util
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType

import chinese_calendar  # type: ignore[import-untyped]
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.law import calendar as cal_module
from fazhi.law.calendar import (
    DayKind,
    HolidayRow,
    RowLike,
    WorkCalendar,
    default_calendar,
    is_workday,
    workday_info,
)
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


def _build_script() -> ModuleType:
    script = Path(__file__).parents[1] / "data" / "build_holidays.py"
    spec = importlib.util.spec_from_file_location("build_holidays", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_table_file_is_what_the_build_script_generates() -> None:
    module = _build_script()
    assert module.TARGET.read_text(encoding="utf-8") == module.render()
    assert module.ESTIMATES.read_text(encoding="utf-8") == module.render_estimates()


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
    info = workday_info(date(2027, 1, 4))  # a Monday, no holiday fixed by law
    assert info.is_workday is True
    assert info.provisional is True
    assert info.reason == PROVISIONAL_2027
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
        assert is_workday(date(2027, 2, 7)) is True  # a Sunday worked (调休), known only from the table
    finally:
        cal_module.set_default_calendar(None)
    assert is_workday(date(2027, 2, 7)) is False


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


PROVISIONAL_2027 = (
    "2027年节假日安排尚未公布，已计入《全国年节及纪念日放假办法》第二条规定的节日，"
    "补假、调休未知，其余按周一至周五推算，待公布后重新计算"
)


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2027, 1, 1), "元旦"),  # a Friday
        (date(2027, 2, 5), "春节"),  # 除夕 (2024 revision: 除夕 and 初一 to 初三)
        (date(2027, 2, 8), "春节"),  # 初三, a Monday
        (date(2027, 4, 5), "清明节"),  # the 节气 清明, a Monday
        (date(2027, 6, 9), "端午节"),  # 农历五月初五, a Wednesday
        (date(2027, 9, 15), "中秋节"),  # 农历八月十五, a Wednesday
        (date(2027, 10, 1), "国庆节"),  # a Friday
    ],
)
def test_unpublished_year_keeps_the_holidays_fixed_by_law(day: date, name: str) -> None:
    """放假办法 art. 2 fixes these days off before any notice: they are never guessed as 工作日."""
    info = workday_info(day)
    assert (info.is_workday, info.kind, info.name, info.provisional) == (False, "holiday", name, True)
    assert info.reason == PROVISIONAL_2027
    assert CAL.is_listed_holiday(day)


def test_unpublished_year_estimates_no_makeup_day_and_no_adjusted_workday() -> None:
    # 劳动节 2027-05-01/02 is a weekend: its 补假 (art. 6) is set by the notice, not estimated here.
    assert is_workday(date(2027, 5, 3)) is True
    assert is_workday(date(2027, 10, 4)) is True
    assert is_workday(date(2027, 2, 7)) is False  # a Sunday in 春节 (初二); a notice may make it 调休
    assert CAL.rows(2027) == ()  # the estimate is not part of the published table


def test_statutory_holidays_agree_with_the_published_2025_and_2026_notices() -> None:
    """The computed art. 2 days of the two years under the 2024 revision are days off in the notices."""
    statutory_holidays = _build_script().statutory_holidays
    for year in (2025, 2026):
        days = statutory_holidays(year)
        assert len(days) == 13  # 1 + 4 + 1 + 2 + 1 + 1 + 3
        for day, name, _ in days:
            assert CAL.is_listed_holiday(day), (day, name)
    assert [day for day, name, _ in statutory_holidays(2026) if name == "春节"] == [
        date(2026, 2, 16),
        date(2026, 2, 17),
        date(2026, 2, 18),
        date(2026, 2, 19),
    ]
    assert statutory_holidays(2020) == []  # before the configured revision: published years only


def test_a_published_year_replaces_the_estimate() -> None:
    cal = CAL.with_overrides(ROWS_2027)
    assert cal.is_workday(date(2027, 4, 5)) is True  # not in the administrator's (partial) table
    assert cal.workday_info(date(2027, 4, 5)).provisional is False
    assert CAL.is_workday(date(2028, 1, 1)) is False  # the next unpublished year keeps its estimate
    assert WorkCalendar(CAL.rows(), estimates=()).is_workday(date(2027, 1, 1)) is True  # Monday–Friday guess
