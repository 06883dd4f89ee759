"""The production web process starts from gunicorn.conf.py and serves the app."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorn_serves_liveness_with_the_production_config(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "VAR_DIR": str(tmp_path),
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen([gunicorn, "-c", "gunicorn.conf.py", "config.wsgi"], cwd=ROOT, env=env)
    try:
        deadline, answer = time.monotonic() + 30, None
        while time.monotonic() < deadline and answer is None:
            try:
                answer = urllib.request.urlopen(f"http://127.0.0.1:{port}/health/live/", timeout=2)
            except OSError:
                time.sleep(0.3)
        assert answer is not None and answer.status == 200
    finally:
        process.terminate()
        process.wait(timeout=30)
