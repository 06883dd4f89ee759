"""The SMS backends speak their gateways' protocols."""

import json

import pytest

from notifications.sms import AliyunBackend, HttpBackend, SMSError, SMSMessage


def test_http_backend_posts_json_with_the_token(sms_gateway):
    HttpBackend().send(
        SMSMessage(phone="+8613912345678", text="您好", template_code="receipt", params={"n": 1})
    )
    assert sms_gateway.received == [
        {
            "auth": "Bearer gateway-token",
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


def test_aliyun_backend_sends_the_template_and_parameters(settings, monkeypatch):
    from alibabacloud_dysmsapi20170525 import models
    from alibabacloud_dysmsapi20170525.client import Client

    settings.ALIYUN_SMS_ACCESS_KEY_ID, settings.ALIYUN_SMS_ACCESS_KEY_SECRET = "id", "secret"
    settings.ALIYUN_SMS_SIGN_NAME = "投诉受理平台"
    settings.ALIYUN_SMS_TEMPLATES = {"receipt": "SMS_100001"}
    sent = []

    def send_sms(self, request):
        sent.append(request)
        body = models.SendSmsResponseBody(code="OK", message="OK")
        return models.SendSmsResponse(body=body)

    monkeypatch.setattr(Client, "send_sms", send_sms)
    AliyunBackend().send(
        SMSMessage(phone="+8613912345678", text="x", template_code="receipt", params={"number": "TS-1"})
    )
    [request] = sent
    assert (request.phone_numbers, request.sign_name, request.template_code) == (
        "+8613912345678",
        "投诉受理平台",
        "SMS_100001",
    )
    assert json.loads(request.template_param) == {"number": "TS-1"}

    def refuse(self, request):
        return models.SendSmsResponse(
            body=models.SendSmsResponseBody(code="isv.BUSINESS_LIMIT_CONTROL", message="limit")
        )

    monkeypatch.setattr(Client, "send_sms", refuse)
    with pytest.raises(SMSError, match="BUSINESS_LIMIT_CONTROL"):
        AliyunBackend().send(SMSMessage(phone="+8613912345678", text="x", template_code="receipt"))
    with pytest.raises(SMSError, match="no Aliyun template"):
        AliyunBackend().send(SMSMessage(phone="+8613912345678", text="x", template_code="digest"))
