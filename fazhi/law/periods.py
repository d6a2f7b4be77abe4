"""Period arithmetic (期间计算) of DOMAIN.md §1, T-1 … T-9, on a working-day calendar.

- T-1: the day of the triggering event is not counted; counting starts the next day.
- T-2: a calendar-day, month or year period whose last day is a 法定休假日 (any day that is not a
  工作日, weekends included) ends on the next 工作日; holidays inside the period are not deducted.
- T-3: n months after day d is the same-numbered day of the end month, or that month's last day.
- T-4: working-day periods count 工作日 only (行政复议法 art. 88: 三日、五日、七日、十日).
- T-8 / T-9: time that is not counted (中止, 勘验, 鉴定, 公告 …) is given as ``Pause`` intervals.

Counting decisions (documented here, applied everywhere):

- A ``Pause(start, end)`` stops the clock on ``start`` and lets it run again from ``end``: the days
  start … end−1 (``end − start`` days) are not counted. Only paused days inside the running period
  (after the trigger, up to the due date, which moves out as days are added) push the due date out;
  overlapping pauses count once. In a working-day period only paused 工作日 are added back.
- An extension (延长) adds days of the rule's unit (working days for a working-day period, calendar
  days otherwise, also for month periods) before T-2 is applied.
- "At least n days before event E" (FY-11, XS-18, JC-16) leaves n whole units strictly between the
  act and E (neither day counted, T-1), and the answer is moved back to a 工作日 if needed, because a
  minimum notice period may not be shortened: the latest 工作日 on which the act is still in time.
- A minimum period (bound "earliest", e.g. JC-15's ≥ 30 days) is not extended by T-2.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, NamedTuple

from fazhi.law.calendar import WorkCalendar, default_calendar
from fazhi.law.errors import LawValidationError

_ONE_DAY = timedelta(days=1)
_DAYS = tuple(
    timedelta(days=i) for i in range(800)
)  # for speed: building a timedelta costs more than the lookup
_MIN = date(1900, 1, 1)
_MAX = date(2999, 12, 31)


class Unit(StrEnum):
    """期间单位; ``label`` is the Chinese measure word ("5个工作日", "60日", "6个月", "5年")."""

    WD = "WD"  # 工作日
    CD = "CD"  # 日（自然日，T-2 顺延）
    MONTH = "month"
    YEAR = "year"

    label: str

    def __init__(self, value: str) -> None:
        # a plain attribute, not a property: enum hashing and properties are slow on the hot path
        self.label = {"WD": "个工作日", "CD": "日", "month": "个月", "year": "年"}[value]


class Direction(StrEnum):
    AFTER = "after"  # 自触发事件次日起算
    BEFORE = "before"  # 在触发事件之前至少留出期间


class PauseKind(StrEnum):
    """不计入期间的时间的种类。"""

    SUSPENSION = "suspension"
    INSPECTION = "inspection"
    APPRAISAL = "appraisal"
    NOTICE = "notice"
    MEDIATION = "mediation"
    JURISDICTION = "jurisdiction"
    OBSTACLE = "obstacle"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _PAUSE_LABELS[self]


_PAUSE_LABELS = {
    PauseKind.SUSPENSION: "中止",
    PauseKind.INSPECTION: "现场勘验",
    PauseKind.APPRAISAL: "鉴定",
    PauseKind.NOTICE: "公告",
    PauseKind.MEDIATION: "调解",
    PauseKind.JURISDICTION: "管辖异议或管辖争议",
    PauseKind.OBSTACLE: "不可抗力或其他正当理由耽误",
    PauseKind.OTHER: "不计入期间的其他时间",
}


@dataclass(frozen=True, slots=True)
class Pause:
    """不计入期间的时间：the clock stops on ``start`` and runs again from ``end`` (end − start days)."""

    start: date
    end: date
    kind: PauseKind = PauseKind.OTHER

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @classmethod
    def coerce(cls, value: Pause | Sequence[Any]) -> Pause:
        """Accept a Pause or a tuple (start, end[, kind]) of dates or ISO strings; no kind = OTHER."""
        if isinstance(value, Pause):
            return value
        try:
            start, end, *rest = value
            a = as_date(start) if isinstance(start, date) else date.fromisoformat(str(start))
            b = as_date(end) if isinstance(end, date) else date.fromisoformat(str(end))
            kind = PauseKind(str(rest[0])) if rest and rest[0] else PauseKind.OTHER
        except (ValueError, TypeError):
            raise LawValidationError(
                f"不计入期间“{value}”无法识别，应为两个 YYYY-MM-DD 日期及种类", "T-8"
            ) from None
        if b < a:
            raise LawValidationError(f"不计入期间的结束日 {b.isoformat()} 早于开始日 {a.isoformat()}", "T-8")
        return cls(a, b, kind)


class PeriodResult(NamedTuple):
    """A computed period: the due date, the period's own last day, and what it depended on."""

    due: date
    period_end: date  # last day of the period before T-2 (equal to ``due`` when nothing moved)
    paused_days: int  # units (working days for WD, else calendar days) added back for pauses
    depends_from: date  # the answer depends on whether the days depends_from … depends_to are 工作日
    depends_to: date


