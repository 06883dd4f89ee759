"""Due dates stored on complaints, from the deadline rules."""

import datetime as dt

import pytest
import time_machine
from django.core import checks

from complaints.choices import ComplaintType
from complaints.models import DeadlineRule
from complaints.services import complaint_update

# Asia/Shanghai as a fixed offset: a ZoneInfo destination would change the process time zone.
SHANGHAI = dt.timezone(dt.timedelta(hours=8))
D = dt.date


def at(day, hour=10):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI)


@pytest.mark.django_db
def test_acceptance_due_across_spring_festival(make_complaint):
    with time_machine.travel(at(D(2026, 2, 12)), tick=False):
        complaint = make_complaint(occurred_at=at(D(2026, 2, 10)), complaint_type=ComplaintType.OTHER)
    assert complaint.due.get("acceptance") == D(2026, 2, 28)  # 7 working days, two adjusted Saturdays
    assert complaint.next_due == D(2026, 2, 28)


@pytest.mark.django_db
def test_telecom_rules_override_the_general_ones(make_complaint, drive):
    with time_machine.travel(at(D(2026, 9, 4)), tick=False):
        complaint = make_complaint(occurred_at=at(D(2026, 9, 1)))
        assert complaint.due.get("acceptance") == D(2026, 9, 11)  # 5 working days
    with time_machine.travel(at(D(2026, 9, 5)), tick=False):
        drive(complaint, "accept")
    # 30 calendar days after 5 Sep ends on 5 Oct, a holiday: the next working day.
    assert complaint.due.get("reply") == D(2026, 10, 8)
    assert complaint.next_due == D(2026, 10, 8)


@pytest.mark.django_db
def test_reply_due_across_national_day_and_a_pause(make_complaint, drive):
    with time_machine.travel(at(D(2026, 9, 29)), tick=False):
        complaint = make_complaint(complaint_type=ComplaintType.OTHER, occurred_at=at(D(2026, 9, 20)))
        drive(complaint, "accept", "start")
    assert complaint.due.get("reply") == D(2026, 10, 26)  # 15 working days; 1–7 Oct off, Sat 10 Oct on
    with time_machine.travel(at(D(2026, 10, 12)), tick=False):
        drive(complaint, "request_information")
        assert complaint.next_due is None  # the clock is stopped
    with time_machine.travel(at(D(2026, 10, 15)), tick=False):
        drive(complaint, "resume")
    # Paused 13–15 Oct (three working days): the reply is due three working days later.
    assert complaint.due.get("reply") == D(2026, 10, 29)
    assert complaint.next_due == D(2026, 10, 29)


@pytest.mark.django_db
def test_due_date_in_a_year_without_calendar_is_flagged_and_checked(make_complaint, drive):
    with time_machine.travel(at(D(2026, 12, 18)), tick=False):
        complaint = make_complaint(complaint_type=ComplaintType.OTHER, occurred_at=at(D(2026, 12, 17)))
        drive(complaint, "accept")
        assert complaint.due.get("reply") == D(2027, 1, 11)  # New Year's Day is a statutory day off
        assert complaint.calendar_missing == "2027"
        warnings = [m for m in checks.run_checks() if m.id == "complaints.W001"]
    assert [w.msg for w in warnings] == [
        "No official calendar for 2027: due dates in 2027 skip weekends and the statutory "
        "holidays only; they are provisional until the year's arrangement (调休) is entered."
    ]


@pytest.mark.django_db
def test_changing_a_rule_applies_to_new_complaints(make_complaint):
    DeadlineRule.objects.filter(kind="acceptance", complaint_type="").update(days=3)
    with time_machine.travel(at(D(2026, 11, 2)), tick=False):
        complaint = make_complaint(complaint_type=ComplaintType.OTHER, occurred_at=at(D(2026, 11, 1)))
    assert complaint.due.get("acceptance") == D(2026, 11, 5)


@pytest.mark.django_db
def test_overdue_and_due_soon_querysets(make_complaint):
    from complaints.models import Complaint

    with time_machine.travel(at(D(2026, 11, 2)), tick=False):
        late = make_complaint(complaint_type=ComplaintType.OTHER, occurred_at=at(D(2026, 11, 1)))
    with time_machine.travel(at(D(2026, 11, 20)), tick=False):
        soon = make_complaint(complaint_type=ComplaintType.OTHER, occurred_at=at(D(2026, 11, 19)))
    with time_machine.travel(at(D(2026, 11, 26)), tick=False):
        assert list(Complaint.objects.overdue()) == [late]  # due 11 Nov
        assert list(Complaint.objects.due_within(3)) == [soon]  # due 1 Dec


