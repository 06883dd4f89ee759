"""Filing and tracking go on while the Redis that keeps the counters is down, and the counters
count visitors, not the proxy in front of them."""

import logging
import runpy

import pytest
from django.test import RequestFactory

from complaints.models import Complaint
from config.client_ip import client_ip, client_network
from config.settings import base as base_settings
from tests.notifications.conftest import RedisServer
from tests.portal.conftest import TELECOM, last_code


@pytest.fixture
def counters_on_redis(settings):
    """The documented production set-up: CACHE_URL on a Redis (here one of the test's own)."""
    server = RedisServer()
    server.start()
    settings.CACHES = {**settings.CACHES, "default": production_caches(server)["default"]}
    yield server
    if server.process.poll() is None:
        server.stop()


def production_caches(server):
    """CACHES as the settings module builds them when CACHE_URL names this Redis."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CACHE_URL", f"rediscache://127.0.0.1:{server.port}/1")
        return runpy.run_path(base_settings.__file__)["CACHES"]


@pytest.mark.django_db
def test_filing_and_tracking_go_on_while_redis_is_down(client, counters_on_redis, sms_outbox, caplog):
    settings_check = client.post("/file/telecom/", {**TELECOM, "action": "send_code"})
    assert settings_check.status_code == 200
    counters_on_redis.stop()
    caplog.set_level(logging.WARNING)
    client.post("/file/telecom/", {**TELECOM, "action": "send_code", "complainant_phone": "13912345679"})
    code = last_code(sms_outbox, "+8613912345679")
    response = client.post(
        "/file/telecom/", {**TELECOM, "complainant_phone": "13912345679", "code": code, "action": "submit"}
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert client.post("/track/", {"number": complaint.number}).status_code == 302
    assert client.get(f"/track/{complaint.access_token}/").status_code == 200
    assert any("Connection" in record.getMessage() or record.exc_info for record in caplog.records)


def _request(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize(
    ("hops", "remote", "forwarded", "address"),
    [
        (0, "203.0.113.9", None, "203.0.113.9"),
        (0, "203.0.113.9", "198.51.100.1", "203.0.113.9"),  # no proxy: the header is the client's
        (1, "10.0.0.2", "198.51.100.1", "198.51.100.1"),
        (1, "10.0.0.2", "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # what the client wrote is ignored
        (2, "10.0.0.3", "6.6.6.6, 198.51.100.1, 10.0.0.2", "198.51.100.1"),
        (1, "10.0.0.2", "", "10.0.0.2"),
        (1, "10.0.0.2", "not-an-address", "10.0.0.2"),
    ],
)
def test_the_client_address_is_read_through_the_trusted_proxies_only(
    settings, hops, remote, forwarded, address
):
    settings.TRUSTED_PROXY_HOPS = hops
    assert client_ip(_request(remote, forwarded)) == address


@pytest.mark.django_db
def test_behind_the_proxy_each_visitor_has_a_limit_of_their_own(client, settings, filed_complaint):
    settings.TRUSTED_PROXY_HOPS = 1

    def track(forwarded):
        data = {"number": filed_complaint.number}
        response = client.post("/track/", data, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
        return response.status_code

    assert [track("198.51.100.1") for _ in range(11)][-1] == 429
    assert track("9.9.9.9, 198.51.100.1") == 429  # a spoofed header does not make a new visitor
    assert track("198.51.100.2") == 302


@pytest.fixture
def filed_complaint(make_complaint):
    return make_complaint(complainant_phone="+8613912345678")


@pytest.mark.parametrize(
    ("remote", "counted"),
    [
        ("203.0.113.9", "203.0.113.9"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::"),
        ("2001:db8:1:2:bbbb::7", "2001:db8:1:2::"),  # the same subscriber's /64
    ],
)
def test_counters_count_an_ipv6_client_by_its_network(settings, remote, counted):
    settings.TRUSTED_PROXY_HOPS = 0
    assert client_network(_request(remote)) == counted
