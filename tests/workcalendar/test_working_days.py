"""Working-day arithmetic on the official calendar (loaded from chinesecalendar)."""

import datetime as dt

import pytest
from django.core.management import call_command

from workcalendar.models import CalendarDay, CalendarYear
from workcalendar.services import DayUnit, WorkCalendar, add_working_days

D = dt.date


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # Spring Festival 2026: 15–23 Feb off, Sat 14 Feb and Sat 28 Feb are working days.
        (D(2026, 2, 13), 1, D(2026, 2, 14)),
        (D(2026, 2, 13), 2, D(2026, 2, 24)),
        (D(2026, 2, 12), 7, D(2026, 2, 28)),
        # National Day 2026: 1–7 Oct off, Sun 20 Sep and Sat 10 Oct are working days.
        (D(2026, 9, 18), 1, D(2026, 9, 20)),
        (D(2026, 9, 28), 5, D(2026, 10, 10)),
        (D(2026, 9, 30), 15, D(2026, 10, 27)),
        # An ordinary fortnight: weekends only.
        (D(2026, 11, 2), 15, D(2026, 11, 23)),
    ],
)
def test_add_working_days_across_official_holidays(start, days, due):
    result = add_working_days(start, days)
    assert result.date == due
    assert not result.estimated


@pytest.mark.django_db
def test_calendar_day_periods_ending_on_a_day_off_move_to_the_next_working_day():
    # 30 days after 5 Sep 2026 is 5 Oct, inside the National Day holiday: due on 8 Oct.
    assert WorkCalendar().add(D(2026, 9, 5), 30, DayUnit.CALENDAR).date == D(2026, 10, 8)
    assert WorkCalendar().add(D(2026, 10, 1), 30, DayUnit.CALENDAR).date == D(2026, 10, 31) + dt.timedelta(
        days=2
    )


@pytest.mark.django_db
def test_paused_days_do_not_count():
    paused = {D(2026, 11, 10), D(2026, 11, 11), D(2026, 11, 12)}
    plain = WorkCalendar().add(D(2026, 11, 2), 15).date
    moved = WorkCalendar().add(D(2026, 11, 2), 15, skip=paused.__contains__).date
    assert (plain, moved) == (D(2026, 11, 23), D(2026, 11, 26))


@pytest.mark.django_db
def test_year_without_data_counts_its_statutory_holidays_and_is_flagged():
    assert not CalendarYear.objects.filter(year=2027).exists()
    # New Year's Day 2027 is a Friday: a statutory day off even before the notice.
    result = add_working_days(D(2026, 12, 20), 15)
    assert result.date == D(2027, 1, 11)
    assert result.missing_years == (2027,)


@pytest.mark.django_db
def test_staff_entered_year_is_used():
    year = CalendarYear.objects.create(year=2027, notice="国办发明电〔2026〕1号")
    CalendarDay.objects.create(
        calendar_year=year, date=D(2027, 1, 1), kind=CalendarDay.Kind.DAY_OFF, name="元旦"
    )
    result = add_working_days(D(2026, 12, 30), 2)
    assert result.date == D(2027, 1, 4)
    assert not result.estimated


@pytest.mark.django_db
def test_load_calendar_keeps_years_entered_by_staff():
    CalendarYear.objects.filter(year=2026).update(source=CalendarYear.Source.STAFF)
    CalendarDay.objects.filter(date=D(2026, 10, 10)).delete()
    call_command("load_calendar", verbosity=0)
    assert not CalendarDay.objects.filter(date=D(2026, 10, 10)).exists()
    call_command("load_calendar", "--replace-staff", verbosity=0)
    assert CalendarDay.objects.get(date=D(2026, 10, 10)).kind == CalendarDay.Kind.WORKING_DAY


@pytest.mark.django_db
def test_due_date_command(capsys):
    call_command("due_date", "2026-09-28", "5")
    assert capsys.readouterr().out.strip() == "2026-10-10"
    call_command("due_date", "2026-12-20", "15")
    captured = capsys.readouterr()
    assert captured.out.strip() == "2027-01-11"
    assert "2027" in captured.err


@pytest.mark.django_db
@pytest.mark.parametrize("args", [("2026-13-01", "5"), ("tomorrow", "5"), ("2026-01-01", "-1")])
def test_due_date_command_refuses_bad_input(args):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("due_date", *args)
