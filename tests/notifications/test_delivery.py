"""Notices reach real servers through a real Celery worker over Redis, once each."""

import datetime as dt

import pytest
from django.db import transaction

from notifications.models import Notice
from notifications.services import notices_dispatch
from tests.notifications.conftest import wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def sent(**filters):
    return lambda: Notice.objects.filter(status=Notice.Status.SENT, **filters).exists()


def test_receipt_by_email_and_sms_through_the_worker(worker, smtp, sms_gateway, make_complaint):
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


def test_smtp_refusing_is_retried_then_failed_never_doubled(worker, smtp, make_complaint, settings):
    settings.NOTICE_RETRY_SECONDS = 1
    settings.NOTICE_MAX_ATTEMPTS = 3
    smtp.refuse = True
    complaint = make_complaint(contact_preference="email", complainant_email="zhao@example.com")
    notice = Notice.objects.get(complaint=complaint, event="receipt")
    assert wait_for(lambda: Notice.objects.get(pk=notice.pk).status == Notice.Status.FAILED, timeout=30)
    notice.refresh_from_db()
    assert notice.attempts == 3 and "550" in notice.last_error
    assert smtp.messages == []
    smtp.refuse = False
    from notifications.services import notices_retry

    with transaction.atomic():
        notices_retry(Notice.objects.filter(pk=notice.pk))
    assert wait_for(sent(pk=notice.pk))
    assert len(smtp.messages) == 1


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


def test_worker_dying_while_sending_is_never_resent(make_complaint, reference_data):
    """A notice left "sending" by a worker that died may have gone out: it is marked failed for
    staff to check, never sent again automatically."""
    import time_machine
    from django.utils import timezone

    complaint = make_complaint(contact_preference="email", complainant_email="sun@example.com")
    notice = Notice.objects.get(complaint=complaint, event="receipt")
    Notice.objects.filter(pk=notice.pk).update(status=Notice.Status.SENDING, claimed_at=timezone.now())
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=11)):
        assert notices_dispatch() == 0
    notice.refresh_from_db()
    assert notice.status == Notice.Status.FAILED and "interrupted" in notice.last_error
