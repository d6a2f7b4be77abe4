"""Naive reference implementation of the period rules, day by day over ``chinese_calendar`` (tests only).

Deliberately written without fazhi.law.periods so that the fast engine is checked against an
independent reading of DOMAIN.md §1.
"""

from __future__ import annotations

import calendar as stdlib_calendar
from datetime import date, timedelta

import chinese_calendar  # type: ignore[import-untyped]

ONE = timedelta(days=1)


def workday(d: date) -> bool:
    return bool(chinese_calendar.is_workday(d))


def plus_months(d: date, n: int) -> date:
    month_index = d.month - 1 + n
    year, month = d.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(d.day, stdlib_calendar.monthrange(year, month)[1]))


def due(unit: str, start: date, n: int, *, direction: str = "after", roll: bool = True) -> date:
    if direction == "before":
        if unit == "WD":
            d, between = start - ONE, 0
            while True:  # walk back until n working days lie strictly between d and the event
                if workday(d) and between >= n:
                    return d
                between += workday(d)
                d -= ONE
        d = start - timedelta(days=n + 1)
        while not workday(d):
            d -= ONE
        return d
    if unit == "WD":
        d, left = start, n
        while left:
            d += ONE
            left -= workday(d)
        return d
    if unit == "CD":
        d = start + timedelta(days=n)
    else:
        d = plus_months(start, n if unit == "month" else 12 * n)
    while roll and not workday(d):
        d += ONE
    return d
