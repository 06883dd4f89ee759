"""Peak memory of a gunicorn worker while a 500 MB video is uploaded as evidence.

Starts the app under gunicorn (one sync worker) on 127.0.0.1 with a throwaway SQLite database
and evidence folder, logs in as staff, streams a multipart POST of a 500 MB MP4 to the evidence
upload page and reads the worker's peak resident set size (VmHWM, the kernel's accounting)
before and after. Prints the figures and exits non-zero if the upload failed.

    .venv/bin/python bench/upload_memory.py [--mb 500]
"""

import argparse
import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
MP4_HEADER = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2\x00\x00\x00\x08free"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def status_kb(pid, field):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(field)


class Session:
    def __init__(self, port):
        self.port, self.cookies = port, {}

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        headers = dict(headers or {})
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for key, morsel in SimpleCookie(header).items():
                self.cookies[key] = morsel.value
        conn.close()
        return response, data

    def csrf(self, path):
        self.request("GET", path)
        return self.cookies["csrftoken"]

    def login(self, username, password):
        token = self.csrf("/admin/login/")
        body = urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
        response, _ = self.request(
            "POST",
            "/admin/login/?next=/admin/",
            body,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{self.port}/",
            },
        )
        assert response.status == 302, f"login failed: {response.status}"

    def stream_upload(self, path, fields, file_field, file_path, filename):
        """POST multipart/form-data, reading the file from disk chunk by chunk."""
        boundary = uuid.uuid4().hex
        head = b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        )
        head += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{filename}"\r\n'
            "Content-Type: video/mp4\r\n\r\n"
        ).encode()
        tail = f"\r\n--{boundary}--\r\n".encode()
        length = len(head) + file_path.stat().st_size + len(tail)
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        conn.putrequest("POST", path)
        conn.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
        conn.putheader("Content-Length", str(length))
        conn.putheader("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        conn.putheader("Referer", f"http://127.0.0.1:{self.port}/")
        conn.endheaders()
        conn.send(head)
        with file_path.open("rb") as handle:
            while chunk := handle.read(1024 * 1024):
                conn.send(chunk)
        conn.send(tail)
        response = conn.getresponse()
        response.read()
        conn.close()
        return response


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=500)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-upload-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + uuid.uuid4().hex,
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "VAR_DIR": str(work / "var"),
        "MEDIA_ROOT": str(work / "private"),
        "EVIDENCE_MAX_MEDIA_MB": str(args.mb + 100),
        "EVIDENCE_MAX_TOTAL_MB": str(args.mb + 100),
        "TMPDIR": str(work / "tmp"),
        "LOG_LEVEL": "WARNING",
    }
    (work / "tmp").mkdir()
    manage = [PYTHON, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    setup = (
        "from django.contrib.auth.models import User;"
        "from django.utils import timezone;"
        "from complaints.models import Company, Complaint; from complaints.services import complaint_file;"
        "User.objects.create_superuser('bench', 'b@example.com', 'bench-pass-123');"
        "c = Complaint(company=Company.objects.create(name='Bench'), complaint_type='other',"
        " complainant_name='Bench', complainant_phone='+8613800138000', occurred_at=timezone.now(),"
        " observed='x', demands=['refund']); complaint_file(c); print(c.pk)"
    )
    complaint_id = subprocess.run(
        [*manage, "shell", "-c", setup], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout.split()[-1]

    video = work / "recording.mp4"
    with video.open("wb") as handle:
        handle.write(MP4_HEADER)
        handle.truncate(args.mb * 1024 * 1024)

    port = free_port()
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            "600",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        session = Session(port)
        for _ in range(100):
            try:
                session.request("GET", "/admin/login/")
                break
            except OSError:
                time.sleep(0.1)
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        worker = int(children[0])
        session.login("bench", "bench-pass-123")
        token = session.csrf("/admin/evidence/evidence/add/")
        idle = status_kb(worker, "VmRSS")
        Path(f"/proc/{worker}/clear_refs").write_text("5")  # reset the peak (VmHWM) to now
        started = time.monotonic()
        response = session.stream_upload(
            "/admin/evidence/evidence/add/",
            {"csrfmiddlewaretoken": token, "complaint": complaint_id, "description": "bench"},
            "file",
            video,
            "recording.mp4",
        )
        seconds = time.monotonic() - started
        peak = status_kb(worker, "VmHWM")
        stored = [p for p in (work / "private").rglob("*.mp4")]
        ok = response.status == 302 and len(stored) == 1 and stored[0].stat().st_size == video.stat().st_size
        print(f"upload_size_mb={args.mb}")
        print(f"http_status={response.status} stored={'yes' if ok else 'no'} seconds={seconds:.1f}")
        print(f"worker_rss_idle_mb={idle / 1024:.1f}")
        print(f"worker_rss_peak_mb={peak / 1024:.1f}")
        print(f"peak_above_idle_mb={(peak - idle) / 1024:.1f}")
        if not ok:
            sys.exit(1)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
