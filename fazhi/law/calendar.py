"""Working-day calendar (工作日历): which days are 工作日, from the project-owned holiday table.

The table ``data/holidays.csv`` (2004 → the newest published year; rebuilt by ``data/build_holidays.py``)
lists every day off (法定休假日 and 调休休息日) and every 调休 working weekend day; administrators add a
newly published year as override rows (the Django side stores them and passes them in). A year that
is not in the table is never silently treated as Monday–Friday: the calendar still answers, but marks
the answer provisional with a Chinese reason (DOMAIN.md §4.1). For a year after the newest published
one the answer already keeps the holidays that 《全国年节及纪念日放假办法》 art. 2 fixes (元旦, 春节, 清明,
劳动节, 端午, 中秋, 国庆; ``data/statutory_holidays.csv``, computed from the configured list
``data/statutory_holidays.toml`` by ``data/build_holidays.py``); only the notice's 补假 and 调休 are unknown.

T-5 (UNVERIFIED): whether a 调休 working weekend day counts as a 工作日 is the ``count_adjusted_workdays``
setting of the calendar (default ON, which is what ``chinese_calendar.is_workday`` returns).
"""

from __future__ import annotations

import csv
import io
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from importlib import resources
from typing import Any

from fazhi.law.errors import LawValidationError

_ONE_DAY = timedelta(days=1)
_RULE = "节假日表"


class DayKind(StrEnum):
    """节假日表中一行的类型。"""

    HOLIDAY = "holiday"  # 法定休假日或调休休息日（休息）
    ADJUSTED_WORKDAY = "adjusted_workday"  # 调休上班的周六、周日


def _day_kind(kind: object, day: date) -> DayKind:
    try:
        return DayKind(str(kind))
    except ValueError:
        raise LawValidationError(
            f"节假日表 {day.isoformat()} 的类型“{kind}”无效，应为 holiday（休息）或 adjusted_workday（调休上班）",
            _RULE,
        ) from None


@dataclass(frozen=True, slots=True)
class HolidayRow:
    """节假日表的一行：one day off or one 调休 working weekend day, with its holiday name and source.

    ``kind`` may be given as a string ("holiday" / "adjusted_workday"); it is validated and stored as
    ``DayKind``, so rows built from database values are checked like rows from the file.
    """

    day: date
    kind: DayKind
    name: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        kind = _day_kind(self.kind, self.day)  # rows built from database strings are checked too
        if kind is DayKind.ADJUSTED_WORKDAY and self.day.weekday() < 5:
            raise LawValidationError(f"{self.day.isoformat()} 不是周六或周日，不能登记为调休上班日", _RULE)
        object.__setattr__(self, "kind", kind)

    @classmethod
    def coerce(cls, row: HolidayRow | Mapping[str, Any] | Sequence[Any]) -> HolidayRow:
        """Accept a HolidayRow, a mapping (keys date|day, kind, name, source) or a tuple in that order.

        Dates may be ``date`` objects or ISO strings, so rows from a database, a form or a CSV all work.
        """
        if isinstance(row, HolidayRow):
            return row
        if isinstance(row, Mapping):
            raw_day, kind = row.get("date", row.get("day")), row.get("kind")
            name, source = row.get("name", ""), row.get("source", "")
        else:
            raw_day, kind, name, source = (*row, "", "")[:4]
        try:
            day = raw_day if isinstance(raw_day, date) else date.fromisoformat(str(raw_day))
        except ValueError:
            raise LawValidationError(f"节假日表日期“{raw_day}”无法识别，应为 YYYY-MM-DD", _RULE) from None
        return cls(day, _day_kind(kind, day), str(name or ""), str(source or ""))


@dataclass(frozen=True, slots=True)
class WorkdayInfo:
    """One day's answer: is it a 工作日, what kind of day it is, and whether the answer is provisional."""

    day: date
    is_workday: bool
    kind: str  # "workday" | "rest_day" (ordinary weekend) | "holiday" | "adjusted_workday"
    name: str
    provisional: bool
    reason: str | None


RowLike = HolidayRow | Mapping[str, Any] | Sequence[Any]


