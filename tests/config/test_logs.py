"""Logs are JSON lines with the request's id, also in the Celery tasks the request enqueued,
and never hold a phone number, an email address, a private link or a one-time code."""

import io
import json
import logging

import pytest
from celery.signals import task_prerun

from config.logs import JsonFormatter, request_id
from tests.notifications.conftest import celery_app, private_redis, wait_for  # noqa: F401
from tests.notifications.conftest import worker as worker  # noqa: F401
from tests.portal.conftest import TELECOM, last_code
from tests.portal.conftest import _codes_delivered_when_written as _codes_delivered_when_written  # noqa: F401
from tests.portal.conftest import sms_outbox as sms_outbox  # noqa: F401


@pytest.fixture
def log_lines():
    """What the logs of this test say, formatted as in production."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)


@pytest.mark.django_db
def test_a_filing_is_logged_as_json_without_personal_data(client, sms_outbox, log_lines):  # noqa: F811
    client.post("/file/telecom/", {**TELECOM, "action": "send_code"})
    code = last_code(sms_outbox)
    response = client.post("/file/telecom/", {**TELECOM, "action": "submit", "code": code})
    logging.getLogger("portal").warning("filed by %s (%s), code %s", "13912345678", "zhang@example.com", code)
    lines = log_lines()
    filed = [line for line in lines if line.get("path") == "/file/telecom/" and line["status"] == 302]
    assert len(filed) == 1 and filed[0]["request_id"] == response["X-Request-ID"]
    assert filed[0]["method"] == "POST" and filed[0]["user"] == "anonymous" and filed[0]["duration_ms"] > 0
    tracking = [line for line in lines if line.get("path", "").startswith("/receipt/")]
    text = json.dumps(lines, ensure_ascii=False)
    assert "13912345678" not in text and "zhang@example.com" not in text and code not in text
    assert response["Location"].split("/")[2] not in text  # the private link
    assert not tracking or tracking[0]["path"] == "/receipt/…/"


@pytest.mark.django_db(transaction=True)
def test_a_task_carries_the_id_of_the_request_that_enqueued_it(worker, client, sms_outbox):  # noqa: F811
    seen = []

    def remember(task=None, **kwargs):
        seen.append((task.name, request_id.get()))

    task_prerun.connect(remember, weak=False)
    try:
        response = client.post("/file/telecom/", {**TELECOM, "action": "send_code"})
        assert wait_for(lambda: any(name == "notifications.tasks.send_notice" for name, _id in seen))
    finally:
        task_prerun.disconnect(remember)
    sent = [given for name, given in seen if name == "notifications.tasks.send_notice"]
    assert sent[0] == response["X-Request-ID"]


@pytest.mark.django_db
def test_djangos_own_line_for_a_refused_request_has_the_request_id_and_later_lines_none(client, log_lines):
    response = client.get("/file/nonsense/", HTTP_X_REQUEST_ID="proxy-given-id-0001")
    logging.getLogger("portal").warning("after the request")
    lines = log_lines()
    refused = [line for line in lines if line["logger"] == "django.request"]
    assert response.status_code == 404 and response["X-Request-ID"] == "proxy-given-id-0001"
    assert [line["request_id"] for line in refused] == ["proxy-given-id-0001"]
    assert lines[-1]["message"] == "after the request" and lines[-1]["request_id"] == ""
