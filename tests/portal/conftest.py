import re

import pytest

from notifications import sms
from tests.evidence.conftest import private_storage  # noqa: F401 (each test gets its own evidence folder)


@pytest.fixture(autouse=True)
def sms_outbox():
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.fixture(autouse=True)
def _codes_delivered_when_written(monkeypatch):
    """Codes go out through the worker after commit; these tests never commit, so each code is
    delivered through the same delivery function as soon as it is written."""
    from notifications import services

    real = services.send_verification_code

    def send_and_deliver(**fields):
        notice = real(**fields)
        if notice is not None:
            services.notice_deliver(notice.pk)
        return notice

    monkeypatch.setattr("portal.codes.send_verification_code", send_and_deliver)


def last_code(outbox, phone=None):
    messages = [m for m in outbox if phone is None or m.phone == phone]
    return re.search(r"\d{6}", messages[-1].text).group()


def last_email_code(mailoutbox, address):
    body = [m for m in mailoutbox if address in m.to][-1].body
    return re.search(r"(?<!\d)\d{6}(?!\d)", body).group()


TELECOM = {
    "company_name": "中国移动通信集团有限公司",
    "service_phone": "13800138000",
    "service_account": "2000123456",
    "occurred_at": "2026-11-01T10:00",
    "location_system": "中国移动 App",
    "location_function": "账单详情",
    "observed": "套餐被擅自变更为 199 元。",
    "expected": "保持 58 元套餐。",
    "consequence": "多扣 141 元。",
    "amount": "141",
    "demands": ["refund", "apology"],
    "complainant_name": "张三",
    "complainant_phone": "13912345678",
    "complainant_email": "",
    "contact_preference": "sms",
    "privacy_consent": "on",
}


@pytest.fixture
def file_telecom(client, sms_outbox):
    """File a complaint through the portal as a person would: ask for a code, then submit."""

    def file(data=None, files=()):
        data = {**TELECOM, **(data or {})}
        client.post("/file/telecom/", {**data, "action": "send_code"})
        code = last_code(sms_outbox)
        return client.post("/file/telecom/", {**data, "code": code, "action": "submit", "files": list(files)})

    return file
