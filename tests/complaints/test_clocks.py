"""Statutory clocks: one per step, frozen on the rule it started under, moved only by what the
law says does not count (waiting for the complainant) and by corrections of the calendar."""

import datetime as dt

import pytest
import time_machine

from complaints.choices import ComplaintType
from complaints.clocks import clocks_recalculate
from complaints.models import Clock, ClockRecount, DeadlineRule
from complaints.services import complaint_update
from tests.notifications.conftest import celery_app, private_redis, wait_for  # noqa: F401
from tests.notifications.conftest import worker as worker  # noqa: F401
from workcalendar.services import statutory_days_off

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
D = dt.date


def at(day, hour=10):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI)


def clocks(complaint):
    return {c.step: c for c in complaint.clocks.all()}


@pytest.mark.django_db
def test_each_step_has_its_clock_with_the_rule_it_started_under(make_complaint, drive):
    with time_machine.travel(at(D(2026, 11, 2)), tick=False):
        complaint = make_complaint(complaint_type=ComplaintType.OTHER, occurred_at=at(D(2026, 11, 1)))
        drive(complaint, "accept")
    found = clocks(complaint)
    assert sorted(found) == ["acceptance", "mediation", "reply"]
    acceptance, reply = found["acceptance"], found["reply"]
    assert (acceptance.state, acceptance.ended_by) == ("met", "accept")
    assert (reply.state, reply.days, reply.unit, reply.due) == (
        "running",
        15,
        "working",
        complaint.due.get("reply"),
    )
    assert reply.legal_basis == DeadlineRule.objects.get(kind="reply", complaint_type="").legal_basis


@pytest.mark.django_db
def test_a_rule_edited_after_acceptance_moves_no_running_clock_even_when_the_calendar_changes(
    make_complaint, drive
):
    with time_machine.travel(at(D(2026, 11, 2)), tick=False):
        first = make_complaint(complaint_type=ComplaintType.OTHER, occurred_at=at(D(2026, 11, 1)))
        drive(first, "accept")
    reply_due = first.due.get("reply")
    DeadlineRule.objects.filter(kind="reply", complaint_type="").update(days=20)
    assert clocks_recalculate(years=[2026]) == 0  # what every load_calendar asks for
    first.refresh_from_db()
    assert first.due.get("reply") == reply_due
    assert clocks(first)["reply"].days == 15
    with time_machine.travel(at(D(2026, 11, 2)), tick=False):
        second = make_complaint(complaint_type=ComplaintType.OTHER, occurred_at=at(D(2026, 11, 1)))
        drive(second, "accept")
    assert clocks(second)["reply"].days == 20
    assert second.due.get("reply") > reply_due


@pytest.mark.django_db
def test_a_pause_across_national_day_is_recorded_and_does_not_count(make_complaint, drive):
    with time_machine.travel(at(D(2026, 9, 28)), tick=False):
        complaint = make_complaint(complaint_type=ComplaintType.OTHER, occurred_at=at(D(2026, 9, 27)))
        drive(complaint, "accept", "start")
    assert complaint.due.get("reply") == D(2026, 10, 23)  # 15 working days, National Day off, 10 Oct worked
    with time_machine.travel(at(D(2026, 9, 29)), tick=False):
        drive(complaint, "request_information")
    assert {c.state for c in complaint.clocks.filter(step__in=["reply", "mediation"])} == {"paused"}
    with time_machine.travel(at(D(2026, 10, 9)), tick=False):
        drive(complaint, "resume")
    reply = clocks(complaint)["reply"]
    # 30 Sep, 8 Oct and 9 Oct were working days spent waiting for the complainant.
    assert (reply.state, reply.paused_days, reply.due) == ("running", 3, D(2026, 10, 28))
    assert complaint.due.get("reply") == complaint.next_due == D(2026, 10, 28)


@pytest.mark.django_db
def test_withdrawing_cancels_the_running_clocks(complaint_in):
    complaint = complaint_in("in_progress")
    complaint_in  # noqa: B018
    from complaints.actors import ComplainantActor
    from complaints.services import complaint_transition
    from tests.conftest import PARAMS  # noqa: F401

    complaint_transition(complaint=complaint, name="withdraw", actor=ComplainantActor(complaint.pk))
    assert {c.step: c.state for c in complaint.clocks.all()} == {
        "acceptance": "met",
        "reply": "cancelled",
        "mediation": "cancelled",
    }


@pytest.mark.django_db
def test_loading_the_calendar_twice_moves_nothing_the_second_time(
    make_complaint, drive, monkeypatch, recount_here
):
    from chinese_calendar import constants
    from django.core.management import call_command

    with time_machine.travel(at(D(2026, 12, 1)), tick=False):
        complaint = make_complaint(complaint_type=ComplaintType.OTHER, occurred_at=at(D(2026, 11, 30)))
        drive(complaint, "accept")
    assert complaint.due.get("reply") == D(2026, 12, 22)
    monkeypatch.setitem(constants.holidays, D(2026, 12, 10), "test")  # a correction of the library
    with recount_here(execute=True):
        call_command("load_calendar", verbosity=0)
    complaint.refresh_from_db()
    assert complaint.due.get("reply") == D(2026, 12, 23)
    recounts = ClockRecount.objects.count()
    with recount_here(execute=True):
        call_command("load_calendar", verbosity=0)
    complaint.refresh_from_db()
    assert complaint.due.get("reply") == D(2026, 12, 23) and ClockRecount.objects.count() == recounts
    assert len(clocks(complaint)["reply"].moves) == 1


