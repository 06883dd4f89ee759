"""Notices reach real servers through a real Celery worker over Redis, once each."""

import datetime as dt
import time

import pytest
from django.db import transaction

from notifications.models import Notice
from notifications.services import notice_identity, notice_message_id, notices_dispatch
from tests.notifications.conftest import wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def sent(**filters):
    return lambda: Notice.objects.filter(status=Notice.Status.SENT, **filters).exists()


def test_receipt_by_email_and_sms_through_the_worker(daytime, worker, smtp, sms_gateway, make_complaint):
    complaint = make_complaint(contact_preference="both", complainant_email="zhang@example.com")
    assert wait_for(lambda: Notice.objects.filter(event="receipt", status="sent").count() == 2)
    assert len(smtp.messages) == 1
    mail = smtp.messages[0]
    assert mail.rcpt_tos == ["zhang@example.com"]
    text = mail.content.decode()
    assert complaint.number in text and "text/html" in text
    assert f"/track/{complaint.access_token}/contact/" in text  # every email: where to change channels
    [gateway_call] = sms_gateway.received
    assert gateway_call["phone"] == str(complaint.complainant_phone)
    assert gateway_call["auth"] == "Bearer gateway-token"
    assert complaint.number in gateway_call["text"]
    # Each notice has an identity the provider sees, the same on every attempt.
    by_email = Notice.objects.get(event="receipt", channel="email")
    [headers] = smtp.parsed()
    assert headers["Message-ID"] == notice_message_id(by_email) == f"<notice.{by_email.key[:32]}@localhost>"
    assert headers["Auto-Submitted"] == "auto-generated"
    assert gateway_call["id"] == notice_identity(Notice.objects.get(event="receipt", channel="sms"))
    assert gateway_call["params"] == {
        "number": complaint.number,
        "track_url": f"http://127.0.0.1:8000/track/{complaint.access_token}/",
    }


def test_transition_notice_in_the_complainants_language(worker, smtp, complaint_in, drive):
    complaint = complaint_in(
        "submitted", contact_preference="email", complainant_email="li@example.com", language="en"
    )
    drive(complaint, "reject")
    assert wait_for(sent(event="rejected"))
    rejected = Notice.objects.get(event="rejected")
    assert rejected.subject == f"Complaint {complaint.number} not accepted"
    assert "Duplicate of another complaint" in rejected.body
    assert wait_for(lambda: len(smtp.messages) == 2)


def test_redis_down_while_filing_then_delivered_once_it_is_back(
    private_redis, celery_app, reference_data, smtp, make_complaint, settings
):
    from celery.contrib.testing.worker import start_worker

    private_redis.stop()
    complaint = make_complaint(contact_preference="email", complainant_email="wang@example.com")
    notice = Notice.objects.get(complaint=complaint, event="receipt")
    assert notice.status == Notice.Status.PENDING  # the complaint is saved, the notice waits
    private_redis.start()
    Notice.objects.filter(pk=notice.pk).update(send_after=notice.send_after - dt.timedelta(minutes=2))
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        assert notices_dispatch() == 1
        assert wait_for(sent(pk=notice.pk))
        assert notices_dispatch() == 0
    assert len(smtp.messages) == 1


def test_smtp_temporary_refusal_is_retried_then_failed_never_doubled(worker, smtp, make_complaint, settings):
    settings.NOTICE_RETRY_SECONDS = 1
    settings.NOTICE_MAX_ATTEMPTS = 3
    smtp.refuse = "451 4.3.0 Try again later"
    complaint = make_complaint(contact_preference="email", complainant_email="zhao@example.com")
    notice = Notice.objects.get(complaint=complaint, event="receipt")
    assert wait_for(lambda: Notice.objects.get(pk=notice.pk).status == Notice.Status.FAILED, timeout=30)
    notice.refresh_from_db()
    assert notice.attempts == 3 and "451" in notice.last_error
    assert smtp.messages == []
    smtp.refuse = ""
    from notifications.services import notices_retry

    with transaction.atomic():
        notices_retry(Notice.objects.filter(pk=notice.pk))
    assert wait_for(sent(pk=notice.pk))
    assert len(smtp.messages) == 1


