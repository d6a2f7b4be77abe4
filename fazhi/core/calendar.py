"""The working-day calendar as this deployment uses it: the shipped holiday table of `fazhi.law`
plus the years administrators have entered (HolidayYear/HolidayOverride).

Each process installs the combined calendar as `fazhi.law`'s default and re-installs it when the
overrides change (a cheap stamp query), so several app servers and workers agree without sharing
memory. Services that compute deadlines call `current_calendar()` first.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.db.models import Count, Max

from fazhi.law.calendar import HolidayRow, WorkCalendar, set_default_calendar

_installed: tuple[str, WorkCalendar] | None = None
_checked_at = 0.0
RECHECK_SECONDS = 5.0  # how stale another process's holiday edit may be seen here


def _stamp() -> str:
    from fazhi.core.models import HolidayOverride, HolidayYear

    years = HolidayYear.objects.aggregate(n=Count("id"), at=Max("updated_at"))
    days = HolidayOverride.objects.aggregate(n=Count("id"), at=Max("updated_at"))
    return f"{years['n']}:{years['at']}:{days['n']}:{days['at']}:{settings.FAZHI_COUNT_ADJUSTED_WORKDAYS}"


def invalidate() -> None:
    """Forget the installed calendar (after an administrator saved a year in this process)."""
    global _installed
    _installed = None


def build_calendar() -> WorkCalendar:
    from fazhi.core.models import HolidayOverride, HolidayYear

    base = WorkCalendar.load(count_adjusted_workdays=settings.FAZHI_COUNT_ADJUSTED_WORKDAYS)
    years = list(HolidayYear.objects.values_list("year", flat=True))
    if not years:
        return base
    rows = [
        HolidayRow(day=o.date, kind=o.kind, name=o.name, source=o.year.notice)
        for o in HolidayOverride.objects.select_related("year").filter(year__year__in=years)
    ]
    return base.with_overrides(rows, years=years)


def current_calendar() -> WorkCalendar:
    """The calendar with the administrators' years, rebuilt only when they changed (checked at
    most every few seconds: deadline computations come in bursts)."""
    global _installed, _checked_at
    now = time.monotonic()
    if _installed is not None and now - _checked_at < RECHECK_SECONDS:
        return _installed[1]
    _checked_at = now
    stamp = _stamp()
    if _installed is None or _installed[0] != stamp:
        calendar = build_calendar()
        set_default_calendar(calendar)
        _installed = (stamp, calendar)
    return _installed[1]
