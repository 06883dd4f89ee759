"""Figures for supervisors, computed by aggregate queries in the database.

Deadline figures come from the statutory clocks: a step counts in the period in which it was
taken (its clock ended there), on time if its clock ended met. An ended clock is never counted
again, so a later edit of a rule or of the official calendar leaves past periods as they were."""

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import Aggregate, Avg, Count, Exists, FloatField, OuterRef, Q
from django.utils import timezone

from .choices import Channel, ComplaintType, Satisfaction, Status
from .models import Clock, ClockEvent, Complaint, DeadlineRule

# The states of a clock whose step was taken (on time, or late).
ENDED = (Clock.State.MET, Clock.State.BREACHED)
STEP_FIGURES = ("ended", "on_time", "on_time_rate", "median_days", "mean_days")


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

    def narrow(self, prefix=""):
        """The filters other than the period, on complaints reached through ``prefix``."""
        wanted = {
            "complaint_type": self.complaint_type,
            "company_id": self.company_id,
            "channel": self.channel,
        }
        return Q(**{f"{prefix}{field}": value for field, value in wanted.items() if value})

    def scope(self):
        """Complaints matching the filters other than the period."""
        return Complaint.objects.order_by().filter(self.narrow())

    def received(self):
        start, end = self.period.bounds()
        return self.scope().filter(submitted_at__gte=start, submitted_at__lt=end)

    def ended_clocks(self):
        """Clocks of the steps staff owe, taken (met or breached) in the period."""
        start, end = self.period.bounds()
        return Clock.objects.order_by().filter(
            self.narrow("complaint__"),
            step__in=Clock.OWED,
            ended_at__gte=start,
            ended_at__lt=end,
            state__in=ENDED,
        )

    def breaches(self):
        """Breaches recorded in the period (the sweep's, or a late step's, breach event)."""
        start, end = self.period.bounds()
        return ClockEvent.objects.order_by().filter(
            self.narrow("clock__complaint__"),
            kind=ClockEvent.BREACH,
            fired_at__gte=start,
            fired_at__lt=end,
        )


def rate(part, whole):
    return round(100 * part / whole, 1) if whole else None


def _rounded(value):
    return None if value is None else round(value, 1)


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


def replied():
    """True for a complaint whose written reply was given (its reply clock ended met or late)."""
    return Exists(
        Clock.objects.filter(complaint=OuterRef("pk"), step=DeadlineRule.Kind.REPLY, state__in=ENDED)
    )


def step_figures(filters: Filters) -> dict:
    """{step: {"ended", "on_time", "on_time_rate", "median_days", "mean_days"}} for each step
    staff owe, from the clocks that ended in the period: one query (one per median elsewhere
    than on PostgreSQL)."""
    clocks = filters.ended_clocks()
    postgres = connection.vendor == "postgresql"
    aggregates = {}
    for step in Clock.OWED:
        mine = Q(step=step)
        aggregates[f"{step}_ended"] = Count("pk", filter=mine)
        aggregates[f"{step}_on_time"] = Count("pk", filter=mine & Q(state=Clock.State.MET))
        aggregates[f"{step}_mean_days"] = Avg("taken_days", filter=mine)
        if postgres:
            aggregates[f"{step}_median_days"] = Median("taken_days", filter=mine)
    found = clocks.aggregate(**aggregates)
    steps = {}
    for step in Clock.OWED:
        ended, on_time = found[f"{step}_ended"], found[f"{step}_on_time"]
        median = found[f"{step}_median_days"] if postgres else _median(clocks.filter(step=step), "taken_days")
        steps[step] = {
            "ended": ended,
            "on_time": on_time,
            "on_time_rate": rate(on_time, ended),
            "median_days": median,
            "mean_days": _rounded(found[f"{step}_mean_days"]),
        }
    return steps


def complaint_figures(filters: Filters) -> dict:
    """What became of the complaints received in the period."""
    counts = filters.received().aggregate(
        received=Count("pk"),
        accepted=Count("pk", filter=Q(accepted_at__isnull=False)),
        rejected=Count("pk", filter=Q(status=Status.REJECTED)),
        resolved=Count("pk", filter=Q(replied())),
        withdrawn=Count("pk", filter=Q(status=Status.WITHDRAWN)),
        rated=Count("pk", filter=~Q(satisfaction="")),
        satisfied=Count("pk", filter=Q(satisfaction=Satisfaction.SATISFIED)),
        appealed=Count("pk", filter=Q(appeal_count__gt=0)),
    )
    counts.update(
        resolution_rate=rate(counts["resolved"], counts["accepted"]),
        satisfaction_rate=rate(counts["satisfied"], counts["rated"]),
        appeal_rate=rate(counts["appealed"], counts["resolved"]),
    )
    return counts


def figures(filters: Filters) -> dict:
    """Every figure of the period, flat (``acceptance_on_time_rate``, ``reply_median_days``…),
    with the per-step figures also under ``steps``."""
    counts = complaint_figures(filters)
    steps = step_figures(filters)
    for step, values in steps.items():
        counts.update({f"{step}_{name}": values[name] for name in STEP_FIGURES})
    counts["steps"] = steps
    counts["breaches"] = filters.breaches().count()
    counts["overdue_now"] = filters.scope().overdue().count()
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
    """(first day of month, received, resolved) for the 12 months ending with the period's:
    the complaints received in each month, and how many of them have had their written reply.
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
        counts[f"resolved_{index}"] = Count("pk", filter=month & Q(replied=True))
    found = window.received().annotate(replied=replied()).aggregate(**counts)
    return [(first, found[f"received_{i}"], found[f"resolved_{i}"]) for i, first in enumerate(starts)]
