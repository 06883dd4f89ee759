"""Who must sign in to the admin with a second factor, and the factors themselves.

Supervisors and superusers always need one; SECOND_FACTOR_ROLES names the other staff roles
that do. The second factor is an authenticator app's six-digit code (TOTP, django-otp), or one
of ten single-use recovery codes kept for a lost phone.
"""

from django.conf import settings
from django.db import transaction
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10


def required(user):
    if not (user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=settings.SECOND_FACTOR_ROLES).exists()


def authenticator(user, confirmed=True):
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()


def new_authenticator(user):
    """An authenticator not yet confirmed, in place of any earlier unconfirmed one."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def check(request, code):
    """Passes the session's second factor with a code from the app or a recovery code.

    Returns False for a wrong code (django-otp slows repeated failures down per device).
    """
    code = "".join(code.split()).lower()
    device = authenticator(request.user) if code.isdigit() else _recovery_device(request.user)
    if device is None:
        return False
    matched = verify_token(request.user, device.persistent_id, code)
    if matched is None:
        return False
    _passed(request, matched)
    return True


@transaction.atomic
def confirm(request, device, code):
    """Confirms a new authenticator with its first code; returns the new recovery codes."""
    if not device.verify_token("".join(code.split())):
        return None
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    _passed(request, device)
    return new_recovery_codes(device.user)


@transaction.atomic
def new_recovery_codes(user):
    """Ten new recovery codes; the earlier ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": "recovery"})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user).count()


def _passed(request, device):
    """The session passed the second factor: a new session key, as at any sign-in."""
    request.session.cycle_key()
    otp_login(request, device)


def _recovery_device(user):
    return StaticDevice.objects.filter(user=user, confirmed=True).first()
