"""Staff entering an official calendar year in the admin: days that would change legal due
dates wrongly are refused with a message on the day, and nothing of the year is saved."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from complaints.choices import ComplaintType
from workcalendar.models import CalendarDay, CalendarYear

D = dt.date
CST = dt.timezone(dt.timedelta(hours=8))
ADD_URL = "/admin/workcalendar/calendaryear/add/"


def year_form(year, *days):
    data = {"year": str(year), "source": "staff", "notice": "国办发明电〔2027〕1号"}
    data.update({"days-TOTAL_FORMS": str(len(days)), "days-INITIAL_FORMS": "0"})
    for i, (date, kind) in enumerate(days):
        data.update({f"days-{i}-date": date, f"days-{i}-kind": kind, f"days-{i}-name": "测试"})
    return data


def day_errors(response):
    return [
        str(e)
        for form in response.context["inline_admin_formsets"][0].formset.forms
        for e in form.errors.get("date", [])
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("date", "kind", "says"),
    [
        ("2028-03-01", "work", "星期三"),  # a Wednesday cannot be a working weekend day
        ("2029-01-01", "off", "2028"),  # a day of 2029 filed under 2028
    ],
)
def test_adding_a_year_refuses_days_that_would_move_due_dates(client, carol, date, kind, says):
    client.force_login(carol)
    response = client.post(ADD_URL, year_form(2028, ("2028-01-01", "off"), (date, kind)))
    assert response.status_code == 200
    errors = day_errors(response)
    assert len(errors) == 1 and says in errors[0]
    assert not CalendarYear.objects.filter(year=2028).exists()
    assert not CalendarDay.objects.filter(date__year__in=[2028, 2029]).exists()


@pytest.mark.django_db
def test_changing_a_year_refuses_a_weekday_as_working_weekend_day(client, carol):
    year = CalendarYear.objects.create(year=2028)
    client.force_login(carol)
    data = year_form(2028, ("2028-03-01", "work"))
    response = client.post(f"/admin/workcalendar/calendaryear/{year.pk}/change/", data)
    assert response.status_code == 200 and len(day_errors(response)) == 1
    assert not year.days.exists()


@pytest.mark.django_db
def test_a_saturday_working_day_in_its_year_is_saved(client, carol):
    client.force_login(carol)
    response = client.post(ADD_URL, year_form(2028, ("2028-03-04", "work"), ("2028-01-03", "off")))
    assert response.status_code == 302
    assert CalendarDay.objects.get(date=D(2028, 3, 4)).kind == "work"


@pytest.mark.django_db
def test_the_rule_holds_outside_the_admin():
    year = CalendarYear.objects.create(year=2028)
    with pytest.raises(ValidationError) as error:
        CalendarDay(calendar_year=year, date=D(2028, 3, 1), kind="work").full_clean()
    assert "date" in error.value.message_dict
    with pytest.raises(ValidationError):
        CalendarYear(year=1).full_clean()


@pytest.mark.django_db
def test_years_running_deadlines_reach_without_data_are_shown(client, carol, make_complaint, drive):
    with time_machine.travel(dt.datetime(2026, 12, 18, 10, tzinfo=CST), tick=False):
        complaint = make_complaint(
            complaint_type=ComplaintType.OTHER, occurred_at=dt.datetime(2026, 12, 17, tzinfo=CST)
        )
        drive(complaint, "accept")  # the reply is due on 8 January 2027
        client.force_login(carol)
        for url in (reverse("admin:index"), reverse("admin:workcalendar_calendaryear_changelist")):
            page = client.get(url).content.decode()
            assert "missing-calendar-years" in page
            assert "2027" in page[page.index("missing-calendar-years") :][:600]
        CalendarYear.objects.create(year=2027)
        page = client.get(reverse("admin:index")).content.decode()
        assert "missing-calendar-years" not in page
