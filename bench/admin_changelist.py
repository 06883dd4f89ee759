"""Time the staff changelist and a change page on a large PostgreSQL database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/admin_changelist.py

In-process (Django's test client, no HTTP), as a supervisor: one warm-up, then 20 requests
each; prints p50, p99 (the slowest of 20) and SQL queries per request.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from complaints import roles  # noqa: E402
from complaints.models import Complaint  # noqa: E402

BASE = "/admin/complaints/complaint/"


def measure(client, url, runs=20):
    assert client.get(url).status_code == 200
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200
    return statistics.median(times) * 1000, max(times) * 1000, len(queries)


def main():
    user, _ = get_user_model().objects.get_or_create(username="bench-supervisor", defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name=roles.SUPERVISOR))
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(user)
    some = Complaint.objects.filter(status="in_progress").order_by("-pk").values_list("pk", flat=True).first()
    print(f"complaints={Complaint.objects.count()}")
    for name, url in [
        ("changelist (default)", BASE),
        ("changelist, overdue filter", BASE + "?deadline=overdue"),
        ("changelist, due soon filter", BASE + "?deadline=soon"),
        ("changelist, search by number", BASE + "?q=TS-20261101-000001"),
        ("change page", f"{BASE}{some}/change/"),
    ]:
        p50, p99, queries = measure(client, url)
        print(f"{name}: p50={p50:.0f}ms p99={p99:.0f}ms queries={queries}")


if __name__ == "__main__":
    main()
