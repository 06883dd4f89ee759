"""A year without the State Council's notice still has its statutory holidays
(全国年节及纪念日放假办法, as amended in 2024); only its 调休 is unknown."""

import datetime as dt

import pytest

from workcalendar import services
from workcalendar.models import CalendarDay, CalendarYear
from workcalendar.services import DayUnit, WorkCalendar

D = dt.date

# 2028 has no notice in the chinesecalendar release the desk loads. Its statutory days off:
# Spring Festival eve and days 1–3 on Tue 25 – Fri 28 Jan; National Day Sun 1 – Tue 3 Oct.
NO_NOTICE = 2028


@pytest.fixture
def no_notice_year(db):
    CalendarYear.objects.filter(year=NO_NOTICE).delete()
    return NO_NOTICE


@pytest.mark.parametrize(
    ("start", "count", "unit", "due"),
    [
        # Fri 21 Jan + 3 working days: Mon 24 Jan, then 25–28 Jan off, Mon 31 Jan, Tue 1 Feb.
        (D(2028, 1, 21), 3, DayUnit.WORKING, D(2028, 2, 1)),
        # Fri 29 Sep + 2 working days: Mon 2 and Tue 3 Oct off, so Wed 4 and Thu 5 Oct.
        (D(2028, 9, 29), 2, DayUnit.WORKING, D(2028, 10, 5)),
        # 30 calendar days from 2 Sep end on Mon 2 Oct, a day off: due on the next working
        # day (Civil Code Art. 203), Wed 4 Oct.
        (D(2028, 9, 2), 30, DayUnit.CALENDAR, D(2028, 10, 4)),
    ],
)
def test_statutory_holidays_of_a_year_without_notice_are_days_off(no_notice_year, start, count, unit, due):
    result = WorkCalendar().add(start, count, unit)
    assert result.date == due
    assert result.missing_years == (no_notice_year,)
    assert result.provisional
    assert result.estimated


def test_working_days_between_skips_the_statutory_holidays(no_notice_year):
    # Weekdays 24 Jan – 4 Feb 2028 are ten; four of them are the Spring Festival.
    assert WorkCalendar().working_days_between(D(2028, 1, 21), D(2028, 2, 4)) == 6


def test_no_substituted_day_is_guessed(no_notice_year):
    # New Year's Day 2028 is a Saturday and Dragon Boat a Sunday: whether a weekday is given
    # in lieu is for the notice to say, so Mon 3 Jan and Mon 29 May stay working days.
    calendar = WorkCalendar()
    assert not calendar.is_working_day(D(2028, 1, 25))
    assert calendar.is_working_day(D(2028, 1, 3))
    assert calendar.is_working_day(D(2028, 5, 29))


def test_statutory_days_are_those_of_the_law_only():
    # 2025, the first year under the 2024 amendment: 13 days. The notice's substituted days
    # (3–4 Feb, 5 May, 7–8 Oct) and the package's guessed 2 June are not among them.
    assert services.statutory_days_off(2025) == {
        D(2025, 1, 1),
        *(D(2025, 1, day) for day in (28, 29, 30, 31)),
        D(2025, 4, 4),
        D(2025, 5, 1),
        D(2025, 5, 2),
        D(2025, 5, 31),
        *(D(2025, 10, day) for day in (1, 2, 3)),
        D(2025, 10, 6),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("year", [2025, 2026])
def test_statutory_days_are_official_days_off_in_a_year_with_notice(year):
    calendar = WorkCalendar()
    assert calendar.is_known_year(year)
    statutory = services.statutory_days_off(year)
    assert len(statutory) == 13
    assert [day for day in sorted(statutory) if calendar.is_working_day(day)] == []


@pytest.mark.django_db
def test_a_year_with_notice_is_counted_from_the_notice_and_is_firm():
    # National Day 2026: 1–7 Oct off, Sat 10 Oct a working day.
    result = WorkCalendar().add(D(2026, 9, 28), 5)
    assert (result.date, result.missing_years, result.provisional) == (D(2026, 10, 10), (), False)


def test_a_notice_entered_by_staff_replaces_the_statutory_days(no_notice_year):
    # Once the year is entered, only its listed days count (here the Spring Festival is
    # left out on purpose), and the date is firm.
    year = CalendarYear.objects.create(year=no_notice_year, notice="test")
    CalendarDay.objects.create(calendar_year=year, date=D(2028, 1, 3), kind=CalendarDay.Kind.DAY_OFF)
    result = WorkCalendar().add(D(2027, 12, 31), 3)
    assert (result.date, result.provisional) == (D(2028, 1, 6), False)
