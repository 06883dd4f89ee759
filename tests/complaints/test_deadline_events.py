"""Warnings before a due date, the breach and the second level after it: each sent once, on its
day of the official calendar, to the people it is for, and recorded with whom it told."""

import datetime as dt
import threading

import pytest
import time_machine
from django.db import connection
from django.utils import timezone, translation

from complaints import tasks
from complaints.choices import ComplaintType
from complaints.deadlines import breach_report, deadlines_sweep
from complaints.models import ClockEvent, Complaint, DeadlineRule
from complaints.services import complaint_update
from complaints.signals import deadlines_reached
from notifications.models import Notice
from tests.notifications.conftest import celery_app, private_redis, wait_for  # noqa: F401
from tests.notifications.conftest import worker as worker  # noqa: F401

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
D = dt.date


def at(day, hour=10):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI)


def _emails(*users):
    for user in users:
        user.email = f"{user.username}@example.com"
        user.save()


def _sent(clock):
    return {e.kind: timezone.localdate(e.fired_at) for e in clock.events.exclude(fired_at=None)}


@pytest.mark.django_db
def test_each_warning_once_on_its_day_across_national_day(make_complaint, drive, bob, carol, diana):
    _emails(bob, carol, diana)
    with time_machine.travel(at(D(2026, 9, 10)), tick=False):
        complaint = make_complaint(
            complaint_type=ComplaintType.OTHER, occurred_at=at(D(2026, 9, 9)), contact_preference="sms"
        )
        drive(complaint, "accept", "start")
    reply = complaint.clocks.get(step="reply")
    # 15 working days: Sun 20 Sep works, Fri 25 Sep (Mid-Autumn) and 1–7 Oct are off.
    assert reply.due == D(2026, 10, 8)
    days = [D(2026, 9, d) for d in (18, 21, 22, 25, 28, 29, 30)]
    days += [D(2026, 10, d) for d in (1, 5, 8, 9, 10, 12, 13, 14)]
    for day in days:
        for hour in (9, 15):  # the sweep runs every hour; twice a day shows nothing is sent twice
            with time_machine.travel(at(day, hour), tick=False):
                deadlines_sweep()
    assert _sent(reply) == {
        "used:50": D(2026, 9, 21),  # the 8th of 15 working days
        "used:80": D(2026, 9, 28),  # the 12th
        "due_soon": D(2026, 9, 28),  # 3 working days left: 29, 30 Sep and 8 Oct
        "breach": D(2026, 10, 9),
        "escalation": D(2026, 10, 13),  # 3 working days overdue: 9, 10 (a working Saturday), 12 Oct
    }
    told = dict(reply.events.values_list("kind", "told"))
    assert told["used:50"] == told["due_soon"] == ["bob@example.com"]
    assert sorted(told["breach"]) == sorted(["carol@example.com", str(complaint.complainant_phone)])
    assert told["escalation"] == ["diana@example.com"]
    # One letter per person per sweep that had something for them, listing every warning.
    letter = Notice.objects.get(event="due_soon", created_at__date=D(2026, 9, 28))
    assert letter.recipient == "bob@example.com" and letter.body.count(complaint.number) == 2
    assert Notice.objects.filter(event="escalation").count() == 1
    assert Notice.objects.filter(event="deadline_passed").count() == 1
    assert Notice.objects.get(event="supervision").recipient == "diana@example.com"


@pytest.mark.django_db
def test_a_pause_holds_the_warnings_and_a_rule_sets_them(make_complaint, drive, bob):
    DeadlineRule.objects.filter(kind="reply", complaint_type="").update(
        warn_at_percent="", warn_days_before=1
    )
    with time_machine.travel(at(D(2026, 11, 2)), tick=False):
        complaint = make_complaint(complaint_type=ComplaintType.OTHER, occurred_at=at(D(2026, 11, 1)))
        drive(complaint, "accept", "start", "request_information")
    reply = complaint.clocks.get(step="reply")
    assert set(reply.events.values_list("kind", flat=True)) == {"due_soon", "breach", "escalation"}
    with time_machine.travel(at(D(2026, 11, 30)), tick=False):  # past the first due date, paused
        assert deadlines_sweep() == {"breached": 0}
    with time_machine.travel(at(D(2026, 12, 1)), tick=False):
        drive(complaint, "resume")
    reply.refresh_from_db()
    assert reply.due == D(2026, 12, 22)  # 23 Nov plus the 21 working days waited
    assert reply.events.get(kind="due_soon").due_on == D(2026, 12, 21)


