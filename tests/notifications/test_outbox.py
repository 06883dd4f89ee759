"""Writing the outbox: the same notice from two transactions at once is written once and
raises nothing; which SMTP answers are worth a retry."""

import smtplib
import threading
import time

import pytest
from django.db import connection, transaction

from notifications.models import Notice
from notifications.services import notice_create, permanent_error


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks of concurrent writers: PostgreSQL")
def test_two_writers_of_the_same_notice_at_once(make_complaint):
    """The second writer's INSERT waits for the first transaction, then writes nothing; its
    own transaction (a transition, say) goes on."""
    complaint = make_complaint(contact_preference="email", complainant_email="lin@example.com")
    fields = dict(
        event="accepted",
        recipient="lin@example.com",
        channel="email",
        language="zh-hans",
        context={"number": complaint.number, "reply_due": "2026-12-20", "complaint": complaint},
        complaint=complaint,
        occurrence="v2",
    )
    first_wrote, release = threading.Event(), threading.Event()
    results, errors = {}, []

    def writer(name, hold):
        try:
            with transaction.atomic():
                results[name] = notice_create(**fields)
                if hold:
                    first_wrote.set()
                    release.wait(10)
                Notice.objects.filter(complaint=complaint).count()  # the caller goes on
        except Exception as exc:  # noqa: BLE001 (what the test looks for)
            errors.append(exc)
        finally:
            first_wrote.set()
            connection.close()

    first = threading.Thread(target=writer, args=("first", True))
    first.start()
    assert first_wrote.wait(10)
    second = threading.Thread(target=writer, args=("second", False))
    second.start()
    time.sleep(0.5)
    assert second.is_alive()  # waiting on the first transaction's row
    release.set()
    first.join(10)
    second.join(10)
    assert errors == []
    assert results["first"] is not None and results["second"] is None
    assert Notice.objects.filter(event="accepted", complaint=complaint).count() == 1


@pytest.mark.django_db
def test_writing_the_same_notice_again_changes_nothing(make_complaint):
    complaint = make_complaint(contact_preference="email", complainant_email="lin@example.com")
    receipt = Notice.objects.get(complaint=complaint, event="receipt")
    again = notice_create(
        event="receipt",
        recipient="lin@example.com",
        channel="email",
        language="en",
        context={"number": "x", "complaint": complaint},
        complaint=complaint,
    )
    assert again is None
    assert list(Notice.objects.filter(complaint=complaint).values_list("pk", "language")) == [
        (receipt.pk, receipt.language)
    ]


@pytest.mark.parametrize(
    ("error", "permanent"),
    [
        (smtplib.SMTPDataError(550, b"5.7.1 Delivery refused"), True),
        (smtplib.SMTPDataError(554, b"5.7.1 Message rejected"), True),
        (smtplib.SMTPDataError(451, b"4.3.0 Try again later"), False),
        (smtplib.SMTPSenderRefused(553, b"5.1.8 Bad sender", "noreply@localhost"), True),
        (smtplib.SMTPRecipientsRefused({"a@example.com": (550, b"No such user")}), True),
        (smtplib.SMTPRecipientsRefused({"a@example.com": (450, b"Mailbox busy")}), False),
        (
            smtplib.SMTPRecipientsRefused({"a@example.com": (550, b"No"), "b@example.com": (451, b"Later")}),
            False,
        ),
        (smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), False),
        (TimeoutError("timed out"), False),
        (ConnectionRefusedError(111, "Connection refused"), False),
    ],
)
def test_which_smtp_errors_are_permanent(error, permanent):
    assert permanent_error(error) is permanent