def as_date(value: object) -> date:
    """A ``date`` from a date or a datetime (its calendar day); anything else is a Chinese error."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise LawValidationError(f"起算日期应为日期（date），收到 {type(value).__name__}", "T-1")


def _check(start: date, n: int) -> None:
    if not _MIN <= start <= _MAX:
        raise LawValidationError(f"日期 {start.isoformat()} 超出可计算范围（1900—2999年）", "T-1")
    if n < 1:
        raise LawValidationError(f"期间长度应为正整数，收到 {n}", "T-1")


def _days_in_month(year: int, month: int) -> int:
    return 31 if month == 12 else (date(year, month + 1, 1) - date(year, month, 1)).days


def shift_months(d: date, n: int) -> date:
    """T-3 alone: the same-numbered day n months later, or the end month's last day (no T-2)."""
    years, month0 = divmod(d.month - 1 + n, 12)
    year, month = d.year + years, month0 + 1
    return date(year, month, min(d.day, _days_in_month(year, month)))


def _merge(pauses: Iterable[Pause]) -> list[tuple[date, date]]:
    merged: list[tuple[date, date]] = []
    for p in sorted(pauses, key=lambda p: p.start):
        if p.end <= p.start:
            continue
        if merged and p.start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], p.end))
        else:
            merged.append((p.start, p.end))
    return merged


def _paused(spans: list[tuple[date, date]], after: date, through: date, cal: WorkCalendar | None) -> int:
    """Paused days d with after < d ≤ through (only 工作日 when ``cal`` is given)."""
    total = 0
    for start, end in spans:
        first, last = max(start, after + timedelta(days=1)), min(end - timedelta(days=1), through)
        if first <= last:
            total += cal.count_workdays(first - timedelta(days=1), last) if cal else (last - first).days + 1
    return total


def compute(
    start: date,
    n: int,
    unit: Unit,
    *,
    calendar: WorkCalendar | None = None,
    direction: Direction = Direction.AFTER,
    pauses: Iterable[Pause] = (),
    extension: int = 0,
    roll: bool = True,
) -> PeriodResult:
    """The general period engine behind every deadline (see the module docstring for the rules)."""
    return PeriodResult(
        *compute_raw(start, n, unit, calendar or default_calendar(), direction, pauses, extension, roll)
    )


