"""Real parts for the notification tests: an SMTP server, an HTTP SMS gateway and a stand-in
for Aliyun's SMS API on loopback, a private redis-server, and a Celery worker over Redis; and
the clock pinned wherever behaviour depends on it."""

import datetime as dt
import email
import hashlib
import hmac
import json
import socket
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, quote, urlsplit
from zoneinfo import ZoneInfo

import pytest
import redis
import time_machine
from aiosmtpd.controller import Controller

from notifications import sms

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A working Monday afternoon in Shanghai: no quiet hours, no holiday.
DAYTIME = dt.datetime(2026, 11, 30, 14, 0, tzinfo=SHANGHAI)


@pytest.fixture
def daytime():
    """The clock at DAYTIME (ticking, so the worker, Redis and retries behave): what is sent at
    once does not depend on when the suite runs."""
    with time_machine.travel(DAYTIME.timestamp(), tick=True) as traveller:
        yield traveller


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Mailbox:
    """aiosmtpd handler: keeps every message; while ``refuse`` holds a reply (``"451 4.3.0 Try
    again later"``, ``"550 5.7.1 Delivery refused"``) it answers every message with it."""

    def __init__(self):
        self.messages, self.refuse = [], ""

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        if self.refuse:
            return self.refuse
        self.messages.append(envelope)
        return "250 OK"

    def parsed(self):
        return [email.message_from_bytes(envelope.content) for envelope in self.messages]


@pytest.fixture
def smtp(settings):
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield mailbox
    controller.stop()


class Gateway(BaseHTTPRequestHandler):
    """A local SMS gateway; with ``echo`` it answers with the request it got, as some do."""

    received: list = []
    status = 200
    echo = False

    def do_POST(self):  # noqa: N802 (http.server's hook name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append({"auth": self.headers["Authorization"], **json.loads(body)})
        self.send_response(type(self).status)
        self.end_headers()
        self.wfile.write(body if type(self).echo else b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def sms_gateway(settings):
    Gateway.received, Gateway.status, Gateway.echo = [], 200, False
    server = ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.SMS_BACKEND = "notifications.sms.HttpBackend"
    settings.SMS_HTTP_URL = f"http://127.0.0.1:{server.server_port}/send"
    settings.SMS_HTTP_TOKEN = "gateway-token"
    yield Gateway
    server.shutdown()


class Aliyun(BaseHTTPRequestHandler):
    """Stands in for dysmsapi.aliyuncs.com: checks the request the Aliyun SDK sends (action,
    version, ACS3-HMAC-SHA256 signature over the canonical request with the test's secret) and
    keeps its parameters; answers ``answer`` (OK by default)."""

    secret = "test-secret"
    received: list = []
    refused: list = []
    answer: dict = {}

    def do_POST(self):  # noqa: N802 (http.server's hook name)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        problem = self.problem(body)
        if problem:
            type(self).refused.append(problem)
            self.reply(400, {"Code": "SignatureDoesNotMatch", "Message": problem})
            return
        type(self).received.append(dict(parse_qsl(urlsplit(self.path).query)))
        self.reply(200, {"RequestId": "req-1", "BizId": "biz-1", **type(self).answer})

    def problem(self, body):
        headers = {name.lower(): value for name, value in self.headers.items()}
        if (headers.get("x-acs-action"), headers.get("x-acs-version")) != ("SendSms", "2017-05-25"):
            return "not SendSms 2017-05-25"
        if headers.get("x-acs-content-sha256") != hashlib.sha256(body).hexdigest():
            return "payload hash"
        algorithm, _, fields = headers.get("authorization", "").partition(" ")
        parts = dict(field.split("=", 1) for field in fields.split(","))
        if algorithm != "ACS3-HMAC-SHA256" or parts.get("Credential") != "test-key-id":
            return "credential"
        signed = parts["SignedHeaders"].split(";")
        if not {"host", "x-acs-action", "x-acs-date", "x-acs-signature-nonce"} <= set(signed):
            return "headers not signed"
        url = urlsplit(self.path)
        query = sorted(parse_qsl(url.query, keep_blank_values=True))
        canonical = "\n".join(
            [
                self.command,
                url.path or "/",
                "&".join(f"{quote(k, safe='~')}={quote(v, safe='~')}" for k, v in query),
                "".join(f"{name}:{headers[name].strip()}\n" for name in signed),
                ";".join(signed),
                headers["x-acs-content-sha256"],
            ]
        )
        to_sign = f"ACS3-HMAC-SHA256\n{hashlib.sha256(canonical.encode()).hexdigest()}"
        expected = hmac.new(self.secret.encode(), to_sign.encode(), hashlib.sha256).hexdigest()
        return "" if hmac.compare_digest(expected, parts.get("Signature", "")) else "signature"

    def reply(self, status, payload):
        data = json.dumps({"Code": "OK", "Message": "OK", **payload}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def aliyun(settings):
    """The Aliyun backend, its SDK pointed at a stand-in on loopback over plain HTTP."""
    Aliyun.received, Aliyun.refused, Aliyun.answer = [], [], {}
    server = ThreadingHTTPServer(("127.0.0.1", 0), Aliyun)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.SMS_BACKEND = "notifications.sms.AliyunBackend"
    settings.ALIYUN_SMS_ENDPOINT = f"http://127.0.0.1:{server.server_port}"
    settings.ALIYUN_SMS_ACCESS_KEY_ID, settings.ALIYUN_SMS_ACCESS_KEY_SECRET = "test-key-id", Aliyun.secret
    settings.ALIYUN_SMS_SIGN_NAME = "投诉受理平台"
    settings.ALIYUN_SMS_TEMPLATES = {
        "receipt": "SMS_100001",
        "accepted": "SMS_100002",
        "verification_code": "SMS_100009",
    }
    yield Aliyun
    server.shutdown()


@pytest.fixture
def sms_outbox():
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


class RedisServer:
    """A redis-server of the test's own, on another port, that the test can stop and start."""

    def __init__(self):
        self.port, self.process = free_port(), None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def private_redis():
    server = RedisServer()
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


@pytest.fixture
def celery_app(private_redis):
    from config.celery import app

    previous = app.conf.broker_url
    _reset_connections(app)
    app.conf.update(broker_url=private_redis.url)
    yield app
    _reset_connections(app)
    app.conf.update(broker_url=previous)


def _reset_connections(app):
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def worker(celery_app, reference_data):
    """A real Celery worker (in a thread of this process) consuming from Redis."""
    from celery.contrib.testing.worker import start_worker

    # At the level production logs at: the worker sets the root logger's level (to ERROR by
    # default), which would silence the rest of the run's log (tests/logcheck.py).
    with start_worker(
        celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10, loglevel="INFO"
    ) as running:
        yield running


def wait_for(predicate, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False
