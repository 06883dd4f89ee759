"""Verification codes: written to the outbox and sent by the worker (never inside the web
request), never readable from the notice or the admin, purged once expired."""

import datetime as dt
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notice, NoticeSecret
from notifications.services import notice_deliver, notices_purge_expired_codes
from tests.notifications.conftest import DAYTIME, wait_for


class HungSMTPServer:
    """Accepts connections and never says a word: a mail server that hangs."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(50)
        self.port = self.sock.getsockname()[1]
        self.connections = []
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                connection, _ = self.sock.accept()
            except OSError:
                return
            self.connections.append(connection)

    def close(self):
        for connection in self.connections:
            connection.close()
        self.sock.close()


@pytest.fixture
def hung_smtp(settings):
    server = HungSMTPServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 1
    yield server
    server.close()


def test_email_timeout_has_a_default_and_can_be_set():
    code = "from django.conf import settings; print(settings.EMAIL_TIMEOUT)"
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    environment.pop("EMAIL_TIMEOUT", None)
    run = [sys.executable, "-c", f"import django; django.setup(); {code}"]
    assert subprocess.run(run, env=environment, capture_output=True, text=True, check=True).stdout == "10\n"
    environment["EMAIL_TIMEOUT"] = "3"
    assert subprocess.run(run, env=environment, capture_output=True, text=True, check=True).stdout == "3\n"


@pytest.mark.django_db(transaction=True)
def test_a_hung_mail_server_never_holds_a_tracking_request(
    daytime, worker, hung_smtp, make_complaint, client, settings
):
    """/track/ with the number of a complaint whose codes go by email, while the mail server
    hangs: the request only writes the outbox (as fast as for an unknown number); the worker
    meets the hung server, gives up after EMAIL_TIMEOUT and retries later."""
    settings.NOTICE_RETRY_SECONDS = 600
    known = [
        make_complaint(contact_preference="email", complainant_email=f"hung{i}@example.com").number
        for i in range(6)
    ]
    unknown = [f"TS-20261130-{900000 + i}" for i in range(6)]

    addresses = (f"10.0.0.{i}" for i in range(1, 100))  # each its own rate-limit bucket

    def timed(number):
        start = time.perf_counter()
        response = client.post(
            reverse("portal:track-lookup"), {"number": number}, REMOTE_ADDR=next(addresses)
        )
        assert response.status_code == 302
        return time.perf_counter() - start

    timed("TS-20261130-999999")  # warm up (first request loads templates, translations)
    known_times, unknown_times = [], []
    for number_known, number_unknown in zip(known, unknown, strict=True):
        known_times.append(timed(number_known))
        unknown_times.append(timed(number_unknown))
    assert Notice.objects.filter(event="verification_code").count() == 6
    assert max(known_times) < settings.EMAIL_TIMEOUT / 2  # nobody waited for the mail server
    assert statistics.median(known_times) - statistics.median(unknown_times) < 0.05
    # The worker tried, the server hung, the attempt timed out and will be retried.
    assert wait_for(
        lambda: Notice.objects.filter(event="verification_code", last_error__icontains="timed out").exists()
    )
    assert Notice.objects.filter(event="verification_code", status=Notice.Status.SENT).count() == 0


@pytest.mark.django_db
def test_the_code_is_never_readable_from_the_notice_or_the_admin(admin_client, settings):
    from portal.codes import code_check, code_issue

    with time_machine.travel(DAYTIME, tick=False):
        code_issue(purpose="tracking", channel="email", target="wu@example.com")
    notice = Notice.objects.get(event="verification_code")
    assert notice.status == Notice.Status.PENDING  # sent by the worker after commit, not here
    assert mail.outbox == []
    code = NoticeSecret.objects.get(notice=notice).params["code"]
    row = json.dumps(Notice.objects.filter(pk=notice.pk).values().get(), default=str)
    assert code not in row and "••••••" in notice.body and notice.params == {"minutes": 10}
    change = admin_client.get(reverse("admin:notifications_notice_change", args=[notice.pk]))
    listing = admin_client.get(reverse("admin:notifications_notice_changelist"))
    assert change.status_code == listing.status_code == 200
    assert code not in change.content.decode() and code not in listing.content.decode()
    assert "••••••" in change.content.decode()
    with time_machine.travel(DAYTIME + dt.timedelta(seconds=5), tick=False):
        notice_deliver(notice.pk)
    [message] = mail.outbox
    assert re.search(r"(?<!\d)\d{6}(?!\d)", message.body).group() == code
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert not NoticeSecret.objects.exists()  # wiped once sent
    assert code not in json.dumps(Notice.objects.filter(pk=notice.pk).values().get(), default=str)
    with time_machine.travel(DAYTIME + dt.timedelta(minutes=1), tick=False):
        assert code_check(purpose="tracking", target="wu@example.com", code=code)


@pytest.mark.django_db
def test_codes_notices_are_purged_once_expired(make_complaint, settings):
    from notifications.services import send_verification_code

    with time_machine.travel(DAYTIME, tick=False):
        complaint = make_complaint(contact_preference="sms")
        sent = send_verification_code(
            channel="sms", address="+8613900000001", code="111111", minutes=10, language="en"
        )
        notice_deliver(sent.pk)
        waiting = send_verification_code(
            channel="email", address="x@example.com", code="222222", minutes=10, language="en"
        )
    with time_machine.travel(DAYTIME + dt.timedelta(minutes=9), tick=False):
        assert notices_purge_expired_codes() == 0
    with time_machine.travel(DAYTIME + dt.timedelta(minutes=10, seconds=1), tick=False):
        assert notices_purge_expired_codes() == 2
    assert not Notice.objects.filter(pk__in=[sent.pk, waiting.pk]).exists()
    assert not NoticeSecret.objects.exists()
    assert Notice.objects.filter(complaint=complaint, event="receipt").exists()  # other notices stay


@pytest.mark.django_db
def test_codes_written_in_clear_before_are_hidden_by_the_migration():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("notifications.migrations.0005_hide_codes_and_purge_schedule")
    with time_machine.travel(DAYTIME, tick=False):
        now = timezone.now()
        old = dict(event="verification_code", channel="sms", language="en", recipient="+8613900000002")
        done = Notice.objects.create(
            key="a" * 64, body="Code: 123456.", status="sent", expires_at=now - dt.timedelta(minutes=1), **old
        )
        waiting = Notice.objects.create(
            key="b" * 64, body="Code: 654321.", expires_at=now + dt.timedelta(minutes=5), **old
        )
        migration.hide_codes(apps, None)
    assert not Notice.objects.filter(pk=done.pk).exists()
    waiting.refresh_from_db()
    assert "654321" not in waiting.body and waiting.secret.params == {"code": "654321"}


@pytest.mark.django_db
def test_a_gateway_echoing_the_code_in_its_refusal_leaves_no_code_in_the_notice(sms_gateway, daytime):
    from notifications.services import send_verification_code

    sms_gateway.status, sms_gateway.echo = 503, True
    notice = send_verification_code(
        channel="sms", address="+8613912345678", code="482915", minutes=10, language="zh-hans"
    )
    notice_deliver(notice.pk)
    notice.refresh_from_db()
    assert "482915" in json.dumps(sms_gateway.received)  # the gateway had it, and said it back
    assert "503" in notice.last_error and "482915" not in notice.last_error
