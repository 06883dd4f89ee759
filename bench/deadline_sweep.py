"""Time the deadline sweep on a large PostgreSQL database with 1 % of complaints due.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/deadline_sweep.py

Makes 1 % of the complaints due: half of them have a running reply clock whose due date passed
two days ago (its breach is due: the supervisors and the complainant are told), the other half
a "due within 3 working days" warning due today (their assignees are told). Then runs the sweep
once (seconds, peak RSS of this process above what it used before, SQL statements) and a second
time (it must find nothing). The changes are rolled back at the end.
"""

import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from complaints.deadlines import deadlines_sweep  # noqa: E402
from complaints.models import Clock, ClockEvent, Complaint  # noqa: E402
from notifications.models import Notice  # noqa: E402


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Rollback(Exception):
    pass


def main():
    total = Complaint.objects.count()
    due = total // 100
    today = timezone.localdate()
    try:
        with transaction.atomic():
            # What a sweep an hour ago would have sent: nothing else is due now.
            ClockEvent.objects.filter(fired_at=None, due_on__lte=today).update(fired_at=timezone.now())
            clocks = list(
                Clock.objects.filter(step="reply", state="running", ended_at=None, due__gte=today)
                .order_by("pk")
                .values_list("pk", flat=True)[:due]
            )
            half = len(clocks) // 2
            late, soon = clocks[:half], clocks[half:]
            Clock.objects.filter(pk__in=late).update(due=today - timezone.timedelta(days=2))
            ClockEvent.objects.filter(clock__in=late, kind="breach").update(
                due_on=today - timezone.timedelta(days=1)
            )
            ClockEvent.objects.filter(clock__in=soon, kind="due_soon").update(due_on=today, fired_at=None)
            ids = clocks
            notices_before = Notice.objects.count()
            base = peak_mb()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                counts = deadlines_sweep()
                seconds = time.perf_counter() - started
            peak = peak_mb()
            started = time.perf_counter()
            again = deadlines_sweep()
            second = time.perf_counter() - started
            print(f"complaints={total} due={len(ids)}")
            print(f"sweep: seconds={seconds:.2f} claimed={counts} statements={len(queries)}")
            written = Notice.objects.count() - notices_before
            print(f"peak_rss_above_start_mb={peak - base:.1f} notices_written={written}")
            print(f"second sweep: seconds={second:.2f} claimed={again}")
            raise Rollback
    except Rollback:
        pass
    with connection.cursor() as cursor:  # the rolled-back updates left dead rows behind
        cursor.execute("VACUUM ANALYZE complaints_clock")
        cursor.execute("VACUUM ANALYZE complaints_clockevent")


if __name__ == "__main__":
    main()
