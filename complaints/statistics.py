"""Figures for supervisors, computed by aggregate queries in the database."""

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import Aggregate, Avg, Count, F, FloatField, Q
from django.utils import timezone

from .choices import Channel, ComplaintType, Satisfaction, Status
from .models import Complaint


class Median(Aggregate):
    """PostgreSQL's exact median of a column."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    @classmethod
    def month_of(cls, day):
        first = day.replace(day=1)
        following = (first + dt.timedelta(days=32)).replace(day=1)
        return cls(first, following - dt.timedelta(days=1))

    def bounds(self):
        zone = timezone.get_current_timezone()
        start = dt.datetime.combine(self.start, dt.time.min, tzinfo=zone)
        return start, dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)


@dataclass(frozen=True)
class Filters:
    period: Period
    complaint_type: str = ""
    company_id: int | None = None
    channel: str = ""

    def scope(self):
        """Complaints matching the filters other than the period."""
        scope = Complaint.objects.order_by()
        if self.complaint_type:
            scope = scope.filter(complaint_type=self.complaint_type)
        if self.company_id:
            scope = scope.filter(company_id=self.company_id)
        if self.channel:
            scope = scope.filter(channel=self.channel)
        return scope

    def received(self):
        start, end = self.period.bounds()
        return self.scope().filter(submitted_at__gte=start, submitted_at__lt=end)


def rate(part, whole):
    return round(100 * part / whole, 1) if whole else None


def _median(queryset, field):
    values = queryset.exclude(**{f"{field}__isnull": True})
    if connection.vendor == "postgresql":
        return values.aggregate(median=Median(field))["median"]
    count = values.count()
    if not count:
        return None
    ordered = values.order_by(field).values_list(field, flat=True)
    middle = ordered[(count - 1) // 2 : count // 2 + 1]
    return sum(middle) / len(middle)


def figures(filters: Filters) -> dict:
    received = filters.received()
    counts = received.aggregate(
        received=Count("pk"),
        accepted=Count("pk", filter=Q(accepted_at__isnull=False)),
        rejected=Count("pk", filter=Q(status=Status.REJECTED)),
        resolved=Count("pk", filter=Q(replied_on__isnull=False)),
        withdrawn=Count("pk", filter=Q(status=Status.WITHDRAWN)),
        decided=Count("pk", filter=Q(decided_on__isnull=False)),
        decided_on_time=Count("pk", filter=Q(decided_on__lte=F("acceptance_due"))),
        replied_on_time=Count("pk", filter=Q(replied_on__lte=F("reply_due"))),
        mediated_on_time=Count("pk", filter=Q(replied_on__lte=F("mediation_due"))),
        appeals_decided=Count("pk", filter=Q(appeal_decided_on__isnull=False)),
        appeals_on_time=Count("pk", filter=Q(appeal_decided_on__lte=F("review_due"))),
        rated=Count("pk", filter=~Q(satisfaction="")),
        satisfied=Count("pk", filter=Q(satisfaction=Satisfaction.SATISFIED)),
        appealed=Count("pk", filter=Q(appeal_count__gt=0)),
        mean_days=Avg("handling_working_days"),
    )
    counts["median_days"] = _median(received, "handling_working_days")
    counts["overdue_now"] = filters.scope().overdue().count()
    counts.update(
        resolution_rate=rate(counts["resolved"], counts["accepted"]),
        acceptance_on_time_rate=rate(counts["decided_on_time"], counts["decided"]),
        reply_on_time_rate=rate(counts["replied_on_time"], counts["resolved"]),
        mediation_on_time_rate=rate(counts["mediated_on_time"], counts["resolved"]),
        review_on_time_rate=rate(counts["appeals_on_time"], counts["appeals_decided"]),
        satisfaction_rate=rate(counts["satisfied"], counts["rated"]),
        appeal_rate=rate(counts["appealed"], counts["resolved"]),
    )
    if counts["mean_days"] is not None:
        counts["mean_days"] = round(counts["mean_days"], 1)
    return counts


def top_companies(filters: Filters, limit=10):
    rows = filters.received().values("company__name").annotate(n=Count("pk")).order_by("-n", "company__name")
    return [(row["company__name"], row["n"]) for row in rows[:limit]]


def by_type(filters: Filters):
    found = dict(filters.received().values_list("complaint_type").annotate(n=Count("pk")))
    return [(kind.label, found.get(kind.value, 0)) for kind in ComplaintType]


def by_channel(filters: Filters):
    found = dict(filters.received().values_list("channel").annotate(n=Count("pk")))
    return [(channel.label, found.get(channel.value, 0)) for channel in Channel]


def trend(filters: Filters, months=12):
    """(first day of month, received, resolved) for the 12 months ending with the period's.
    One pass over the index: a filtered count per month (cheaper than truncating every row's
    timestamp to its month in the time zone)."""
    last = filters.period.end.replace(day=1)
    starts = [last]
    for _ in range(months - 1):
        starts.insert(0, (starts[0] - dt.timedelta(days=1)).replace(day=1))
    window = Filters(
        Period(starts[0], Period.month_of(last).end),
        filters.complaint_type,
        filters.company_id,
        filters.channel,
    )
    counts = {}
    for index, first in enumerate(starts):
        begin, end = Period.month_of(first).bounds()
        month = Q(submitted_at__gte=begin, submitted_at__lt=end)
        counts[f"received_{index}"] = Count("pk", filter=month)
        counts[f"resolved_{index}"] = Count("pk", filter=month & Q(replied_on__isnull=False))
    found = window.received().aggregate(**counts)
    return [(first, found[f"received_{i}"], found[f"resolved_{i}"]) for i, first in enumerate(starts)]
