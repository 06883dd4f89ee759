"""gunicorn in production: ``gunicorn -c gunicorn.conf.py config.wsgi`` (Procfile.production).
Each value can be set from the environment; the defaults suit one node of 2–4 cores behind a
reverse proxy that buffers uploads (nginx: ``client_max_body_size`` as in docs)."""

import multiprocessing
import os
from pathlib import Path

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
# Evidence uploads of up to EVIDENCE_MAX_MEDIA_MB (200 MB) are checked as they arrive: a worker
# may take that long on one request before it is restarted.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))
graceful_timeout = 30
keepalive = 5
# Request line and headers: the defaults, stated; bodies are limited by Django (evidence limits)
# and by the proxy.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
# A worker is replaced after this many requests (a slow leak cannot grow for ever).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = max_requests // 10
# The proxies whose X-Forwarded-* headers are believed: the same hosts TRUSTED_PROXY_HOPS counts.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"


def on_starting(server):
    """Counters of an earlier run of the server are not summed into this one's."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        for stale in Path(folder).glob("*.db"):
            stale.unlink()


def child_exit(server, worker):
    """With several workers, Prometheus counters live in PROMETHEUS_MULTIPROC_DIR (one file per
    worker, summed at /metrics); a worker that exits has its live gauges dropped."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
