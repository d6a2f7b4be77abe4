"""Period arithmetic T-1 … T-9: DOMAIN.md §1 test vectors, month rules, pauses, backwards periods, properties."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.law.calendar import default_calendar
from fazhi.law.errors import LawValidationError
from fazhi.law.periods import (
    Direction,
    Pause,
    PauseKind,
    Unit,
    add_calendar_days,
    add_months,
    add_working_days,
    add_years,
    calendar_days_before,
    compute,
    shift_months,
    working_days_before,
)
from fazhi.law.tests import oracle

CAL = default_calendar()
PUBLISHED = st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 10, 31))
ANY_DAY = st.dates(min_value=date(1995, 1, 1), max_value=date(2035, 12, 31))
N = st.integers(min_value=1, max_value=60)


@pytest.mark.parametrize(
    ("function", "start", "n", "expected"),
    [
        # DOMAIN.md §1 test vectors (chinese_calendar 1.11.0, T-5 ON)
        (add_working_days, date(2025, 9, 26), 5, date(2025, 10, 10)),
        (add_working_days, date(2026, 2, 12), 7, date(2026, 2, 28)),
        (add_calendar_days, date(2025, 8, 5), 60, date(2025, 10, 9)),
        (add_calendar_days, date(2026, 2, 12), 7, date(2026, 2, 24)),
        # T-3 then T-2
        (add_months, date(2014, 5, 28), 3, date(2014, 8, 28)),
        (add_months, date(2025, 1, 31), 1, date(2025, 2, 28)),
        (add_months, date(2024, 1, 31), 1, date(2024, 2, 29)),
        (add_months, date(2025, 7, 1), 3, date(2025, 10, 9)),  # 10-01 is 国庆 → next 工作日
        (add_months, date(2025, 8, 31), 6, date(2026, 2, 28)),  # Saturday, but a 调休 工作日
        (add_months, date(2025, 11, 30), 3, date(2026, 2, 28)),  # no 30 February → month end, a 调休 Saturday
        (add_years, date(2020, 2, 29), 5, date(2025, 2, 28)),
        (add_years, date(2021, 10, 1), 4, date(2025, 10, 9)),
        # counting backwards (FY-11, XS-18): n whole units strictly between, moved back to a 工作日
        (working_days_before, date(2025, 10, 20), 5, date(2025, 10, 11)),  # Sat 10-11 is a 调休 工作日
        (working_days_before, date(2025, 3, 17), 5, date(2025, 3, 7)),
        (calendar_days_before, date(2025, 3, 10), 3, date(2025, 3, 6)),
        (calendar_days_before, date(2025, 3, 12), 3, date(2025, 3, 7)),  # literal 03-08 is a Saturday
    ],
)
def test_vectors(function: object, start: date, n: int, expected: date) -> None:
    assert function(start, n) == expected  # type: ignore[operator]


def test_month_end_rule() -> None:
    assert shift_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert shift_months(date(2025, 3, 31), -1) == date(2025, 2, 28)
    assert shift_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert shift_months(date(2025, 12, 15), 1) == date(2026, 1, 15)


@pytest.mark.parametrize(
    ("pauses", "expected_due", "paused"),
    [
        ([], date(2025, 3, 3), 0),  # 2025-01-02 + 60 = 03-03 (Mon)
        ([Pause(date(2025, 1, 10), date(2025, 1, 20))], date(2025, 3, 13), 10),
        # overlapping pauses count once: 01-10 … 01-24 = 15 days
        (
            [Pause(date(2025, 1, 10), date(2025, 1, 20)), Pause(date(2025, 1, 15), date(2025, 1, 25))],
            date(2025, 3, 18),
            15,
        ),
        # only the part after the trigger counts
        ([Pause(date(2024, 12, 25), date(2025, 1, 5))], date(2025, 3, 5), 2),
        # a pause after the (moving) due date does not count
        ([Pause(date(2025, 4, 1), date(2025, 4, 30))], date(2025, 3, 3), 0),
        # a pause that starts inside the extended period counts even if it begins after the original end
        (
            [Pause(date(2025, 1, 10), date(2025, 2, 9)), Pause(date(2025, 3, 20), date(2025, 3, 25))],
            date(2025, 4, 7),
            35,
        ),
    ],
)
def test_pauses_in_a_calendar_day_period(pauses: list[Pause], expected_due: date, paused: int) -> None:
    result = compute(date(2025, 1, 2), 60, Unit.CD, pauses=pauses)
    assert (result.due, result.paused_days) == (expected_due, paused)


def test_pauses_in_a_working_day_period_add_back_paused_working_days() -> None:
    # 2025-03-03 (Mon) + 10 WD = 03-17; a pause 03-05 … 03-09 (Wed–Sun) removes 3 working days
    result = compute(date(2025, 3, 3), 10, Unit.WD, pauses=[Pause(date(2025, 3, 5), date(2025, 3, 10))])
    assert (result.due, result.paused_days) == (date(2025, 3, 20), 3)


def test_extension_is_added_in_the_unit_of_the_rule() -> None:
    assert compute(date(2025, 1, 2), 60, Unit.CD, extension=30).due == date(2025, 4, 2)
    assert compute(date(2025, 3, 3), 10, Unit.WD, extension=2).due == date(2025, 3, 19)
    assert compute(date(2025, 1, 10), 6, Unit.MONTH, extension=10).due == date(2025, 7, 21)  # 07-20 is Sunday


def test_minimum_periods_are_not_rolled() -> None:
    assert compute(date(2025, 3, 1), 30, Unit.CD, roll=False).due == date(2025, 3, 31)
    assert compute(date(2025, 9, 4), 30, Unit.CD, roll=False).due == date(2025, 10, 4)  # a holiday, kept


@pytest.mark.parametrize(
    ("start", "n", "message"),
    [
        (date(2025, 1, 1), 0, "正整数"),
        (date(1899, 12, 31), 5, "超出可计算范围"),
        (date(3000, 1, 1), 60, "超出可计算范围"),
    ],
)
def test_bad_input_is_rejected_in_chinese(start: date, n: int, message: str) -> None:
    with pytest.raises(LawValidationError, match=message):
        compute(start, n, Unit.CD)


def test_pause_coercion() -> None:
    assert Pause.coerce(("2025-01-01", "2025-01-11", "appraisal")) == Pause(
        date(2025, 1, 1), date(2025, 1, 11), PauseKind.APPRAISAL
    )
    assert Pause.coerce((date(2025, 1, 1), date(2025, 1, 11))).days == 10
    with pytest.raises(LawValidationError, match="早于开始日"):
        Pause.coerce(("2025-01-11", "2025-01-01"))
    assert Pause.coerce(("2025-01-01", "2025-01-11", None)).kind is PauseKind.OTHER
    for bad in [("2025-01-01", "2025-01-11", "holiday"), ("2025-01-01",), ("2025-01-01", None)]:
        with pytest.raises(LawValidationError, match="无法识别"):
            Pause.coerce(bad)


# --- properties --------------------------------------------------------------------------------


@given(ANY_DAY, N)
def test_working_day_deadline_is_a_later_working_day_and_grows_with_n(start: date, n: int) -> None:
    due = add_working_days(start, n)
    assert due > start
    assert CAL.is_workday(due)
    assert add_working_days(start, n + 1) > due  # strictly increasing in n
    assert CAL.count_workdays(start, due) == n  # exactly n 工作日 counted, the trigger day excluded


@given(ANY_DAY, N)
def test_calendar_day_deadline_is_the_first_working_day_on_or_after_start_plus_n(start: date, n: int) -> None:
    due = add_calendar_days(start, n)
    assert due >= start + timedelta(days=n)
    assert CAL.is_workday(due)
    assert all(not CAL.is_workday(start + timedelta(days=k)) for k in range(n, (due - start).days))
    assert add_calendar_days(start, n + 1) >= due  # non-decreasing in n


@given(ANY_DAY, st.integers(min_value=1, max_value=36))
def test_month_deadline(start: date, n: int) -> None:
    due = add_months(start, n)
    nominal = shift_months(start, n)
    assert due >= nominal and CAL.is_workday(due)
    assert nominal.day == start.day or (nominal + timedelta(days=1)).day == 1  # same day or month end
    assert add_months(start, n + 1) >= due


@given(ANY_DAY, st.integers(min_value=1, max_value=20))
def test_backwards_periods_leave_n_whole_units_and_are_the_latest_such_working_day(
    event: date, n: int
) -> None:
    latest = working_days_before(event, n)
    assert CAL.is_workday(latest) and latest < event
    assert CAL.count_workdays(latest, event - timedelta(days=1)) == n
    later = CAL.next_workday(latest + timedelta(days=1))
    assert later >= event or CAL.count_workdays(later, event - timedelta(days=1)) < n
    day = calendar_days_before(event, n)
    assert CAL.is_workday(day) and (event - day).days >= n + 1


@given(ANY_DAY, N, st.lists(st.tuples(st.integers(0, 90), st.integers(0, 30)), max_size=3))
def test_pauses_never_shorten_a_period_and_add_at_most_their_length(
    start: date, n: int, raw: list[tuple[int, int]]
) -> None:
    pauses = [Pause(start + timedelta(days=a), start + timedelta(days=a + b)) for a, b in raw]
    plain = compute(start, n, Unit.CD)
    paused = compute(start, n, Unit.CD, pauses=pauses)
    assert paused.due >= plain.due
    assert paused.paused_days <= sum(p.days for p in pauses)
    assert paused.period_end == plain.period_end + timedelta(days=paused.paused_days)


@given(PUBLISHED, st.integers(min_value=1, max_value=30), st.sampled_from(["WD", "CD", "month"]))
def test_engine_agrees_with_a_naive_day_loop_over_chinese_calendar(start: date, n: int, unit: str) -> None:
    try:
        expected = oracle.due(unit, start, n)
    except NotImplementedError:  # chinese_calendar stops at 2026
        return
    assert compute(start, n, Unit(unit)).due == expected


@given(
    st.dates(min_value=date(2004, 3, 1), max_value=date(2026, 12, 31)),
    st.integers(min_value=1, max_value=15),
    st.sampled_from(["WD", "CD"]),
)
def test_backwards_engine_agrees_with_the_naive_walk(event: date, n: int, unit: str) -> None:
    assert compute(event, n, Unit(unit), direction=Direction.BEFORE).due == oracle.due(
        unit, event, n, direction="before"
    )
