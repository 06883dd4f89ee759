"""How much one visitor may ask of the portal: rate limits, bytes of files kept for forms not
yet submitted, and failed tries before a captcha. Counted per address (``config.client_ip``,
so a client without cookies is counted too) and, where a browser keeps one, per session.

Counts live in the default cache. If it does not answer, the counts read as nothing and people
are let through (django-ratelimit's RATELIMIT_FAIL_OPEN, django-redis's IGNORE_EXCEPTIONS, both
logged): filing must go on during a Redis outage."""

from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum
from django_ratelimit.core import is_ratelimited

from config.client_ip import client_network
from evidence.models import StagedUpload

SESSION_FAILURES = "portal_failures"
HOUR = 3600


def limited(request, group, rate=None) -> bool:
    """Count this POST in ``group`` and say whether the address went over ``rate``."""
    return is_ratelimited(
        request, group=group, key="ip", rate=rate or settings.PORTAL_RATE, method="POST", increment=True
    )


def _address_key(kind, request):
    return f"portal:{kind}:{client_network(request)}"


def _count(key) -> int:
    return cache.get(key) or 0


def _add(key, amount):
    """Add to a counter that lives for an hour from its first use."""
    if not cache.add(key, amount, HOUR):
        try:
            cache.incr(key, amount)
        except ValueError:  # expired between add and incr
            cache.add(key, amount, HOUR)


def staging_allowance(request, owner) -> int:
    """Bytes this visitor may still stage: what is left of the session's and of the address's cap."""
    in_session = StagedUpload.objects.filter(owner=owner).aggregate(total=Sum("size"))["total"] or 0
    by_address = _count(_address_key("staged", request))
    return max(
        0,
        min(
            settings.STAGED_MAX_BYTES_PER_SESSION - in_session,
            settings.STAGED_MAX_BYTES_PER_ADDRESS - by_address,
        ),
    )


def staging_charge(request, nbytes):
    if nbytes:
        _add(_address_key("staged", request), nbytes)


def record_failure(request):
    """A failed submission counts for the session and for the address."""
    request.session[SESSION_FAILURES] = request.session.get(SESSION_FAILURES, 0) + 1
    _add(_address_key("failures", request), 1)


def clear_failures(request):
    """After a success; a visitor who never failed gets no session (and no session write)."""
    request.session.pop(SESSION_FAILURES, None)


def needs_captcha(request) -> bool:
    return (
        request.session.get(SESSION_FAILURES, 0) >= settings.CAPTCHA_AFTER_FAILURES
        or _count(_address_key("failures", request)) >= settings.CAPTCHA_AFTER_FAILURES_PER_ADDRESS
    )