@pytest.mark.django_db
def test_entering_the_missing_year_in_the_admin_fixes_flagged_due_dates(
    client, make_complaint, drive, carol, recount_here
):
    with time_machine.travel(at(D(2026, 12, 18)), tick=False):
        complaint = make_complaint(complaint_type=ComplaintType.OTHER, occurred_at=at(D(2026, 12, 17)))
        drive(complaint, "accept")
    assert (complaint.due.get("reply"), complaint.calendar_missing) == (D(2027, 1, 11), "2027")
    client.force_login(carol)
    with recount_here(execute=True):
        response = client.post(
            "/admin/workcalendar/calendaryear/add/",
            {
                "year": "2027",
                "source": "staff",
                "notice": "国办发明电〔2026〕1号",
                "days-TOTAL_FORMS": "2",
                "days-INITIAL_FORMS": "0",
                "days-0-date": "2027-01-01",
                "days-0-kind": "off",
                "days-0-name": "元旦",
                "days-1-date": "2027-01-04",
                "days-1-kind": "off",
                "days-1-name": "元旦（调休）",
            },
        )
    assert response.status_code == 302
    complaint.refresh_from_db()
    # The notice's bridge day moves the provisional date; the flag goes.
    assert (complaint.due.get("reply"), complaint.calendar_missing) == (D(2027, 1, 12), "")


@pytest.mark.django_db
def test_changing_the_type_recomputes_the_deadlines(make_complaint):
    with time_machine.travel(at(D(2026, 11, 2)), tick=False):
        complaint = make_complaint(complaint_type=ComplaintType.OTHER, occurred_at=at(D(2026, 11, 1)))
    assert complaint.due.get("acceptance") == D(2026, 11, 11)  # 7 working days
    from complaints.models import Complaint

    complaint = Complaint.objects.get(pk=complaint.pk)
    complaint.complaint_type = ComplaintType.TELECOM
    complaint_update(complaint=complaint, changed=["complaint_type"])
    retyped = Complaint.objects.get(pk=complaint.pk)
    assert retyped.due.get("acceptance") == D(2026, 11, 9)  # telecom: 5 working days


@pytest.mark.django_db
def test_a_rule_change_does_not_move_a_running_deadline(make_complaint, drive):
    with time_machine.travel(at(D(2026, 11, 2)), tick=False):
        complaint = make_complaint(complaint_type=ComplaintType.OTHER, occurred_at=at(D(2026, 11, 1)))
        drive(complaint, "accept", "start")
    reply_due = complaint.due.get("reply")
    DeadlineRule.objects.filter(kind="reply", complaint_type="").update(days=30)
    with time_machine.travel(at(D(2026, 11, 4)), tick=False):
        drive(complaint, "resolve")
    assert complaint.due.get("reply") == reply_due


@pytest.mark.django_db
def test_calendar_change_reaches_resolved_complaints_and_deadlines_ending_next_year(
    client, make_complaint, drive, carol, recount_here
):
    from workcalendar.models import CalendarYear

    with time_machine.travel(at(D(2026, 12, 16)), tick=False):
        running = make_complaint(complaint_type=ComplaintType.OTHER, occurred_at=at(D(2026, 12, 15)))
        resolved = make_complaint(complaint_type=ComplaintType.OTHER, occurred_at=at(D(2026, 12, 15)))
        drive(running, "accept")
        drive(resolved, "accept", "start")
    with time_machine.travel(at(D(2026, 12, 16)), tick=False):
        drive(resolved, "resolve")
    before = (running.due.get("reply"), resolved.appeal_deadline)
    year = CalendarYear.objects.get(year=2026)
    client.force_login(carol)
    form = {
        "year": "2026",
        "source": "staff",
        "notice": "",
        "days-TOTAL_FORMS": "4",
        "days-INITIAL_FORMS": "0",
    }
    for n, day in enumerate((28, 29, 30, 31)):  # days off added to the year in the admin
        form.update({f"days-{n}-date": f"2026-12-{day}", f"days-{n}-kind": "off", f"days-{n}-name": "test"})
    with recount_here(execute=True):
        response = client.post(f"/admin/workcalendar/calendaryear/{year.pk}/change/", form)
    assert response.status_code == 302
    running.refresh_from_db()
    resolved.refresh_from_db()
    assert running.due.get("reply") > before[0]
    assert resolved.appeal_deadline > before[1]


@pytest.mark.django_db
def test_load_calendar_fixes_flagged_due_dates(make_complaint, drive, monkeypatch, recount_here):
    from django.core.management import call_command

    with time_machine.travel(at(D(2026, 12, 18)), tick=False):
        complaint = make_complaint(complaint_type=ComplaintType.OTHER, occurred_at=at(D(2026, 12, 17)))
        drive(complaint, "accept")
    assert complaint.calendar_missing == "2027"
    from chinese_calendar import constants

    monkeypatch.setitem(constants.holidays, D(2027, 1, 1), "New Year's Day")
    monkeypatch.setitem(constants.holidays, D(2027, 1, 4), "New Year's Day")
    with (
        time_machine.travel(at(D(2026, 12, 18)), tick=False),
        recount_here(execute=True),
    ):
        call_command("load_calendar", verbosity=0)
    complaint.refresh_from_db()
    assert (complaint.due.get("reply"), complaint.calendar_missing) == (D(2027, 1, 12), "")
