"""The SMS backends speak their gateways' protocols, with the notice's own parameters and
identity, reached through the real path: event → outbox → Celery worker → backend."""

import json

import pytest
from django.db import transaction

from notifications.models import Notice, NoticeSecret
from notifications.services import notice_identity
from notifications.sms import HttpBackend, SMSError, SMSMessage, aliyun_endpoint
from tests.notifications.conftest import wait_for


def test_http_backend_posts_json_with_the_token(sms_gateway):
    HttpBackend().send(
        SMSMessage(phone="+8613912345678", text="您好", template_code="receipt", params={"n": 1}, id="abc")
    )
    assert sms_gateway.received == [
        {
            "auth": "Bearer gateway-token",
            "id": "abc",
            "phone": "+8613912345678",
            "text": "您好",
            "template": "receipt",
            "params": {"n": 1},
        }
    ]


def test_http_backend_reports_a_refusal(sms_gateway):
    sms_gateway.status = 503
    with pytest.raises(SMSError, match="503"):
        HttpBackend().send(SMSMessage(phone="+8613912345678", text="x"))


def test_aliyun_endpoint_is_a_host_or_a_url():
    assert aliyun_endpoint("dysmsapi.aliyuncs.com") == ("https", "dysmsapi.aliyuncs.com")
    assert aliyun_endpoint("http://127.0.0.1:8080/") == ("http", "127.0.0.1:8080")


on_the_worker = pytest.mark.django_db(transaction=True)


def sent(event):
    return lambda: Notice.objects.filter(event=event, status=Notice.Status.SENT).exists()


@on_the_worker
def test_aliyun_gets_the_receipts_parameters_and_identity(daytime, worker, aliyun, make_complaint):
    complaint = make_complaint(contact_preference="sms")
    assert wait_for(sent("receipt"))
    assert aliyun.refused == []
    [request] = aliyun.received
    notice = Notice.objects.get(event="receipt")
    assert request["PhoneNumbers"] == str(complaint.complainant_phone)
    assert (request["SignName"], request["TemplateCode"]) == ("投诉受理平台", "SMS_100001")
    assert request["OutId"] == notice_identity(notice)
    params = json.loads(request["TemplateParam"])
    assert params["number"] == complaint.number
    assert params["track_url"].endswith(f"/track/{complaint.access_token}/")


@on_the_worker
def test_aliyun_gets_the_reply_date_of_an_acceptance(daytime, worker, aliyun, complaint_in, drive):
    complaint = complaint_in("submitted", contact_preference="sms")
    drive(complaint, "accept")
    assert wait_for(sent("accepted"))
    accepted = next(r for r in aliyun.received if r["TemplateCode"] == "SMS_100002")
    assert json.loads(accepted["TemplateParam"]) == {
        "number": complaint.number,
        "reply_due": complaint.due.get("reply").isoformat(),
    }


@on_the_worker
def test_a_code_reaches_aliyuns_template_and_nowhere_else(daytime, worker, aliyun, reference_data):
    from portal.codes import code_check, code_issue

    with transaction.atomic():
        code_issue(purpose="tracking", channel="sms", target="+8613912345678")
        notice = Notice.objects.get(event="verification_code")
        assert NoticeSecret.objects.filter(notice=notice).exists()  # kept apart until sent
    assert wait_for(sent("verification_code"))
    [request] = aliyun.received
    assert request["TemplateCode"] == "SMS_100009"
    params = json.loads(request["TemplateParam"])
    assert set(params) == {"code", "minutes"} and params["minutes"] == "10"
    code = params["code"]
    notice.refresh_from_db()
    stored = json.dumps([notice.subject, notice.body, notice.html, notice.params, notice.last_error])
    assert code not in stored and "••••••" in notice.body
    assert not NoticeSecret.objects.exists()  # wiped once sent
    assert code_check(purpose="tracking", target="+8613912345678", code=code)


@on_the_worker
def test_aliyun_refusing_is_recorded_and_retried(daytime, worker, aliyun, make_complaint, settings):
    aliyun.answer = {"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "limit"}
    settings.NOTICE_RETRY_SECONDS = 600
    make_complaint(contact_preference="sms")
    assert wait_for(lambda: "BUSINESS_LIMIT_CONTROL" in Notice.objects.get(event="receipt").last_error)
    notice = Notice.objects.get(event="receipt")
    assert (notice.status, notice.attempts) == (Notice.Status.PENDING, 1)


@on_the_worker
def test_aliyun_without_a_template_for_the_event(daytime, worker, aliyun, make_complaint, settings):
    settings.ALIYUN_SMS_TEMPLATES = {}
    settings.NOTICE_RETRY_SECONDS = 600
    make_complaint(contact_preference="sms")
    assert wait_for(lambda: "no Aliyun template" in Notice.objects.get(event="receipt").last_error)
    assert aliyun.received == []


@on_the_worker
def test_the_stand_in_checks_the_signature(daytime, worker, aliyun, make_complaint, settings):
    settings.ALIYUN_SMS_ACCESS_KEY_SECRET = "not-the-secret"
    settings.NOTICE_RETRY_SECONDS = 600
    make_complaint(contact_preference="sms")
    assert wait_for(lambda: Notice.objects.get(event="receipt").last_error != "")
    assert aliyun.refused == ["signature"] and aliyun.received == []
