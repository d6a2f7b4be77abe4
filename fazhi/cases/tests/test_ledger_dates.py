"""Dates as real sheets write them (issue 15.3): compact, Excel serials, date-times as text, and
day/month orders only where unambiguous; anything else is refused with the reason."""

from datetime import date

import pytest

from fazhi.cases.ledger import CellError, parse_cell
from fazhi.cases.registry import LedgerColumn

COL = LedgerColumn(key="received_on", header="收到日期", kind="date")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024年3月5日", date(2024, 3, 5)),
        ("2024-3-5", date(2024, 3, 5)),
        ("2024/03/05", date(2024, 3, 5)),
        ("20240305", date(2024, 3, 5)),
        (20240305, date(2024, 3, 5)),
        (45356, date(2024, 3, 5)),  # Excel's serial day of 2024-03-05
        (45356.0, date(2024, 3, 5)),
        ("2024-03-05 00:00:00", date(2024, 3, 5)),
        ("2024/3/5 8:30", date(2024, 3, 5)),
        ("2024-03-05T08:30:00", date(2024, 3, 5)),
        ("25/3/2024", date(2024, 3, 25)),  # day first: 25 is no month
        ("3/25/2024", date(2024, 3, 25)),  # month first: 25 is no month
        ("5/5/2024", date(2024, 5, 5)),
    ],
)
def test_dates_as_sheets_write_them(raw, expected):
    assert parse_cell(COL, raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("3/5/2024", "无法分辨"),  # 3 May or 5 March?
        ("2024-02-30", "不存在"),
        ("20241305", "不存在"),
        ("明天", "无法识别"),
        (45356.5, "不是日期"),
        (-3, "不是日期"),
    ],
)
def test_dates_that_cannot_be_read_say_why(raw, reason):
    with pytest.raises(CellError, match=reason):
        parse_cell(COL, raw)
