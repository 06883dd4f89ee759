"""SMS backends, chosen with the SMS_BACKEND setting the way EMAIL_BACKEND chooses email."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SMSMessage:
    phone: str
    text: str
    template_code: str = ""
    params: dict | None = None
    # The notice's stable identity, the same on every attempt (Aliyun's OutId, the gateway's
    # "id"): a resend after an interruption can be recognised as the same message.
    id: str = ""


class BaseBackend:
    def send(self, message: SMSMessage) -> None:
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    """Development: the message goes to the log instead of a phone."""

    def send(self, message):
        logger.info("SMS to %s: %s", message.phone, message.text)


outbox: list[SMSMessage] = []


class MemoryBackend(BaseBackend):
    """Tests: messages are appended to ``notifications.sms.outbox``."""

    def send(self, message):
        outbox.append(message)


def get_backend() -> BaseBackend:
    return import_string(settings.SMS_BACKEND)()


class SMSError(Exception):
    """The gateway did not accept the message."""


class HttpBackend(BaseBackend):
    """A generic SMS gateway over HTTP: POSTs JSON {"id", "phone", "text", "template",
    "params"} to SMS_HTTP_URL with SMS_HTTP_TOKEN as a bearer token; any 2xx answer means
    accepted. "id" is the same on every attempt of one notice, for the gateway to deduplicate."""

    def send(self, message):
        import json
        import urllib.error
        import urllib.request

        payload = json.dumps(
            {
                "id": message.id,
                "phone": message.phone,
                "text": message.text,
                "template": message.template_code,
                "params": message.params or {},
            }
        ).encode()
        request = urllib.request.Request(  # noqa: S310 (the URL is the operator's own setting)
            settings.SMS_HTTP_URL,
            data=payload,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.SMS_HTTP_TOKEN}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.SMS_HTTP_TIMEOUT) as response:  # noqa: S310
                if not 200 <= response.status < 300:
                    raise SMSError(f"gateway answered {response.status}")
        except urllib.error.HTTPError as exc:
            raise SMSError(f"gateway answered {exc.code}: {exc.read()[:200]!r}") from exc
        except (urllib.error.URLError, TimeoutError) as exc:
            raise SMSError(f"gateway unreachable: {exc}") from exc


def aliyun_endpoint(value):
    """(protocol, host[:port]) from ALIYUN_SMS_ENDPOINT: a host name (HTTPS) or a URL
    (``http://127.0.0.1:8080`` for a local stand-in of the service)."""
    if "://" not in value:
        return "https", value.strip("/")
    protocol, _, host = value.partition("://")
    return protocol.lower(), host.strip("/")


class AliyunBackend(BaseBackend):
    """Alibaba Cloud SMS (Dysmsapi 2017-05-25): a signed template and its parameters (the
    notice's parameters, e.g. ``${code}``, ``${number}``, ``${track_url}``, as strings), the
    notice's identity as OutId."""

    def send(self, message):
        import json

        from alibabacloud_dysmsapi20170525 import models as sms_models
        from alibabacloud_dysmsapi20170525.client import Client
        from alibabacloud_tea_openapi.utils_models import Config

        protocol, endpoint = aliyun_endpoint(settings.ALIYUN_SMS_ENDPOINT)
        timeout_ms = settings.SMS_HTTP_TIMEOUT * 1000
        client = Client(
            Config(
                access_key_id=settings.ALIYUN_SMS_ACCESS_KEY_ID,
                access_key_secret=settings.ALIYUN_SMS_ACCESS_KEY_SECRET,
                endpoint=endpoint,
                protocol=protocol,
                connect_timeout=timeout_ms,
                read_timeout=timeout_ms,
            )
        )
        template = settings.ALIYUN_SMS_TEMPLATES.get(message.template_code)
        if not template:
            raise SMSError(f"no Aliyun template configured for {message.template_code!r}")
        response = client.send_sms(
            sms_models.SendSmsRequest(
                phone_numbers=message.phone,
                sign_name=settings.ALIYUN_SMS_SIGN_NAME,
                template_code=template,
                template_param=json.dumps(
                    {name: str(value) for name, value in (message.params or {}).items()}, ensure_ascii=False
                ),
                out_id=message.id or None,
            )
        )
        if response.body.code != "OK":
            raise SMSError(f"{response.body.code}: {response.body.message}")
