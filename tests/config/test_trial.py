"""The deployment guide's trial, run as written: two gunicorns behind nginx (TLS), one Celery
worker and one beat, on PostgreSQL and Redis; two complaints filed through the proxy, their
pages served by both nodes in turn, their codes sent by the worker through an SMS gateway."""

import http.server
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest
import requests
from django.conf import settings
from django.db import connection

from tests.notifications.conftest import free_port, private_redis, wait_for  # noqa: F401
from tests.portal.conftest import TELECOM

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the guide's trial runs on PostgreSQL"),
    pytest.mark.skipif(not shutil.which("nginx"), reason="nginx is not installed"),
]


def trial_commands():
    guide = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    block = guide.split("<!-- trial:start -->")[1].split("<!-- trial:end -->")[0]
    return block.strip().removeprefix("```sh").removesuffix("```")


class Gateway(http.server.BaseHTTPRequestHandler):
    """An SMS gateway on loopback: keeps what the worker sends it."""

    received = []

    def do_POST(self):  # noqa: N802
        Gateway.received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Gateway.received.clear()
    yield f"http://127.0.0.1:{server.server_address[1]}/sms"
    server.shutdown()


@pytest.fixture
def database():
    name = f"desk_trial_{os.getpid()}"
    admin = {**settings.DATABASES["default"], "NAME": "postgres"}
    url = f"postgres://{admin['USER']}@{admin['HOST']}:{admin['PORT'] or 5432}"
    with psycopg.connect(f"{url}/postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"')
    yield f"{url}/{name}"
    with psycopg.connect(f"{url}/postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def trial(tmp_path, database, private_redis, gateway):  # noqa: F811
    port, nodes = free_port(), [free_port(), free_port()]
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "trial-" + "k" * 50,
        "ALLOWED_HOSTS": "localhost",
        "CSRF_TRUSTED_ORIGINS": f"https://localhost:{port}",
        "TRUSTED_PROXY_HOPS": "1",
        "DATABASE_URL": database,
        "CELERY_BROKER_URL": private_redis.url,
        "CACHE_URL": private_redis.url.replace("/0", "/1").replace("redis://", "rediscache://"),
        "PAGE_CACHE_URL": private_redis.url.replace("/0", "/4").replace("redis://", "rediscache://"),
        "VAR_DIR": str(tmp_path / "var"),
        "SMS_BACKEND": "notifications.sms.HttpBackend",
        "SMS_HTTP_URL": gateway,
        "TRIAL_DIR": str(tmp_path / "trial"),
        "PROXY_PORT": str(port),
        "NODE_PORTS": " ".join(map(str, nodes)),
    }
    for name in ("DATABASE_REPLICA_URL", "EMAIL_URL", "S3_BUCKET"):
        env.pop(name, None)
    process = subprocess.Popen(
        ["bash", "-c", "set -e\n" + trial_commands()],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"https://localhost:{port}"
    try:
        certificate = tmp_path / "trial" / "cert.pem"
        ready = wait_for(lambda: _ready(base, certificate) or process.poll() is not None, timeout=240)
        assert ready and process.poll() is None, process.stdout.read().decode()[-3000:]
        yield base, tmp_path / "trial", nodes
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        time.sleep(1)


def _ready(base, certificate):
    try:
        return requests.get(f"{base}/health/ready/", verify=str(certificate), timeout=5).status_code == 200
    except (requests.RequestException, OSError):  # OSError: no certificate yet
        return False


def file_complaint(base, certificate, phone):
    browser = requests.Session()
    browser.verify = str(certificate)
    browser.trust_env = False  # else REQUESTS_CA_BUNDLE replaces the certificate
    form = browser.get(f"{base}/file/telecom/")
    assert form.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    fields = {**TELECOM, "complainant_phone": phone, "csrfmiddlewaretoken": token}
    headers = {"Referer": f"{base}/file/telecom/"}
    sent = browser.post(f"{base}/file/telecom/", {**fields, "action": "send_code"}, headers=headers)
    assert sent.status_code == 200, sent.text[:500]
    assert wait_for(lambda: any(phone in m["phone"] for m in Gateway.received), timeout=60)
    code = re.search(r"\d{6}", next(m["text"] for m in Gateway.received if phone in m["phone"])).group()
    filed = browser.post(
        f"{base}/file/telecom/",
        {**fields, "action": "submit", "code": code},
        headers=headers,
        allow_redirects=False,
    )
    assert filed.status_code == 302 and "/receipt/" in filed.headers["Location"], filed.text[:500]
    receipt = browser.get(base + filed.headers["Location"])
    return re.search(r"TS-\d{8}-\d{6}", receipt.text).group()


def test_two_nodes_behind_nginx_file_complaints_as_one_site(trial):
    base, trial_dir, nodes = trial
    logs, certificate = trial_dir / "logs", trial_dir / "cert.pem"
    numbers = [file_complaint(base, certificate, phone) for phone in ("13912345601", "13912345602")]
    assert len(set(numbers)) == 2
    served = {
        port: [
            json.loads(line)
            for line in (logs / f"web-{port}.log").read_text().splitlines()
            if '"path"' in line
        ]
        for port in nodes
    }
    for port, lines in served.items():
        filings = [line for line in lines if line["path"] == "/file/telecom/" and line["method"] == "POST"]
        assert filings, f"node {port} served no step of a filing"
        assert all(line["ip"] == "127.0.0.1" and line["port"] for line in filings)
        assert all(line["request_id"] for line in lines)
    for process, said in (("worker", "ready."), ("beat", "beat: Starting...")):
        logged = [
            json.loads(line) for line in (logs / f"{process}.log").read_text().splitlines() if line[:1] == "{"
        ]
        assert any(line["message"].endswith(said) for line in logged), process