def test_smtp_permanent_refusal_fails_at_once(worker, smtp, make_complaint, settings):
    """550: no retry will change it; failed at the first answer with the reply recorded."""
    settings.NOTICE_RETRY_SECONDS = 1
    settings.NOTICE_MAX_ATTEMPTS = 5
    smtp.refuse = "550 5.1.1 Mailbox unavailable"
    complaint = make_complaint(contact_preference="email", complainant_email="zhou@example.com")
    notice = Notice.objects.get(complaint=complaint, event="receipt")
    assert wait_for(lambda: Notice.objects.get(pk=notice.pk).status == Notice.Status.FAILED)
    time.sleep(1.5)  # longer than a retry would wait
    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == (Notice.Status.FAILED, 1)
    assert "550" in notice.last_error and "Mailbox unavailable" in notice.last_error
    assert smtp.messages == []


def test_redelivered_task_sends_nothing_twice(worker, smtp, make_complaint):
    """acks_late: a worker that dies after sending but before acknowledging gets the message
    again; the notice is already marked sent, so the second run does nothing."""
    from celery.signals import task_postrun

    from notifications.tasks import send_notice

    runs = []

    def count(sender=None, args=None, **kwargs):
        if getattr(sender, "name", "") == send_notice.name:
            runs.append(args[0])

    task_postrun.connect(count, weak=False)
    try:
        complaint = make_complaint(contact_preference="email", complainant_email="qian@example.com")
        notice = Notice.objects.get(complaint=complaint, event="receipt")
        assert wait_for(sent(pk=notice.pk))
        send_notice.delay(notice.pk)  # the same message delivered once more
        assert wait_for(lambda: runs.count(notice.pk) == 2)
    finally:
        task_postrun.disconnect(count)
    assert len(smtp.messages) == 1
    assert Notice.objects.get(pk=notice.pk).attempts == 1


def test_worker_dying_while_sending_is_resent_with_the_same_identity(
    worker, smtp, make_complaint, admin_client, monkeypatch
):
    """A worker stopped after the mail went out but before it was marked sent: 10 minutes later
    the notice is sent again with the same Message-ID (so the mail system and the person can see
    it is the same message), and staff see it flagged as interrupted."""
    import time_machine
    from django.urls import reverse
    from django.utils import timezone

    from notifications import services

    real_transmit = services.transmit

    def transmit_then_die(notice, content):
        real_transmit(notice, content)
        raise SystemExit("worker killed")  # not an Exception: nothing records the outcome

    complaint = make_complaint(contact_preference="email", complainant_email="sun@example.com")
    notice = Notice.objects.get(complaint=complaint, event="receipt")
    assert wait_for(sent(pk=notice.pk))  # the worker sends the receipt; now a second notice, killed
    Notice.objects.filter(pk=notice.pk).update(status=Notice.Status.PENDING, attempts=0, sent_at=None)
    monkeypatch.setattr(services, "transmit", transmit_then_die)
    with pytest.raises(SystemExit):
        services.notice_deliver(notice.pk)
    monkeypatch.setattr(services, "transmit", real_transmit)
    assert Notice.objects.get(pk=notice.pk).status == Notice.Status.SENDING
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5)):
        assert notices_dispatch() == 0  # maybe still being sent: left alone
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=11)):
        assert notices_dispatch() == 1
        assert wait_for(sent(pk=notice.pk))
    notice.refresh_from_db()
    assert notice.interrupted and "interrupted" in notice.last_error and notice.attempts == 2
    first, killed, again = smtp.parsed()
    assert killed["Message-ID"] == again["Message-ID"] == notice_message_id(notice)
    page = admin_client.get(reverse("admin:notifications_notice_changelist") + "?interrupted__exact=1")
    assert page.status_code == 200 and "sun@example.com" in page.content.decode()
