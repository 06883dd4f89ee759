"""The scheduler's jobs, with time moved: quiet hours, retries, digests, closing, schedules
(the deadline sweep: tests/complaints/test_deadline_events.py)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from complaints.choices import ComplaintType, Status
from complaints.services import complaints_close_expired_appeals
from notifications.models import Notice
from notifications.services import after_quiet_hours
from notifications.tasks import staff_digest

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day, hour=10):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI)


def count(event):
    return Notice.objects.filter(event=event).count()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("local", "expected"),
    [
        (dt.datetime(2026, 11, 23, 20, 59), dt.datetime(2026, 11, 23, 20, 59)),
        (dt.datetime(2026, 11, 23, 21, 0), dt.datetime(2026, 11, 24, 8, 0)),
        (dt.datetime(2026, 11, 24, 3, 0), dt.datetime(2026, 11, 24, 8, 0)),
        (dt.datetime(2026, 11, 24, 8, 0), dt.datetime(2026, 11, 24, 8, 0)),
    ],
)
def test_quiet_hours(local, expected):
    assert after_quiet_hours(local.replace(tzinfo=SHANGHAI)) == expected.replace(tzinfo=SHANGHAI)


@pytest.mark.django_db
def test_sms_waits_for_morning_but_codes_do_not(make_complaint, sms_outbox):
    from notifications.services import notice_deliver, send_verification_code

    with time_machine.travel(at(dt.date(2026, 11, 23), 23), tick=False):
        complaint = make_complaint(contact_preference="sms")
        send_verification_code(
            channel="sms", address="+8613912345678", code="123456", minutes=10, language="zh-hans"
        )
        receipt = Notice.objects.get(complaint=complaint, event="receipt")
        code = Notice.objects.get(event="verification_code")
        assert receipt.send_after == at(dt.date(2026, 11, 24), 8)
        assert code.send_after == at(dt.date(2026, 11, 23), 23)  # at once, by the worker
        assert code.expires_at == at(dt.date(2026, 11, 23), 23) + dt.timedelta(minutes=10)
        notice_deliver(receipt.pk)
        notice_deliver(code.pk)
    receipt.refresh_from_db()
    code.refresh_from_db()
    assert receipt.status == Notice.Status.PENDING
    assert code.status == Notice.Status.SENT
    [message] = sms_outbox
    assert "123456" in message.text and message.params == {"code": "123456", "minutes": 10}


@pytest.mark.django_db
def test_expired_code_is_never_sent(sms_outbox, settings):
    from notifications.models import NoticeSecret
    from notifications.services import notice_deliver, send_verification_code

    settings.SMS_BACKEND = "notifications.sms.HttpBackend"
    settings.SMS_HTTP_URL = "http://127.0.0.1:9/unreachable"
    with time_machine.travel(at(dt.date(2026, 11, 23), 23), tick=False):
        code = send_verification_code(
            channel="sms", address="+8613912345678", code="654321", minutes=10, language="zh-hans"
        )
        assert notice_deliver(code.pk) == settings.NOTICE_RETRY_SECONDS  # urgent: retried at night too
    code.refresh_from_db()
    assert code.status == Notice.Status.PENDING and "unreachable" in code.last_error
    assert code.send_after == at(dt.date(2026, 11, 23), 23) + dt.timedelta(
        seconds=settings.NOTICE_RETRY_SECONDS
    )
    settings.SMS_BACKEND = "notifications.sms.MemoryBackend"
    with time_machine.travel(code.created_at + dt.timedelta(minutes=20)):
        notice_deliver(code.pk)
    code.refresh_from_db()
    assert code.status == Notice.Status.FAILED and "expired" in code.last_error
    assert sms_outbox == [] and not NoticeSecret.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("failed_at", "retry_at"),
    [
        # 30 s later is 21:00:20: in quiet hours, so 08:00 the next morning
        ((20, 59, 50), at(dt.date(2026, 11, 24), 8)),
        ((3, 0, 0), at(dt.date(2026, 11, 23), 8)),
        ((7, 59, 50), at(dt.date(2026, 11, 23), 8) + dt.timedelta(seconds=20)),
        ((14, 0, 0), at(dt.date(2026, 11, 23), 14) + dt.timedelta(seconds=30)),
    ],
)
def test_sms_retry_waits_for_the_end_of_quiet_hours(make_complaint, settings, failed_at, retry_at):
    from notifications.services import notice_deliver
    from notifications.tasks import RETRY_BY_TASK_SECONDS

    settings.SMS_BACKEND = "notifications.sms.HttpBackend"
    settings.SMS_HTTP_URL = "http://127.0.0.1:9/unreachable"
    moment = dt.datetime.combine(dt.date(2026, 11, 23), dt.time(*failed_at), tzinfo=SHANGHAI)
    with time_machine.travel(moment, tick=False):
        complaint = make_complaint(contact_preference="sms")
        receipt = Notice.objects.get(complaint=complaint, event="receipt")
        Notice.objects.filter(pk=receipt.pk).update(send_after=moment)  # due now (as if sent at 20:59)
        wait = notice_deliver(receipt.pk)
    receipt.refresh_from_db()
    assert receipt.status == Notice.Status.PENDING and receipt.attempts == 1
    assert receipt.send_after == retry_at
    assert wait == (retry_at - moment).total_seconds()
    if wait > RETRY_BY_TASK_SECONDS:  # not held by the broker: the dispatch sends it when due
        with time_machine.travel(retry_at - dt.timedelta(minutes=1), tick=False):
            from notifications.services import notices_dispatch

            assert notices_dispatch() == 0
    settings.SMS_BACKEND = "notifications.sms.MemoryBackend"
    with time_machine.travel(retry_at, tick=False):
        notice_deliver(receipt.pk)
    assert Notice.objects.get(pk=receipt.pk).status == Notice.Status.SENT


@pytest.mark.django_db
def test_a_failed_sms_sent_again_from_the_admin_at_night_waits_for_morning(make_complaint):
    from notifications.services import notices_retry

    with time_machine.travel(at(dt.date(2026, 11, 23), 22), tick=False):
        complaint = make_complaint(contact_preference="sms")
        Notice.objects.filter(complaint=complaint).update(status=Notice.Status.FAILED)
        assert notices_retry(Notice.objects.filter(complaint=complaint)) == 1
    assert Notice.objects.get(complaint=complaint).send_after == at(dt.date(2026, 11, 24), 8)


@pytest.mark.django_db
def test_staff_digest_on_working_days_only(make_complaint, drive, bob):
    bob.email = "bob@example.com"
    bob.save()
    with time_machine.travel(at(dt.date(2026, 9, 10)), tick=False):
        complaint = make_complaint(complaint_type=ComplaintType.OTHER, occurred_at=at(dt.date(2026, 9, 9)))
        drive(complaint, "accept", "start")
    with time_machine.travel(at(dt.date(2026, 10, 2), 9), tick=False):  # National Day: no digest
        assert staff_digest() == 0
    with time_machine.travel(at(dt.date(2026, 9, 29), 9), tick=False):
        assert staff_digest() == 1
        assert staff_digest() == 1  # a second run writes nothing new
    digest = Notice.objects.get(event="digest")
    assert complaint.number in digest.body and digest.recipient == "bob@example.com"


@pytest.mark.django_db
def test_resolved_complaints_close_when_the_appeal_window_passes(complaint_in):
    complaint = complaint_in("resolved")
    assert complaints_close_expired_appeals() == 0
    with time_machine.travel(at(complaint.appeal_deadline + dt.timedelta(days=1)), tick=False):
        assert complaints_close_expired_appeals() == 1
        assert complaints_close_expired_appeals() == 0
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED


@pytest.mark.django_db
def test_default_schedules_exist_and_are_editable():
    from django_celery_beat.models import PeriodicTask

    tasks = dict(PeriodicTask.objects.values_list("task", "enabled"))
    assert tasks == {
        "complaints.tasks.deadline_sweep": True,
        "notifications.tasks.staff_digest": True,
        "notifications.tasks.dispatch_pending": True,
        "complaints.tasks.close_expired_appeals": True,
        "evidence.tasks.purge_staged_uploads": True,
        "notifications.tasks.monthly_report": True,
        "notifications.tasks.purge_expired_codes": True,
    }
    digest = PeriodicTask.objects.get(task="notifications.tasks.staff_digest")
    assert (digest.crontab.hour, digest.crontab.minute, str(digest.crontab.timezone)) == (
        "9",
        "0",
        "Asia/Shanghai",
    )
