"""Numbering complaints, and the queries the staff queues use."""

import time
from dataclasses import dataclass

from django.db import connection, models
from django.utils import timezone

from workcalendar.services import WorkCalendar

from ..choices import OPEN_STATES


class DailySequence(models.Model):
    """The last complaint number handed out on a day."""

    day = models.DateField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.day}: {self.last}"

    @classmethod
    def next_for(cls, day):
        """The next number of ``day``, in one statement: the row stays locked until the
        surrounding transaction ends, so two filings on the same day never get the same one."""
        table = connection.ops.quote_name(cls._meta.db_table)
        with connection.cursor() as cursor:
            # Only the model's own table name is put into the statement.
            sql = f"INSERT INTO {table} (day, last) VALUES (%s, 1) ON CONFLICT (day) "  # noqa: S608
            cursor.execute(f"{sql}DO UPDATE SET last = {table}.last + 1 RETURNING last", [day])
            return cursor.fetchone()[0]


_AHEAD = {}


def working_days_ahead(today, days):
    """The date ``days`` working days after ``today``, remembered for ten minutes in this
    process (the staff queues ask for it on every page; calendar edits clear it)."""
    key, now = (today, days), time.monotonic()
    cached = _AHEAD.get(key)
    if cached is None or now - cached[1] > 600:
        cached = _AHEAD[key] = (WorkCalendar().add(today, days).date, now)
    return cached[0]


class ComplaintQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATES)

    def with_appeal_until(self):
        """Each complaint with the last day of its latest appeal window (``appeal_deadline``)."""
        from .clock import Clock

        latest = Clock.objects.filter(complaint=models.OuterRef("pk"), step="appeal_window")
        return self.annotate(
            appeal_until=models.Subquery(latest.order_by("-started_at", "-pk").values("due")[:1])
        )

    def overdue(self, today=None):
        return self.filter(next_due__lt=today or timezone.localdate())

    def due_within(self, working_days, today=None):
        today = today or timezone.localdate()
        return self.filter(next_due__gte=today, next_due__lte=working_days_ahead(today, working_days))


@dataclass(frozen=True)
class Urgency:
    """How near a due date is, as the staff queues colour it: ``breached`` (past), ``soon``
    (within DUE_SOON_WORKING_DAYS working days: the "due soon" queue), ``ok``; with the working
    days left (negative: working days late)."""

    level: str
    days_left: int

    @classmethod
    def of(cls, due, today=None, calendar=None):
        from django.conf import settings

        today = today or timezone.localdate()
        calendar = calendar or WorkCalendar()
        if due < today:
            return cls("breached", -calendar.working_days_between(due, today))
        days = calendar.working_days_between(today, due)
        soon = due <= working_days_ahead(today, settings.DUE_SOON_WORKING_DAYS)
        return cls("soon" if soon else "ok", days)
