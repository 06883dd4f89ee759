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