@pytest.mark.django_db(transaction=True)
def test_a_day_off_added_to_a_year_without_data_moves_only_the_clocks_it_reaches_in_the_worker(
    worker,
    make_complaint,
    drive,
    client,
    carol,  # noqa: F811
):
    from workcalendar.models import CalendarYear

    CalendarYear.objects.filter(year=2028).delete()
    with time_machine.travel(at(D(2028, 3, 1)), tick=True):
        early = make_complaint(complaint_type=ComplaintType.OTHER, occurred_at=at(D(2028, 2, 29)))
        later = make_complaint(complaint_type=ComplaintType.OTHER, occurred_at=at(D(2028, 2, 29)))
        drive(early, "accept")
    with time_machine.travel(at(D(2028, 3, 20)), tick=True):
        drive(later, "accept")
    # early's reply runs 1–22 Mar; later's from 21 Mar to mid-April. A bridge day on 31 Mar
    # is inside later's window only.
    early_due, later_due = early.due.get("reply"), later.due.get("reply")
    assert clocks(later)["reply"].provisional and early_due < D(2028, 3, 31) < later_due
    client.force_login(carol)
    # The State Council's notice: the statutory days already counted, and one bridge day more.
    days = [*sorted(statutory_days_off(2028)), D(2028, 3, 31)]
    form = {"year": "2028", "source": "staff", "notice": "test", "days-INITIAL_FORMS": "0"}
    form["days-TOTAL_FORMS"] = str(len(days))
    for n, day in enumerate(days):
        form.update({f"days-{n}-date": day.isoformat(), f"days-{n}-kind": "off", f"days-{n}-name": "假日"})
    response = client.post("/admin/workcalendar/calendaryear/add/", form)
    assert response.status_code == 302
    assert wait_for(lambda: ClockRecount.objects.filter(years="2028", finished_at__isnull=False).exists())
    # Moved: the clocks whose window holds 31 March (later's reply, both mediations), by one
    # working day; early's reply ended before it and the met acceptance clocks stay as they were.
    assert ClockRecount.objects.get(years="2028").moved == 3
    early.refresh_from_db()
    later.refresh_from_db()
    assert early.due.get("reply") == early_due and not clocks(early)["reply"].moves
    assert later.due.get("reply") == D(2028, 4, 12) and later_due == D(2028, 4, 11)
    moved = clocks(later)["reply"]
    assert (moved.moves[-1]["from"], moved.moves[-1]["to"]) == ("2028-04-11", "2028-04-12")
    assert not moved.provisional and not later.calendar_missing
    assert all(not clock.moves for clock in Clock.objects.filter(step="acceptance"))


@pytest.mark.django_db
def test_staff_see_the_clocks_and_are_told_rule_edits_apply_ahead(client, carol, complaint_in):
    complaint = complaint_in("in_progress")
    client.force_login(carol)
    with translation_en():
        page = client.get(f"/en/admin/complaints/complaint/{complaint.pk}/change/").content.decode()
        rules = client.get("/en/admin/complaints/deadlinerule/").content.decode()
        recounts = client.get("/en/admin/complaints/clockrecount/")
    assert "Statutory clocks" in page and "30 calendar days" in page  # telecom: reply in 30 days
    assert "clocks already running keep the rule they started under" in rules
    assert recounts.status_code == 200


def translation_en():
    from django.utils import translation

    return translation.override("en")


@pytest.mark.django_db
def test_retyping_keeps_the_days_waited_and_a_running_pause(make_complaint, drive):
    from complaints.models import Complaint

    with time_machine.travel(at(D(2026, 11, 2)), tick=False):
        complaint = make_complaint(complaint_type=ComplaintType.OTHER, occurred_at=at(D(2026, 11, 1)))
        drive(complaint, "accept", "start", "request_information")
    with time_machine.travel(at(D(2026, 11, 10)), tick=False):
        drive(complaint, "resume")
    assert complaint.due.get("reply") == D(2026, 12, 1)  # 23 Nov plus the six working days waited (3–10 Nov)
    with time_machine.travel(at(D(2026, 11, 11)), tick=False):
        drive(complaint, "request_information")
        retyped = Complaint.objects.get(pk=complaint.pk)
        retyped.complaint_type = ComplaintType.PHONE_ROBOT  # the same general rules
        complaint_update(complaint=retyped, changed=["complaint_type"])
    reply = retyped.clocks.get(step="reply", state__in=Clock.LIVE)
    assert (reply.state, reply.due, reply.paused_days) == ("paused", D(2026, 12, 1), 6)
    with time_machine.travel(at(D(2026, 11, 13)), tick=False):
        drive(Complaint.objects.get(pk=complaint.pk), "resume")
    reply.refresh_from_db()
    assert (reply.state, reply.due, reply.paused_days) == ("running", D(2026, 12, 3), 8)  # 12–13 Nov too


@pytest.mark.django_db
def test_a_recount_never_writes_a_clock_a_transition_has_just_ended(make_complaint, drive):
    from complaints.clocks import clock_move
    from workcalendar.services import WorkCalendar

    with time_machine.travel(at(D(2026, 11, 2)), tick=False):
        complaint = make_complaint(complaint_type=ComplaintType.OTHER, occurred_at=at(D(2026, 11, 1)))
    acceptance = complaint.clocks.get(step="acceptance")  # read by a recount...
    with time_machine.travel(at(D(2026, 11, 3)), tick=False):
        drive(complaint, "accept")  # ...while the step is taken
    assert clock_move(clock_id=acceptance.pk, calendar=WorkCalendar(), why="test", extend_by=3) is False
    acceptance.refresh_from_db()
    assert (acceptance.state, acceptance.extended_days, acceptance.moves) == ("met", 0, [])