@pytest.mark.django_db
def test_the_breach_report_counts_by_handler_type_company_and_month(make_complaint, drive, bob, carol):
    with time_machine.travel(at(D(2026, 11, 2)), tick=False):
        late = make_complaint(complaint_type=ComplaintType.OTHER, occurred_at=at(D(2026, 11, 1)))
        kept = make_complaint(complaint_type=ComplaintType.OTHER, occurred_at=at(D(2026, 11, 1)))
        late.assignee = bob
        late.save()
    with time_machine.travel(at(D(2026, 11, 6)), tick=False):
        drive(kept, "accept")
    with time_machine.travel(at(D(2026, 11, 12)), tick=False):
        deadlines_sweep()
    with time_machine.travel(at(D(2026, 12, 1)), tick=False):
        report = breach_report(D(2026, 11, 1), D(2026, 11, 30))
    assert report["total"] == 1
    assert [(r["handler__username"], r["n"]) for r in report["by_handler"]] == [("bob", 1)]
    assert [(r["complaint_type"], r["n"]) for r in report["by_type"]] == [("other", 1)]
    assert [(r["company__name"], r["n"]) for r in report["by_company"]] == [(late.company.name, 1)]
    assert [(timezone.localdate(r["month"]).month, r["n"]) for r in report["by_month"]] == [(11, 1)]


def _waiting_on_a_lock():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks between two sessions")
def test_two_sweeps_at_once_tell_each_warning_once(worker, make_complaint, drive, bob, carol, monkeypatch):
    _emails(bob, carol)
    with time_machine.travel(at(D(2026, 11, 2)), tick=False):
        complaint = make_complaint(complaint_type=ComplaintType.OTHER, occurred_at=at(D(2026, 11, 1)))
        complaint.assignee = bob
        complaint.save()
    holding, release, finished = threading.Event(), threading.Event(), threading.Event()
    second = {}

    def hold(sender, events, **kwargs):  # the first sweep has claimed, and waits before committing
        if threading.current_thread().name == "first":
            holding.set()
            release.wait(20)

    def sweep_in_worker():
        try:
            second.update(deadlines_sweep())
            return second
        finally:
            finished.set()

    deadlines_reached.connect(hold, dispatch_uid="test-hold")
    monkeypatch.setattr(tasks, "deadlines_sweep", sweep_in_worker)
    try:
        with time_machine.travel(at(D(2026, 11, 12)), tick=True):
            first = threading.Thread(target=deadlines_sweep, name="first")
            first.start()
            assert holding.wait(20)
            tasks.deadline_sweep.delay()  # the hourly task, in the real worker, at the same moment
            assert wait_for(lambda: _waiting_on_a_lock() > 0)
            release.set()
            first.join(20)
            assert finished.wait(20)
    finally:
        deadlines_reached.disconnect(dispatch_uid="test-hold")
    assert second == {"breached": 0}  # it waited for the first, then found everything taken
    acceptance = complaint.clocks.get(step="acceptance")
    fired = list(acceptance.events.exclude(fired_at=None).values_list("kind", "told"))
    assert sorted(fired) == [
        ("breach", sorted(["carol@example.com", str(complaint.complainant_phone)])),
        ("due_soon", ["bob@example.com"]),
        ("used:50", ["bob@example.com"]),
        ("used:80", ["bob@example.com"]),
    ]
    assert Notice.objects.filter(event="due_soon").count() == 1
    assert Notice.objects.filter(event="escalation").count() == 1
    assert ClockEvent.objects.filter(fired_at=None, kind="breach").count() == 0


@pytest.mark.django_db
def test_staff_see_what_was_sent_on_the_complaint_and_in_the_event_list(client, make_complaint, bob, carol):
    _emails(bob, carol)
    with time_machine.travel(at(D(2026, 11, 2)), tick=False):
        complaint = make_complaint(complaint_type=ComplaintType.OTHER, occurred_at=at(D(2026, 11, 1)))
    with time_machine.travel(at(D(2026, 11, 12)), tick=False):
        deadlines_sweep()
    client.force_login(carol)
    with translation.override("en"):
        page = client.get(f"/en/admin/complaints/complaint/{complaint.pk}/change/").content.decode()
        events = client.get("/en/admin/complaints/clockevent/?kind=breach").content.decode()
    assert "Warnings sent" in page and "breached" in page and "carol@example.com" in page
    assert complaint.number in events and "carol@example.com" in events


