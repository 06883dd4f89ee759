"""Time the staff pages on a large PostgreSQL database: the list (default, sorted by due date
both ways, the queues, page sizes 50 and 200), the case view, the index and the dashboard.

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


def signed_in(user):
    """A client signed in as ``user``, second factor given (as the admin requires of supervisors)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def main():
    user, _ = get_user_model().objects.get_or_create(username="bench-supervisor", defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name=roles.SUPERVISOR))
    # The supervisor's own queue: a handful of open complaints, as a handler would have.
    mine = Complaint.objects.filter(status="in_progress").order_by("pk").values_list("pk", flat=True)[:40]
    Complaint.objects.filter(pk__in=list(mine)).update(assignee=user)
    client = signed_in(user)
    some = Complaint.objects.filter(status="in_progress").order_by("-pk").values_list("pk", flat=True).first()
    print(f"complaints={Complaint.objects.count()}")
    for name, url in [
        ("changelist (default)", BASE),
        ("changelist, by due date", BASE + "?o=6"),
        ("changelist, by due date, latest first", BASE + "?o=-6"),
        ("changelist, overdue filter", BASE + "?deadline=overdue"),
        ("changelist, due soon filter", BASE + "?deadline=soon"),
        ("queue: mine", BASE + "?queue=mine"),
        ("queue: not assigned", BASE + "?queue=unassigned"),
        ("changelist, search by number", BASE + "?q=TS-20261101-000001"),
        ("case view", f"{BASE}{some}/change/"),
        ("index (queue counts)", "/admin/"),
        ("dashboard", BASE + "dashboard/"),
    ]:
        p50, p99, queries = measure(client, url)
        print(f"{name}: p50={p50:.0f}ms p99={p99:.0f}ms queries={queries}")
    from django.contrib import admin

    model_admin = admin.site._registry[Complaint]
    for size in (50, 200):
        model_admin.list_per_page = size
        p50, p99, queries = measure(client, BASE + "?o=6")
        print(f"changelist by due date, {size} a page: p50={p50:.0f}ms p99={p99:.0f}ms queries={queries}")


if __name__ == "__main__":
    main()