def compute_raw(
    start: date,
    n: int,
    unit: Unit,
    cal: WorkCalendar,
    direction: Direction,
    pauses: Iterable[Pause],
    extension: int,
    roll: bool,
) -> tuple[date, date, int, date, date]:
    """``compute`` with positional arguments and a plain tuple result (the hot path of ``deadlines.due``)."""
    if type(start) is not date:
        start = as_date(start)
    if not (_MIN <= start <= _MAX and n >= 1):
        _check(start, n)
    try:
        if direction is Direction.BEFORE:
            return _before(start, n, unit, cal)
        spans = _merge(pauses) if pauses else []
        if unit is Unit.WD:
            k = 0
            while True:  # the pause days inside the period push it out, which may reach further pauses
                end = cal.nth_workday_after(start, n + extension + k)
                k2 = _paused(spans, start, end, cal) if spans else 0
                if k2 == k:
                    return end, end, k, start + _ONE_DAY, end
                k = k2
        if unit is Unit.CD:
            base = start + (_DAYS[n + extension] if n + extension < 800 else timedelta(days=n + extension))
        elif unit is Unit.MONTH:
            base = shift_months(start, n) + timedelta(days=extension)
        else:
            base = shift_months(start, 12 * n) + timedelta(days=extension)
        k, end = 0, base
        while spans:  # as for working days: added days may reach further pauses
            end = base + timedelta(days=k)
            k2 = _paused(spans, start, end, None)
            if k2 == k:
                break
            k = k2
        due = cal.next_workday(end) if roll else end
        return due, end, k, end, due
    except OverflowError:
        raise LawValidationError("期间届满日超出可计算范围", "T-1") from None


def _before(event: date, n: int, unit: Unit, cal: WorkCalendar) -> tuple[date, date, int, date, date]:
    if unit is Unit.WD:
        # n whole 工作日 strictly between the act and the event: the act is due on the (n+1)-th before
        latest = cal.nth_workday_before(event, n + 1)
        return latest, latest, 0, latest, event - _ONE_DAY
    if unit is Unit.CD:
        literal = event - timedelta(days=n + 1)
    else:
        months = n if unit is Unit.MONTH else 12 * n
        literal = shift_months(event, -months) - timedelta(days=1)
    latest = cal.previous_workday(literal)
    return latest, literal, 0, latest, literal


def _date(start: date, n: int, unit: Unit, calendar: WorkCalendar | None, direction: Direction) -> date:
    return compute_raw(start, n, unit, calendar or default_calendar(), direction, (), 0, True)[0]


def add_working_days(start: date, n: int, *, calendar: WorkCalendar | None = None) -> date:
    """The n-th 工作日 after ``start`` (T-1, T-4): 2025-09-26 + 5 = 2025-10-10."""
    return _date(start, n, Unit.WD, calendar, Direction.AFTER)


def add_calendar_days(start: date, n: int, *, calendar: WorkCalendar | None = None) -> date:
    """start + n days, moved to the next 工作日 if that day is not one (T-1, T-2): 2025-08-05 + 60 = 2025-10-09."""
    return _date(start, n, Unit.CD, calendar, Direction.AFTER)


def add_months(start: date, n: int, *, calendar: WorkCalendar | None = None) -> date:
    """T-3 then T-2: 2014-05-28 + 3 months = 2014-08-28; 2025-01-31 + 1 month = 2025-02-28."""
    return _date(start, n, Unit.MONTH, calendar, Direction.AFTER)


def add_years(start: date, n: int, *, calendar: WorkCalendar | None = None) -> date:
    """Same day n years later (29 February → 28 February), then T-2."""
    return _date(start, n, Unit.YEAR, calendar, Direction.AFTER)


def working_days_before(event: date, n: int, *, calendar: WorkCalendar | None = None) -> date:
    """The latest 工作日 that leaves at least n whole 工作日 before ``event`` (FY-11)."""
    return _date(event, n, Unit.WD, calendar, Direction.BEFORE)


def calendar_days_before(event: date, n: int, *, calendar: WorkCalendar | None = None) -> date:
    """The latest 工作日 that leaves at least n whole days before ``event`` (XS-18, JC-16)."""
    return _date(event, n, Unit.CD, calendar, Direction.BEFORE)
