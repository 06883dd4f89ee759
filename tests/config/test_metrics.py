"""Prometheus metrics: requests and latency from django-prometheus, and the desk's own gauges
read when scraped; only the scraper's addresses get an answer."""

import re

import pytest

from complaints.models import Clock
from notifications.models import Notice
from tests.notifications.conftest import celery_app, private_redis  # noqa: F401


def sample(text, name, labels=""):
    found = re.search(rf"^{re.escape(name + labels)} ([0-9.e+]+)$", text, re.M)
    return float(found.group(1)) if found else None


def notice(n, status):
    return Notice(
        key=f"k{n}", event="filed", recipient="x", channel="email", language="en", body=".", status=status
    )


@pytest.mark.django_db
def test_the_scraper_reads_requests_notices_breaches_and_the_queue(client, celery_app, complaint_in):  # noqa: F811
    late, answered_late = complaint_in("submitted"), complaint_in("submitted")
    Clock.objects.filter(complaint=late).update(state=Clock.State.BREACHED)
    Clock.objects.filter(complaint=answered_late).update(
        state=Clock.State.BREACHED, ended_at=late.submitted_at
    )
    Notice.objects.all().delete()  # the filings' own notices
    Notice.objects.bulk_create(
        [notice(1, "pending"), notice(2, "pending"), notice(3, "failed"), notice(4, "sent")]
    )
    for _ in range(3):
        celery_app.send_task("notifications.tasks.dispatch_due")
    client.get("/")
    text = client.get("/metrics").content.decode()
    assert sample(text, "complaintdesk_notices", '{status="pending"}') == 2
    assert sample(text, "complaintdesk_notices", '{status="failed"}') == 1
    assert sample(text, "complaintdesk_clocks_breached") == 1
    assert sample(text, "complaintdesk_celery_queue_length", '{queue="celery"}') == 3
    assert sample(text, "django_http_requests_total_by_method_total", '{method="GET"}') >= 1
    assert "django_http_requests_latency_seconds_by_view_method_bucket" in text


@pytest.mark.django_db
def test_nobody_else_reads_the_metrics(client, settings):
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404
    settings.TRUSTED_PROXY_HOPS = 1  # through the proxy: the address it saw counts, not the proxy's
    through_proxy = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "127.0.0.1, 203.0.113.9"}
    assert client.get("/metrics", **through_proxy).status_code == 404
    assert (
        client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="127.0.0.1").status_code == 200
    )
