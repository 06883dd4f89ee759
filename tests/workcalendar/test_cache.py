"""Each year's official days come from the shared cache; a change through the admin, through
load_calendar or in code is seen by the next WorkCalendar, and a rolled-back one is not."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction

from workcalendar.models import CalendarDay, CalendarYear
from workcalendar.services import CALENDAR, WorkCalendar

D = dt.date
WORKING_SATURDAY = D(2026, 10, 10)  # 调休 for National Day 2026
NO_DATA_YEAR = 2030  # beyond the package's years: statutory holidays only


@pytest.fixture
def shared_cache(settings):
    """The default cache as in production, where a read is no SQL query (here in this process)."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "calendar-test"},
    }
    cache.clear()
    yield cache
    cache.clear()


def working_saturday():
    return WorkCalendar().is_working_day(WORKING_SATURDAY)


def year_change(year, delete=()):
    """The admin's change form of ``year`` as it stands, with the days in ``delete`` ticked."""
    days = list(year.days.order_by("date"))
    data = {"year": str(year.year), "source": year.source, "notice": year.notice, "_save": "Save"}
    data.update({"days-TOTAL_FORMS": str(len(days)), "days-INITIAL_FORMS": str(len(days))})
    for i, day in enumerate(days):
        fields = {
            "id": day.pk,
            "calendar_year": year.pk,
            "date": day.date,
            "kind": day.kind,
            "name": day.name,
        }
        data.update({f"days-{i}-{name}": str(value) for name, value in fields.items()})
        if day.date in delete:
            data[f"days-{i}-DELETE"] = "on"
    return data


@pytest.fixture
def superuser_client(client):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.com", "pw"))
    return client


@pytest.mark.django_db
def test_a_second_calendar_makes_no_query(shared_cache, django_assert_num_queries):
    assert WorkCalendar().add(D(2026, 9, 28), 5).date == WORKING_SATURDAY
    with django_assert_num_queries(0):
        calendar = WorkCalendar()
        assert calendar.add(D(2026, 9, 28), 5).date == WORKING_SATURDAY
        assert calendar.is_known_year(2026)
        assert calendar.before(D(2026, 10, 12), 2) == D(2026, 10, 9)
        assert calendar.working_days_between(D(2026, 9, 30), D(2026, 10, 10)) == 3  # 8, 9, 10 Oct


@pytest.mark.django_db
def test_a_year_without_data_is_kept_too_with_its_statutory_holidays(shared_cache, django_assert_num_queries):
    assert not WorkCalendar().is_known_year(NO_DATA_YEAR)
    with django_assert_num_queries(0):
        calendar = WorkCalendar()
        assert not calendar.is_known_year(NO_DATA_YEAR)
        assert not calendar.is_working_day(D(NO_DATA_YEAR, 10, 1))
        assert calendar.add(D(NO_DATA_YEAR, 9, 27), 1).missing_years == (NO_DATA_YEAR,)


@pytest.mark.django_db(transaction=True)
def test_a_day_deleted_in_the_admin_is_seen_by_the_next_calendar(
    reference_data, shared_cache, superuser_client
):
    assert working_saturday()
    year = CalendarYear.objects.get(year=2026)
    response = superuser_client.post(
        f"/admin/workcalendar/calendaryear/{year.pk}/change/", year_change(year, delete={WORKING_SATURDAY})
    )
    assert response.status_code == 302
    assert not CalendarDay.objects.filter(date=WORKING_SATURDAY).exists()
    assert not working_saturday()


@pytest.mark.django_db(transaction=True)
def test_a_year_deleted_in_the_admin_is_seen_by_the_next_calendar(
    reference_data, shared_cache, superuser_client
):
    assert WorkCalendar().is_known_year(2026)
    year = CalendarYear.objects.get(year=2026)
    response = superuser_client.post(f"/admin/workcalendar/calendaryear/{year.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not WorkCalendar().is_known_year(2026)
    assert not working_saturday()


@pytest.mark.django_db(transaction=True)
def test_a_day_restored_by_load_calendar_is_seen_by_the_next_calendar(reference_data, shared_cache):
    CalendarDay.objects.filter(date=WORKING_SATURDAY).update(kind=CalendarDay.Kind.DAY_OFF)  # no signal
    assert not working_saturday()  # kept as it is now
    generation = cache.get(CALENDAR.key)
    call_command("load_calendar", verbosity=0)
    assert cache.get(CALENDAR.key) != generation
    assert working_saturday()


@pytest.mark.django_db(transaction=True)
def test_a_year_entered_in_code_is_seen_and_a_rolled_back_one_is_not(reference_data, shared_cache):
    assert not WorkCalendar().is_known_year(NO_DATA_YEAR)
    with pytest.raises(RuntimeError), transaction.atomic():
        CalendarYear.objects.create(year=NO_DATA_YEAR)
        assert WorkCalendar().is_known_year(NO_DATA_YEAR)  # this transaction reads its own change
        raise RuntimeError
    assert not WorkCalendar().is_known_year(NO_DATA_YEAR)
    CalendarYear.objects.create(year=NO_DATA_YEAR)
    assert WorkCalendar().is_known_year(NO_DATA_YEAR)
