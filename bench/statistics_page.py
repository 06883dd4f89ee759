"""Time the supervisors' statistics page on a large PostgreSQL database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/statistics_page.py

Seed first with `manage.py seed_bulk --complaints 1000000`. Prints, for each period, the
median and worst of 5 requests (after one warm-up) and the SQL queries per request.
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
from django.utils import timezone  # noqa: E402

from complaints import roles  # noqa: E402
from complaints.models import Clock, ClockEvent, Complaint  # noqa: E402

URL = "/admin/complaints/complaint/statistics/"


def main():
    user, _ = get_user_model().objects.get_or_create(username="bench-supervisor", defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name=roles.SUPERVISOR))
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(user)
    today = timezone.localdate()
    periods = {
        "this month": {},
        "last 12 months": {"start": today.replace(year=today.year - 1).isoformat(), "end": today.isoformat()},
        "this month, telecom": {
            "start": today.replace(day=1).isoformat(),
            "end": today.isoformat(),
            "complaint_type": "telecom",
        },
    }
    breaches = ClockEvent.objects.filter(kind=ClockEvent.BREACH).exclude(fired_at=None).count()
    print(f"complaints={Complaint.objects.count()} clocks={Clock.objects.count()} breaches={breaches}")
    for name, query in periods.items():
        assert client.get(URL, query).status_code == 200
        times = []
        for _ in range(5):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(URL, query)
                times.append(time.perf_counter() - started)
            assert response.status_code == 200
        print(
            f"{name}: median={statistics.median(times):.3f}s worst={max(times):.3f}s queries={len(queries)}"
        )


if __name__ == "__main__":
    main()
