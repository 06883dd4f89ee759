"""The hourly sweep over the statutory clocks (warnings, breaches, the second level), and the
breach report drawn from what it recorded."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .models import Clock, ClockEvent, Complaint
from .signals import deadlines_reached


@dataclass(frozen=True)
class Fired:
    """A deadline event the sweep has just claimed (the receivers tell people of it)."""

    id: int
    kind: str
    complaint_id: int
    step: str
    due: dt.date
    assignee_id: int | None


def deadlines_sweep(*, today=None) -> dict:
    """Mark clocks whose due date passed as breached, and send every warning, breach and
    second-level event whose day has come, once.

    Events are claimed by one conditional UPDATE (``fired_at IS NULL``), so two sweeps at once,
    or a retried task, send nothing twice: the second waits for the first's row locks, then
    finds them taken. Whom each event told is recorded on it, in the same transaction."""
    today, now = today or timezone.localdate(), timezone.now()
    with transaction.atomic():
        breached = Clock.objects.filter(
            state=Clock.State.RUNNING, ended_at=None, due__lt=today, step__in=Clock.OWED
        ).update(state=Clock.State.BREACHED, breached_at=now)
        fired = _claim(now, today)
        told = {}
        if fired:
            for _receiver, answer in deadlines_reached.send(sender=Clock, events=fired):
                for event_id, people in (answer or {}).items():
                    told.setdefault(event_id, []).extend(people)
        _record(told)
    sent = Counter(event.kind.split(":")[0] for event in fired)
    return {"breached": breached, **sent}


def _claim(now, today) -> list[Fired]:
    tables = (connection.ops.quote_name(m._meta.db_table) for m in (ClockEvent, Clock, Complaint))
    event, clock, complaint = tables
    # Only the models' own table names are put into the statement. SQLite returns only the
    # updated table's columns: the clocks' are read after.
    sql = f"""
        UPDATE {event} SET fired_at = %s, handler_id = c.assignee_id,
            complaint_type = c.complaint_type, company_id = c.company_id
        FROM {clock} k, {complaint} c
        WHERE {event}.clock_id = k.id AND k.complaint_id = c.id
            AND {event}.fired_at IS NULL AND {event}.due_on <= %s
            AND k.ended_at IS NULL AND k.state IN (%s, %s)
        RETURNING {event}.id, {event}.kind, {event}.clock_id, {event}.handler_id
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [now, today, Clock.State.RUNNING, Clock.State.BREACHED])
        rows = cursor.fetchall()
    clocks = {}
    ids = sorted({clock_id for _pk, _kind, clock_id, _handler in rows})
    for start in range(0, len(ids), 5000):
        found = Clock.objects.filter(pk__in=ids[start : start + 5000]).values_list(
            "pk", "complaint_id", "step", "due"
        )
        clocks.update({pk: values for pk, *values in found})
    return [Fired(pk, kind, *clocks[clock_id], handler) for pk, kind, clock_id, handler in rows]


def _record(told):
    """Write whom each event told: one statement for each list of people many events share
    (the warnings of one assignee), the rest in batches."""
    groups = {}
    for event_id, people in told.items():
        groups.setdefault(tuple(sorted(set(people))), []).append(event_id)
    single = []
    for people, ids in groups.items():
        if len(ids) < 20:
            single.extend(ClockEvent(pk=pk, told=list(people)) for pk in ids)
            continue
        for start in range(0, len(ids), 5000):
            ClockEvent.objects.filter(pk__in=ids[start : start + 5000]).update(told=list(people))
    ClockEvent.objects.bulk_update(single, ["told"], batch_size=1000)


def breach_report(start: dt.date, end: dt.date, where=None) -> dict:
    """Breaches recorded from ``start`` to ``end`` (inclusive), of the complaints ``where``
    selects (a Q on the event), counted by handler, complaint type, company and month (as they
    were at the breach): {"total", "by_handler", "by_type", "by_company", "by_month"}."""
    zone = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    breaches = ClockEvent.objects.filter(
        where or Q(), kind=ClockEvent.BREACH, fired_at__gte=since, fired_at__lt=until
    ).order_by()

    def count(*fields):
        return list(breaches.values(*fields).annotate(n=Count("pk")).order_by("-n", *fields))

    return {
        "total": breaches.count(),
        "by_handler": count("handler__username", "handler__first_name", "handler__last_name"),
        "by_type": count("complaint_type"),
        "by_company": count("company__name")[:20],
        "by_month": list(
            breaches.annotate(month=TruncMonth("fired_at", tzinfo=zone))
            .values("month")
            .annotate(n=Count("pk"))
            .order_by("month")
        ),
    }
