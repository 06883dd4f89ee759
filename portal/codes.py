"""One-time codes: issued with limits, checked in constant time, used once."""

import datetime as dt
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import get_language

from notifications.services import send_verification_code

from .models import VerificationCode


class TooManyCodes(Exception):
    """A code was sent to this address too recently or too often."""


def _hash(code: str, target: str) -> str:
    return salted_hmac("portal.verification-code", f"{target}:{code}").hexdigest()


def code_issue(*, purpose: str, channel: str, target: str, complaint=None) -> None:
    now = timezone.now()
    recent = VerificationCode.objects.filter(purpose=purpose, target=target)
    if recent.filter(created_at__gt=now - dt.timedelta(seconds=settings.CODE_RESEND_SECONDS)).exists():
        raise TooManyCodes
    if recent.filter(created_at__gt=now - dt.timedelta(hours=1)).count() >= settings.CODE_MAX_PER_HOUR:
        raise TooManyCodes
    code = f"{secrets.randbelow(10**6):06d}"
    VerificationCode.objects.create(
        purpose=purpose,
        target=target,
        complaint=complaint,
        code_hash=_hash(code, target),
        expires_at=now + dt.timedelta(minutes=settings.CODE_VALID_MINUTES),
    )
    # Written to the outbox in this transaction and sent by a worker after commit: the request
    # never waits for a mail server or an SMS gateway.
    send_verification_code(
        channel=channel,
        address=target,
        code=code,
        minutes=settings.CODE_VALID_MINUTES,
        language=get_language() or settings.LANGUAGE_CODE,
    )


def code_check(*, purpose: str, target: str, code: str) -> bool:
    """True once for the latest unexpired code sent to ``target``; every wrong try counts.
    Inside a caller's transaction, the code is used up only if that transaction commits."""
    with transaction.atomic(savepoint=False):
        latest = (
            VerificationCode.objects.select_for_update()
            .filter(purpose=purpose, target=target, used_at=None, expires_at__gt=timezone.now())
            .first()
        )
        if latest is None or latest.attempts >= settings.CODE_MAX_ATTEMPTS:
            return False
        if not constant_time_compare(latest.code_hash, _hash(code.strip(), target)):
            VerificationCode.objects.filter(pk=latest.pk).update(attempts=F("attempts") + 1)
            return False
        VerificationCode.objects.filter(pk=latest.pk).update(used_at=timezone.now())
        return True
