"""Sending notices. Verification codes go out at once: they expire within minutes."""

from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from .sms import SMSMessage, get_backend


def send_verification_code(*, channel: str, address: str, code: str, minutes: int, language: str) -> None:
    with translation.override(language):
        text = _(
            "Complaint Desk verification code: %(code)s. Valid for %(minutes)d minutes. Do not share it."
        ) % {
            "code": code,
            "minutes": minutes,
        }
        if channel == "email":
            send_mail(_("Your verification code"), text, None, [address])
        else:
            get_backend().send(SMSMessage(phone=address, text=text, params={"code": code}))
