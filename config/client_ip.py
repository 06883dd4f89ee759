"""The address a request came from, as the rate limits and the upload caps count it."""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """``REMOTE_ADDR``, or behind ``TRUSTED_PROXY_HOPS`` reverse proxies the address the
    outermost of them saw. Each proxy appends the address it received from to
    ``X-Forwarded-For``, so only the last ``hops`` entries were written by proxies we trust;
    whatever a client put in front of them is ignored, and spoofing the header gains nothing."""
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_HOPS
    if not hops:
        return remote
    chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [part for part in chain if part]
    if len(chain) < hops:
        return remote  # not through all our proxies: a direct connection counts as itself
    try:
        return str(ipaddress.ip_address(chain[-hops]))
    except ValueError:
        return remote


def client_network(request) -> str:
    """The client as counters count it: an IPv4 address, or an IPv6 address's /64, which one
    subscriber holds whole (as django-ratelimit counts them), so rotating addresses inside it
    gains nothing."""
    address = client_ip(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address) if ip.version == 6 else str(ip)