@pytest.mark.django_db
def test_a_retype_sends_no_warning_twice_and_a_taken_step_leaves_nothing_pending(make_complaint, drive, bob):
    _emails(bob)
    with time_machine.travel(at(D(2026, 11, 2)), tick=False):
        complaint = make_complaint(complaint_type=ComplaintType.OTHER, occurred_at=at(D(2026, 11, 1)))
        drive(complaint, "accept", "start")
    with time_machine.travel(at(D(2026, 11, 13)), tick=False):  # 9 of 15 working days: past half
        deadlines_sweep()
        complaint = Complaint.objects.get(pk=complaint.pk)
        complaint.complaint_type = ComplaintType.PHONE_ROBOT  # the same general rules
        complaint_update(complaint=complaint, changed=["complaint_type"])
        deadlines_sweep()
    assert Notice.objects.filter(event="due_soon").count() == 1
    with time_machine.travel(at(D(2026, 11, 16)), tick=False):
        drive(complaint, "resolve")
    ended = ClockEvent.objects.filter(clock__complaint=complaint).exclude(clock__ended_at=None)
    assert not ended.filter(fired_at=None).exists()  # what an ended clock had not sent is gone
    assert ended.filter(kind="used:50").count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks between two sessions")
def test_an_extension_approved_while_a_sweep_sends_waits_for_it_and_moves_the_rest(
    reference_data, reply_clock, bob, carol
):
    from complaints.extensions import extension_decide, extension_request

    _emails(bob, carol)
    reply = reply_clock
    extension = extension_request(clock=reply, days=5, reason="需调取企业通话录音。", by=bob)
    holding, release = threading.Event(), threading.Event()
    failures = []

    def hold(sender, events, **kwargs):
        holding.set()
        release.wait(20)

    def sweep():
        try:
            deadlines_sweep()
        except Exception as exc:  # noqa: BLE001 (reported below)
            failures.append(exc)

    def approve():
        try:
            extension_decide(extension=extension, approve=True, by=carol)
        except Exception as exc:  # noqa: BLE001 (reported below)
            failures.append(exc)

    deadlines_reached.connect(hold, dispatch_uid="test-hold-extension")
    try:
        with time_machine.travel(at(D(2026, 11, 13)), tick=True):  # half the reply's time used
            first, second = threading.Thread(target=sweep), threading.Thread(target=approve)
            first.start()
            assert holding.wait(20)
            second.start()
            assert wait_for(lambda: _waiting_on_a_lock() > 0)
            release.set()
            first.join(20)
            second.join(20)
    finally:
        deadlines_reached.disconnect(dispatch_uid="test-hold-extension")
    assert failures == []
    reply.refresh_from_db()
    assert reply.due == D(2026, 11, 30)  # 23 Nov and five working days more
    assert list(reply.events.filter(kind="used:50").values_list("told", flat=True)) == [["bob@example.com"]]
    assert reply.events.get(kind="due_soon").due_on == D(2026, 11, 25)


@pytest.mark.django_db
def test_entering_the_year_clears_the_provisional_flag_of_a_breached_clock_still_owed(make_complaint, drive):
    from complaints.clocks import clocks_recalculate
    from workcalendar.models import CalendarDay, CalendarYear
    from workcalendar.services import statutory_days_off

    CalendarYear.objects.filter(year=2027).delete()
    with time_machine.travel(at(D(2026, 12, 18)), tick=False):
        complaint = make_complaint(complaint_type=ComplaintType.OTHER, occurred_at=at(D(2026, 12, 17)))
        drive(complaint, "accept")
    with time_machine.travel(at(D(2027, 1, 13)), tick=False):
        deadlines_sweep()
        reply = complaint.clocks.get(step="reply")
        assert (reply.state, reply.provisional_years) == ("breached", "2027")
        year = CalendarYear.objects.create(year=2027, notice="国办发明电〔2026〕1号")
        CalendarDay.objects.bulk_create(
            CalendarDay(calendar_year=year, date=day, kind=CalendarDay.Kind.DAY_OFF)
            for day in statutory_days_off(2027)
        )
        clocks_recalculate(years=[2027])
    reply.refresh_from_db()
    complaint.refresh_from_db()
    assert (reply.state, reply.provisional_years, complaint.calendar_missing) == ("breached", "", "")
