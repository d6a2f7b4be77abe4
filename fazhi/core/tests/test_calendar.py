"""The deployment's calendar: the shipped table plus years an administrator enters."""

from datetime import date

import pytest

from fazhi.core import calendar
from fazhi.core.models import HolidayOverride, HolidayYear
from fazhi.law import deadlines


@pytest.fixture(autouse=True)
def fresh_calendar():
    calendar.invalidate()
    yield
    calendar.invalidate()


def test_an_unpublished_year_gives_a_provisional_deadline(db):
    d = deadlines.due("FY-15", date(2026, 12, 1), calendar=calendar.current_calendar())
    assert d.provisional and "2027" in d.provisional_reason


def test_an_entered_year_makes_it_final_and_moves_the_date(db):
    year = HolidayYear.objects.create(
        year=2027, notice="国务院办公厅关于2027年部分节假日安排的通知（测试）", published_on=date(2026, 11, 5)
    )
    # Suppose 2027-02-01 (Monday) were a holiday: the FY-15 due day (2027-01-30 → 02-01) moves on.
    HolidayOverride.objects.create(year=year, date=date(2027, 2, 1), kind="holiday", name="测试假日")
    calendar.invalidate()
    d = deadlines.due("FY-15", date(2026, 12, 1), calendar=calendar.current_calendar())
    assert not d.provisional
    assert d.due == date(2027, 2, 2)


def test_the_admin_enters_a_year_in_chinese(admin_client, db):
    from django.urls import reverse

    page = admin_client.get(reverse("admin:core_holidayyear_add")).content.decode()
    assert "节假日安排年度" in page and "调休上班" in page
