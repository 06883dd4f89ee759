"""Structured logs: one JSON object a line, each with the id of the request it belongs to (also
in the Celery tasks that request enqueued), one line per request (who, from where, what, how it
ended, how long it took), and never a phone number, email address, ID number or private link."""

import contextvars
import json
import logging
import re
import time
import uuid

from celery.signals import before_task_publish, task_postrun, task_prerun
from django.core.signals import request_finished
from django.dispatch import receiver

from complaints.privacy import IDENTIFYING

from .client_ip import client_ip

request_id = contextvars.ContextVar("request_id", default="")
# Private links and one-time codes: path segments and numbers that grant access.
SECRETS = re.compile(r"(?<=/)[A-Za-z0-9_-]{16,64}(?=/|$)|(?<![\d-])\d{6}(?!\d)")
REQUEST_ID = re.compile(r"[A-Za-z0-9-]{8,64}")
FIELDS = ("method", "path", "status", "duration_ms", "ip", "port", "user", "action", "subject")
logger = logging.getLogger("complaintdesk.request")


def scrub(text: str) -> str:
    return SECRETS.sub("…", IDENTIFYING.sub("***", text))


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "") or request_id.get(),
            "message": scrub(record.getMessage()),
        }
        for name in FIELDS:
            if hasattr(record, name):
                value = getattr(record, name)
                entry[name] = scrub(value) if isinstance(value, str) and name != "ip" else value
        if record.exc_info:
            entry["exception"] = scrub(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


def request_log(get_response):
    """Give the request an id (the proxy's ``X-Request-ID`` if it looks like one), answer with
    it, and log the request once it is answered."""

    def middleware(request):
        given = request.headers.get("X-Request-ID", "")
        # Kept until the response is finished (Django's own "Bad Request" lines come after the
        # middleware), then cleared by _request_done.
        request_id.set(given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex)
        start = time.monotonic()
        response = get_response(request)
        response["X-Request-ID"] = request_id.get()
        user = getattr(request, "user", None)
        logger.info(
            "request",
            extra={
                "method": request.method,
                "path": SECRETS.sub("…", request.path),
                "status": response.status_code,
                "duration_ms": round((time.monotonic() - start) * 1000, 1),
                "ip": client_ip(request),
                "port": request.META.get("HTTP_X_FORWARDED_PORT") or request.META.get("REMOTE_PORT", ""),
                "user": user.pk if user is not None and user.is_authenticated else "anonymous",
            },
        )
        return response

    return middleware


@receiver(request_finished, dispatch_uid="request-id-done")
def _request_done(**kwargs):
    request_id.set("")


@before_task_publish.connect(dispatch_uid="logs-request-id-out")
def _send_request_id(headers=None, **kwargs):
    if headers is not None and request_id.get():
        headers["request_id"] = request_id.get()


@task_prerun.connect(dispatch_uid="logs-request-id-in")
def _take_request_id(task=None, **kwargs):
    task.request.log_token = request_id.set(getattr(task.request, "request_id", "") or "")


@task_postrun.connect(dispatch_uid="logs-request-id-done")
def _forget_request_id(task=None, **kwargs):
    token = getattr(task.request, "log_token", None)
    if token is not None:
        request_id.reset(token)
