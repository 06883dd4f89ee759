"""The company's own clock (ODR): forwarding starts it beside the regulator's clocks, the
company is reminded, staff are told when it passes, and what the company is sent follows the
complainant's consent."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from complaints import tasks
from complaints.actors import CompanyActor, ComplainantActor
from complaints.choices import ComplaintType
from complaints.models import ClockEvent, SettlementProposal
from complaints.services import TransitionRefused, complaint_transition
from notifications.models import Notice
from tests.notifications.conftest import celery_app, private_redis, wait_for  # noqa: F401
from tests.notifications.conftest import worker as worker  # noqa: F401

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
D = dt.date
COMPANY_EMAIL = "complaints@company.example"


def at(day, hour=10):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI)


def forwarded(make_complaint, drive, **fields):
    with time_machine.travel(at(D(2026, 9, 28)), tick=False):
        complaint = make_complaint(
            complaint_type=ComplaintType.OTHER, occurred_at=at(D(2026, 9, 27)), **fields
        )
        drive(complaint, "accept", "start", "forward_to_company")
    return complaint


@pytest.mark.django_db
def test_forwarding_starts_the_company_clock_beside_the_regulators(make_complaint, drive):
    complaint = forwarded(make_complaint, drive)
    clocks = {c.step: c for c in complaint.clocks.all()}
    # 10 working days from 28 Sep: 29, 30 Sep, then (National Day) 8, 9, 10 (a working
    # Saturday), 12–16 Oct.
    assert clocks["company"].due == D(2026, 10, 16)
    assert complaint.next_due == clocks["reply"].due  # the staff's next due date is their own
    with time_machine.travel(at(D(2026, 9, 29)), tick=False):
        drive(complaint, "request_information")
    clocks = {c.step: c for c in complaint.clocks.all()}
    assert (clocks["reply"].state, clocks["company"].state) == ("paused", "running")
    with time_machine.travel(at(D(2026, 9, 30)), tick=False):
        drive(complaint, "resume", "record_company_answer")
    company = complaint.clocks.get(step="company")
    assert (company.state, company.ended_by) == ("met", "record_company_answer")
    assert company.taken_days == 2  # 29 and 30 Sep: the company's time ran while staff waited
    with pytest.raises(TransitionRefused):  # forwarded once
        drive(complaint, "forward_to_company")
    assert not company.events.filter(fired_at=None).exists()
    assert complaint.messages.filter(kind="company", body__contains="企业").exists()


@pytest.mark.django_db
def test_the_company_gets_the_facts_and_the_complainants_details_only_with_consent(make_complaint, drive):
    hidden = forwarded(make_complaint, drive, complainant_name="王五", share_identity=False)
    shared = forwarded(make_complaint, drive, complainant_name="赵六", share_identity=True)
    for complaint, shown in ((hidden, False), (shared, True)):
        email = Notice.objects.get(complaint=complaint, event="forwarded_to_company", recipient=COMPANY_EMAIL)
        sms = Notice.objects.get(complaint=complaint, event="forwarded_to_company", channel="sms")
        assert complaint.observed in email.body and "2026-10-16" in email.body
        assert (complaint.complainant_name in email.body) is shown
        assert (str(complaint.complainant_phone) in email.body) is shown
        assert complaint.access_token not in email.body + email.html + sms.body  # never the private link
        assert sms.recipient == "+8613600000000"


@pytest.mark.django_db(transaction=True)
def test_the_company_is_reminded_and_staff_told_when_it_passes_once_each_in_the_worker(
    worker, make_complaint, drive, carol
):
    carol.email = "carol@example.com"
    carol.save()
    complaint = forwarded(make_complaint, drive)
    company = complaint.clocks.get(step="company")

    def sweep_at(day):
        with time_machine.travel(at(day), tick=True):
            sent = company.events.exclude(fired_at=None).count()
            tasks.deadline_sweep.delay()
            tasks.deadline_sweep.delay()  # the hour's task delivered twice
            assert wait_for(lambda: company.events.exclude(fired_at=None).count() > sent)

    sweep_at(D(2026, 10, 10))  # half the time used (the 5th working day)
    sweep_at(D(2026, 10, 14))  # 3 working days left (13 Oct) and 80 % used (14 Oct): one reminder
    sweep_at(D(2026, 10, 17))  # passed: staff are told, the company is not reminded any more
    reminders = Notice.objects.filter(event="company_reminder")
    assert sorted(reminders.values_list("channel", flat=True)) == ["email", "email", "sms", "sms"]
    assert Notice.objects.filter(event="escalation", recipient="carol@example.com").count() == 1
    assert "2026-10-16" in Notice.objects.get(event="escalation").body
    assert not Notice.objects.filter(event="deadline_passed").exists()  # the complainant's clocks run on
    told = dict(company.events.values_list("kind", "told"))
    assert told["company_late"] == ["carol@example.com"] and COMPANY_EMAIL in told["used:50"]
    assert not ClockEvent.objects.filter(kind="breach").exclude(fired_at=None).exists()  # not the staff's
    assert ClockEvent.objects.filter(clock=company, fired_at=None).count() == 0


@pytest.mark.django_db
def test_the_scorecard_on_a_set_worked_out_by_hand(client, make_complaint, drive, carol):
    from complaints.deadlines import deadlines_sweep
    from complaints.scorecard import scorecard

    # October 2026: A forwarded 28 Sep, answered 9 Oct with a proposal (4 working days: 29,
    # 30 Sep, 8, 9 Oct), which the complainant accepted on 12 Oct (settled by the company),
    # satisfied, and on 16 Oct confirmed was carried out. B forwarded 28 Sep, never answered
    # (due 16 Oct: breached). C filed in October, not forwarded.
    a = forwarded(make_complaint, drive)
    b = forwarded(make_complaint, drive)
    company = a.company
    member = CompanyActor(user=carol, company_id=company.pk)
    with time_machine.travel(at(D(2026, 10, 9)), tick=False):
        offer = SettlementProposal(refund=Decimal("30.00"), done_by=D(2026, 10, 15))
        complaint_transition(complaint=a, name="company_propose", actor=member, proposal=offer)
        c = make_complaint(complaint_type=ComplaintType.OTHER, occurred_at=at(D(2026, 10, 8)))
    with time_machine.travel(at(D(2026, 10, 12)), tick=False):
        drive(a, "accept_proposal", "close_satisfied")
    with time_machine.travel(at(D(2026, 10, 16)), tick=False):
        complaint_transition(complaint=a, name="confirm_performance", actor=ComplainantActor(a.pk), done=True)
    with time_machine.travel(at(D(2026, 10, 20)), tick=False):
        deadlines_sweep()
    with time_machine.travel(at(D(2026, 10, 21)), tick=False):
        drive(b, "resolve")  # resolved without the company's answer: it still counts as late
    with time_machine.travel(at(D(2026, 10, 22)), tick=False):
        october = scorecard(company, D(2026, 10, 1))
    assert october == {
        "received": 1,  # C
        "forwarded": 0,  # A and B were forwarded in September
        "answers_due": 2,
        "answered_in_time": 1,
        "in_time_rate": 50.0,
        "median_days_to_answer": 4,
        "settled": 1,
        "satisfaction_rate": 100.0,
        "performance_told": 1,
        "performance_confirmed": 1,
    }
    assert scorecard(company, D(2026, 9, 1))["forwarded"] == 2 and c.company == company
    client.force_login(carol)
    page = client.get(f"/en/admin/complaints/company/{company.pk}/scorecard/").content.decode()
    assert "Answered in time (%)" in page and "How the figures are counted" in page
    assert b.clocks.get(step="company").breached_at is not None