class WorkCalendar:
    """An immutable working-day calendar: holiday rows + the set of published years + the T-5 setting.

    Working-day arithmetic is O(1): the constructor precomputes, for every day of a span of years, the
    number of working days up to and including that day (``_rank``) and the list of working days, so
    "the n-th working day after d" is one index lookup. Outside the span it falls back to a day loop.
    """

    __slots__ = (
        "_count_adjusted",
        "_estimated",
        "_estimates",
        "_hi",
        "_is_work",
        "_lo",
        "_published",
        "_rank",
        "_rows",
        "_workdays",
        "version",
    )

    SPAN_FIRST_YEAR = 1990  # fast index covers 1990 … (newest published year + SPAN_YEARS_AFTER)
    SPAN_YEARS_AFTER = 30

    _rows: dict[date, HolidayRow]
    _estimates: tuple[HolidayRow, ...]  # the art. 2 holidays of every year (statutory_holidays.csv)
    _estimated: dict[date, HolidayRow]  # … of the unpublished years after the newest published one
    _published: frozenset[int]
    _count_adjusted: bool
    version: str
    _lo: int
    _hi: int
    _is_work: bytearray
    _rank: array[int]
    _workdays: tuple[date, ...]

    def __init__(
        self,
        rows: Iterable[RowLike],
        *,
        published_years: Iterable[int] | None = None,
        count_adjusted_workdays: bool = True,
        version: str = "",
        estimates: Iterable[RowLike] | None = None,
    ) -> None:
        """``estimates``: the holidays fixed by 放假办法 art. 2 (default: ``data/statutory_holidays.csv``),
        used for the years after the newest published one; ``()`` guesses those years Monday–Friday."""
        by_day = {r.day: r for r in map(HolidayRow.coerce, rows)}
        years = (
            frozenset(published_years) if published_years is not None else frozenset(d.year for d in by_day)
        )
        stray = sorted({d.year for d in by_day} - years)
        if stray:
            raise LawValidationError(f"节假日表含有未声明为已公布年份的数据：{stray}", _RULE)
        init = object.__setattr__  # the class is immutable: assignments go through object.__setattr__ once
        init(self, "_rows", by_day)
        init(self, "_published", years)
        init(self, "_count_adjusted", count_adjusted_workdays)
        init(self, "version", version)
        newest = max(years, default=self.SPAN_FIRST_YEAR)
        fixed = _statutory_rows() if estimates is None else tuple(map(HolidayRow.coerce, estimates))
        init(self, "_estimates", fixed)
        init(self, "_estimated", {r.day: r for r in fixed if r.day.year > newest})
        lo = date(min(self.SPAN_FIRST_YEAR, *years) if years else self.SPAN_FIRST_YEAR, 1, 1).toordinal()
        hi = date(newest + self.SPAN_YEARS_AFTER, 12, 31).toordinal()
        is_work = bytearray(hi - lo + 1)
        rank = array("i", bytes(4 * len(is_work)))
        workdays: list[date] = []
        for i in range(len(is_work)):
            day = date.fromordinal(lo + i)
            if self._compute(day):
                is_work[i] = 1
                workdays.append(day)
            rank[i] = len(workdays)
        init(self, "_lo", lo)
        init(self, "_hi", hi)
        init(self, "_is_work", is_work)
        init(self, "_rank", rank)
        init(self, "_workdays", tuple(workdays))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("WorkCalendar is immutable; use with_overrides() or with_options()")

    def __repr__(self) -> str:
        years = self.published_years
        span = f"{years[0]}-{years[-1]}" if years else "none"
        return f"<WorkCalendar {self.version or 'custom'} published={span} T-5={'on' if self._count_adjusted else 'off'}>"

    # --- construction -------------------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | None = None, *, count_adjusted_workdays: bool = True) -> WorkCalendar:
        """The calendar of ``data/holidays.csv`` (or of another file in the same format)."""
        if path is None:
            text = resources.files("fazhi.law").joinpath("data/holidays.csv").read_text(encoding="utf-8")
        else:
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
        version = ""
        lines = []
        for line in text.splitlines():
            if line.startswith("#"):
                if "version " in line and not version:
                    version = line.split("version ", 1)[1].split(";")[0].strip()
            elif line.strip():
                lines.append(line)
        rows = list(csv.DictReader(io.StringIO("\n".join(lines))))
        return cls(rows, count_adjusted_workdays=count_adjusted_workdays, version=version)

    def with_overrides(self, rows: Iterable[RowLike], *, years: Iterable[int] | None = None) -> WorkCalendar:
        """A new calendar in which the given rows replace the whole table of their years.

        An administrator enters a newly published year (e.g. 2027) as its full list of rows; ``years``
        may name years explicitly (e.g. to republish a year). Those years become published.
        """
        new = [HolidayRow.coerce(r) for r in rows]
        replaced = frozenset(years) if years is not None else frozenset(r.day.year for r in new)
        stray = sorted({r.day.year for r in new} - replaced)
        if stray:
            raise LawValidationError(f"覆盖数据含有未声明年份的行：{stray}", _RULE)
        kept = [r for d, r in self._rows.items() if d.year not in replaced]
        label = ",".join(str(y) for y in sorted(replaced))
        return WorkCalendar(
            [*kept, *new],
            published_years=self._published | replaced,
            count_adjusted_workdays=self._count_adjusted,
            version=f"{self.version}+{label}" if self.version else label,
            estimates=self._estimates,
        )

    def with_options(self, *, count_adjusted_workdays: bool) -> WorkCalendar:
        """The same table with another T-5 setting."""
        return WorkCalendar(
            self._rows.values(),
            published_years=self._published,
            count_adjusted_workdays=count_adjusted_workdays,
            version=self.version,
            estimates=self._estimates,
        )

    # --- questions about one day -------------------------------------------------------------------

    def _row(self, day: date) -> HolidayRow | None:
        """The published row of ``day``, else the estimated art. 2 holiday of an unpublished year."""
        row = self._rows.get(day)
        return row if row is not None else self._estimated.get(day)

    def _compute(self, day: date) -> bool:
        row = self._row(day)
        if row is None:
            return day.weekday() < 5
        return row.kind is DayKind.ADJUSTED_WORKDAY and self._count_adjusted

    def is_workday(self, d: date) -> bool:
        """是否工作日 (T-5). Always answers; see ``workday_info`` for whether the answer is provisional."""
        i = d.toordinal() - self._lo
        if 0 <= i < len(self._is_work):
            return bool(self._is_work[i])
        return self._compute(d)

    def is_published(self, year: int) -> bool:
        """Whether the State Council arrangement of ``year`` is in this calendar."""
        return year in self._published

    @property
    def published_years(self) -> tuple[int, ...]:
        return tuple(sorted(self._published))

    @property
    def count_adjusted_workdays(self) -> bool:
        """T-5: whether 调休 working weekend days count as 工作日."""
        return self._count_adjusted

    def workday_info(self, d: date) -> WorkdayInfo:
        """The answer for one day with its kind, holiday name and provisional flag + Chinese reason."""
        row = self._row(d)
        if row is not None:
            kind, name = row.kind.value, row.name
        else:
            kind, name = (
                ("workday", "") if d.weekday() < 5 else ("rest_day", "周六" if d.weekday() == 5 else "周日")
            )
        provisional = d.year not in self._published
        reason = self.provisional_reason((d.year,)) if provisional else None
        return WorkdayInfo(d, self.is_workday(d), kind, name, provisional, reason)

    def is_listed_holiday(self, d: date) -> bool:
        """Whether ``d`` is a listed day off (法定休假日 or 调休休息日, or for an unpublished year a holiday
        fixed by 放假办法 art. 2), not just a weekend."""
        row = self._row(d)
        return row is not None and row.kind is DayKind.HOLIDAY

    def rows(self, year: int | None = None) -> tuple[HolidayRow, ...]:
        """The published table rows (of one year, or all), in date order; estimates are not rows."""
        return tuple(r for d, r in sorted(self._rows.items()) if year is None or d.year == year)

    # --- provisional answers ------------------------------------------------------------------------

    def unpublished_years(self, first: date, last: date) -> tuple[int, ...]:
        """The years between two dates (inclusive, either order) whose arrangement is not in the table."""
        a, b = (first.year, last.year) if first <= last else (last.year, first.year)
        if a == b:
            return () if a in self._published else (a,)
        return tuple(y for y in range(a, b + 1) if y not in self._published)

    def provisional_reason(self, years: Sequence[int]) -> str:
        """Chinese reason for an answer that depends on the given unpublished years."""
        listed = "、".join(f"{y}年" for y in years)
        newest = max(self._published, default=0)
        if all(y > newest for y in years):
            return (
                f"{listed}节假日安排尚未公布，已计入《全国年节及纪念日放假办法》第二条规定的节日，"
                "补假、调休未知，其余按周一至周五推算，待公布后重新计算"
            )
        return f"{listed}节假日安排未收录于本系统节假日表，按周一至周五推算，请人工核对"

    # --- working-day arithmetic (O(1) inside the precomputed span) --------------------------------

    def nth_workday_after(self, start: date, n: int) -> date:
        """The n-th 工作日 strictly after ``start`` (n ≥ 1)."""
        i = start.toordinal() - self._lo
        if 0 <= i < len(self._is_work):
            k = self._rank[i] + n - 1
            if k < len(self._workdays):
                return self._workdays[k]
        d = start
        while n > 0:
            d += _ONE_DAY
            n -= self.is_workday(d)
        return d

    def nth_workday_before(self, end: date, n: int) -> date:
        """The n-th 工作日 strictly before ``end`` (n ≥ 1)."""
        i = end.toordinal() - self._lo
        if 0 <= i < len(self._is_work):
            k = self._rank[i] - self._is_work[i] - n
            if k >= 0:
                return self._workdays[k]
        d = end
        while n > 0:
            d -= _ONE_DAY
            n -= self.is_workday(d)
        return d

    def next_workday(self, d: date) -> date:
        """``d`` itself if it is a 工作日, else the first 工作日 after it (T-2 extension)."""
        i = d.toordinal() - self._lo
        if 0 <= i < len(self._is_work):
            if self._is_work[i]:
                return d
            k = self._rank[i]
            if k < len(self._workdays):
                return self._workdays[k]
        while not self.is_workday(d):
            d += _ONE_DAY
        return d

    def previous_workday(self, d: date) -> date:
        """``d`` itself if it is a 工作日, else the last 工作日 before it."""
        i = d.toordinal() - self._lo
        if 0 <= i < len(self._is_work):
            k = self._rank[i] - 1
            if k >= 0:
                return self._workdays[k]
        while not self.is_workday(d):
            d -= _ONE_DAY
        return d

    def count_workdays(self, after: date, through: date) -> int:
        """Number of 工作日 d with after < d ≤ through (0 if through ≤ after)."""
        if through <= after:
            return 0
        i, j = after.toordinal() - self._lo, through.toordinal() - self._lo
        if 0 <= i and j < len(self._is_work):
            return self._rank[j] - self._rank[i]
        return sum(self.is_workday(after + timedelta(days=k)) for k in range(1, (through - after).days + 1))


