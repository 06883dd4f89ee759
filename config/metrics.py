"""Prometheus metrics at /metrics: django-prometheus's (requests, latency, responses, database
and cache calls) and the desk's own, read when scraped: notices waiting and failed, clocks
breached and still owed, and the Celery queue's length. Only the addresses in
METRICS_ALLOWED_ADDRESSES (the scraper's) are answered; anyone else gets a 404."""

import logging

from django.conf import settings
from django.http import Http404, HttpResponse
from django_prometheus.exports import ExportToDjangoView
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily

from .client_ip import client_ip

log = logging.getLogger(__name__)


class DeskCollector:
    def collect(self):
        from complaints.models import Clock
        from notifications.models import Notice

        notices = GaugeMetricFamily("complaintdesk_notices", "Notices by status", labels=["status"])
        for status in (Notice.Status.PENDING, Notice.Status.SENDING, Notice.Status.FAILED):
            notices.add_metric([status.value], Notice.objects.filter(status=status).count())
        yield notices
        yield GaugeMetricFamily(
            "complaintdesk_clocks_breached",
            "Clocks past their due date whose step is still owed",
            value=Clock.objects.filter(state=Clock.State.BREACHED, ended_at=None).count(),
        )
        queue = GaugeMetricFamily("complaintdesk_celery_queue_length", "Tasks waiting", labels=["queue"])
        waiting = celery_queue_length()
        if waiting is not None:
            queue.add_metric([CELERY_QUEUE], waiting)
        yield queue


CELERY_QUEUE = "celery"
desk = CollectorRegistry(auto_describe=False)
desk.register(DeskCollector())


def celery_queue_length():
    """Tasks waiting in the default queue, or None when the broker does not answer."""
    from .celery import app

    try:
        with app.connection_for_read() as connection:
            connection.ensure_connection(max_retries=0, timeout=2)
            return connection.default_channel.queue_declare(CELERY_QUEUE, passive=True).message_count
    except Exception:  # a down broker shows as a missing series, and in the readiness probe
        log.warning("metrics: the broker did not answer")
        return None


def metrics(request):
    if client_ip(request) not in settings.METRICS_ALLOWED_ADDRESSES:
        raise Http404
    served = ExportToDjangoView(request)
    return HttpResponse(served.content + generate_latest(desk), content_type=served["Content-Type"])
