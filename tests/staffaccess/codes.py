"""The codes an authenticator app would show, for tests that sign in as staff."""

import re
import time
from base64 import b32decode

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def app_code(key, later=0):
    """The six digits an app holding ``key`` (bytes) shows now, or ``later`` steps ahead."""
    totp = TOTP(key)
    totp.time = time.time() + 30 * later
    return f"{totp.token():06d}"


def key_from_page(text):
    """The key as the setup page prints it for typing by hand (base32 in groups of four)."""
    letters = re.sub(r"\s", "", text)
    return b32decode(letters + "=" * (-len(letters) % 8))


def next_code(user):
    """A code the user's confirmed authenticator has not accepted yet."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    now = TOTP(device.bin_key)
    now.time = time.time()
    return app_code(device.bin_key, later=max(0, (device.last_t or -1) + 1 - now.t()))