_statutory: tuple[HolidayRow, ...] | None = None


def _statutory_rows() -> tuple[HolidayRow, ...]:
    """The rows of ``data/statutory_holidays.csv`` (read once per process), as ``holiday`` rows."""
    global _statutory
    if _statutory is None:
        text = (
            resources.files("fazhi.law").joinpath("data/statutory_holidays.csv").read_text(encoding="utf-8")
        )
        lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
        _statutory = tuple(
            HolidayRow.coerce((r["date"], DayKind.HOLIDAY, r["name"], f"{r['source']}（推算）"))
            for r in csv.DictReader(io.StringIO("\n".join(lines)))
        )
    return _statutory


_default: WorkCalendar | None = None


def default_calendar() -> WorkCalendar:
    """The process-wide calendar: the data file, or what ``set_default_calendar`` installed."""
    global _default
    if _default is None:
        _default = WorkCalendar.load()
    return _default


def set_default_calendar(calendar: WorkCalendar | None) -> None:
    """Install the calendar (e.g. the data file + the administrators' overrides); None restores the file.

    Each process keeps its own default: a deployment with several processes must install the same
    overrides in each (or pass ``calendar=`` explicitly), e.g. when the overrides' version changes.
    """
    global _default
    _default = calendar


def is_workday(d: date) -> bool:
    """是否工作日, by the default calendar (T-5 default ON). Never raises; see ``workday_info``."""
    return default_calendar().is_workday(d)


def workday_info(d: date) -> WorkdayInfo:
    """The default calendar's answer for one day, with the provisional flag and reason."""
    return default_calendar().workday_info(d)
