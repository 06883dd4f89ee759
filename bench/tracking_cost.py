"""CPU per tracking page, first view against a repeat view, and per public filing (form and
submission), in-process through the WSGI handler (no HTTP, no load driver) on the large database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/tracking_cost.py

A first view reads the complaint, its history and messages, and its files, and renders the
page; a repeat view of an unchanged complaint reads the complaint and takes the rest from the
page cache. Filing uses the one-time codes that bench/load_prepare.py stores, and the company
"演示企业00001有限公司" (seed_bulk names its companies so).

    … bench/tracking_cost.py --filing    # the filing only (any database with those codes)

Besides this process's CPU, each figure of the filing gives its SQL statements and, on a
local PostgreSQL, the CPU its server process spent (read from /proc, in clock ticks of 10 ms,
so only the total over every request is meaningful).
"""

import argparse
import io
import os
import re
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("PORTAL_RATE", "1000000/h")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("CACHE_URL", "locmemcache://")  # rate limits; no cache table needed

import django  # noqa: E402

django.setup()

from django.core.cache import caches  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from complaints.models import Complaint  # noqa: E402

HANDLER = WSGIHandler()
N = 250  # below the per-process page cache's 300 entries


def call(method, path, body=b"", cookie=""):
    """One request through Django's WSGI handler; returns (status, headers, body)."""
    answer = {}
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_COOKIE": cookie,
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
    }
    result = HANDLER(environ, lambda status, headers: answer.update(status=status, headers=headers))
    content = b"".join(result)
    result.close()
    return answer["status"], answer["headers"], content


def cpu_ms(requests):
    """Median CPU milliseconds of each request, in rounds of 50 (the machine is shared)."""
    rounds = []
    for start in range(0, len(requests), 50):
        began = time.process_time()
        for request in requests[start : start + 50]:
            request()
        rounds.append((time.process_time() - began) * 1000 / len(requests[start : start + 50]))
    return statistics.median(rounds)


def server_cpu_ms():
    """CPU milliseconds the PostgreSQL process of this connection has used so far, or None."""
    if connection.vendor != "postgresql":
        return None
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def costs(requests):
    """(median CPU ms of this process, the server's CPU ms per request or None)."""
    before = server_cpu_ms()
    ours = cpu_ms(requests)
    after = server_cpu_ms()
    server = None if before is None or after is None else (after - before) / len(requests)
    return ours, server


def statements(request):
    """SQL statements of one request."""
    with CaptureQueriesContext(connection) as queries:
        request()
    return len(queries)


def track(token):
    def view():
        status, _headers, _body = call("GET", f"/track/{token}/")
        assert status.startswith("200"), status

    return view


def filing_form():
    status, headers, body = call("GET", "/file/other/")
    assert status.startswith("200"), status
    cookie = next(v for k, v in headers if k == "Set-Cookie" and "csrftoken=" in v)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    return cookie.strip().split(";")[0], token


def filing_post(n, cookie, token):
    data = {
        "company_name": "演示企业00001有限公司",
        "occurred_at": "2026-11-01T10:00",
        "observed": "账单金额与套餐不符。",
        "demands": "refund",
        "complainant_name": f"Load {n}",
        "complainant_phone": "13912345678",
        "complainant_email": f"load{n % 5000}@example.com",
        "contact_preference": "email",
        "privacy_consent": "on",
        "code": "123456",
        "action": "submit",
        "csrfmiddlewaretoken": token,
    }

    def post():
        status, _headers, _body = call("POST", "/file/other/", urllib.parse.urlencode(data).encode(), cookie)
        assert status.startswith("302"), status

    return post


def tracking():
    tokens = list(Complaint.objects.order_by("?").values_list("access_token", flat=True)[: N * 2])
    for token in tokens[:20]:
        track(token)()  # warm up: templates, translations, connections
    caches["pages"].clear()  # this process's own page cache (PAGE_CACHE_URL unset)
    first = cpu_ms([track(t) for t in tokens[20 : 20 + N]])
    again = cpu_ms([track(t) for t in tokens[20 : 20 + N]])
    print(f"tracking page, first view (3 queries + rendering): {first:.2f} ms CPU")
    print(f"tracking page, repeat view (1 query + page cache):  {again:.2f} ms CPU")


def server(figure):
    return "" if figure is None else f" + {figure:.2f} ms PostgreSQL"


def filing():
    for _ in range(5):
        filing_form()  # warm up: templates, translations, connections, the rules
    forms, forms_db = costs([filing_form for _ in range(N // 2)])
    pairs = [filing_form() for _ in range(N // 2 + 1)]
    posts, posts_db = costs([filing_post(n, c, t) for n, (c, t) in enumerate(pairs[1:])])
    get_sql, post_sql = statements(filing_form), statements(filing_post(N, *pairs[0]))
    print(f"filing form (GET): {forms:.2f} ms CPU{server(forms_db)}, {get_sql} SQL statements")
    print(f"filing submission (POST): {posts:.2f} ms CPU{server(posts_db)}, {post_sql} SQL statements")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--filing", action="store_true", help="only the filing (form and submission)")
    if not parser.parse_args().filing:
        tracking()
    filing()


if __name__ == "__main__":
    main()
