"""Figures for supervisors, computed by aggregate queries in the database.

Deadline figures come from the statutory clocks: a step counts in the period in which it was
taken (its clock ended there), on time if its clock ended met. An ended clock is never counted
again, so a later edit of a rule or of the official calendar leaves past periods as they were."""

import datetime as dt
from dataclasses import dataclass, replace
from functools import cached_property

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from .choices import Channel, ComplaintType, Satisfaction, Status
from .models import Clock, ClockEvent, Complaint, DeadlineRule

# The states of a clock whose step was taken (on time, or late).
ENDED = (Clock.State.MET, Clock.State.BREACHED)
STEP_FIGURES = ("ended", "on_time", "on_time_rate", "median_days", "mean_days")


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
            step__in=Clock.BY_STAFF,
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


def _nth(histogram, index):
    """The value at ``index`` (from 0) of the values of {value: how many}, in ascending order."""
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if index < seen:
            return value
    raise IndexError(index)


def _median(histogram):
    """The middle value, or the mean of the two middle ones (as PERCENTILE_CONT(0.5))."""
    total = sum(histogram.values())
    if not total:
        return None
    return (_nth(histogram, (total - 1) // 2) + _nth(histogram, total // 2)) / 2


def _mean(histogram):
    total = sum(histogram.values())
    return round(sum(value * n for value, n in histogram.items()) / total, 1) if total else None


def replied():
    """True for a complaint whose written reply was given: its reply clock ended, on time or
    late (a reply clock breached while still running is not a reply)."""
    return Exists(
        Clock.objects.filter(
            complaint=OuterRef("pk"), step=DeadlineRule.Kind.REPLY, state__in=ENDED, ended_at__isnull=False
        )
    )


def step_figures(filters: Filters) -> dict:
    """{step: {"ended", "on_time", "on_time_rate", "median_days", "mean_days"}} for each step
    staff owe, from the clocks that ended in the period. One query counts them by step, state
    and working days taken (a few hundred rows at most, whatever the period), read from the
    index alone; the rest is arithmetic on those counts."""
    rows = filters.ended_clocks().values_list("step", "state", "taken_days").annotate(n=Count("*"))
    ended, on_time = dict.fromkeys(Clock.BY_STAFF, 0), dict.fromkeys(Clock.BY_STAFF, 0)
    days = {step: {} for step in Clock.BY_STAFF}
    for step, state, taken, n in rows:
        ended[step] += n
        on_time[step] += n if state == Clock.State.MET else 0
        if taken is not None:
            days[step][taken] = days[step].get(taken, 0) + n
    return {
        step: {
            "ended": ended[step],
            "on_time": on_time[step],
            "on_time_rate": rate(on_time[step], ended[step]),
            "median_days": _median(days[step]),
            "mean_days": _mean(days[step]),
        }
        for step in Clock.BY_STAFF
    }


def trend_months(period: Period, months=12) -> list[dt.date]:
    """The first days of the ``months`` months ending with the period's last."""
    starts = [period.end.replace(day=1)]
    for _ in range(months - 1):
        starts.insert(0, (starts[0] - dt.timedelta(days=1)).replace(day=1))
    return starts


def _submitted_in(period: Period) -> Q:
    start, end = period.bounds()
    return Q(submitted_at__gte=start, submitted_at__lt=end)


# What became of the complaints received in a period, counted in one pass.
OUTCOMES = {
    "received": Q(),
    "accepted": Q(accepted_at__isnull=False),
    "rejected": Q(status=Status.REJECTED),
    "withdrawn": Q(status=Status.WITHDRAWN),
    "rated": ~Q(satisfaction=""),
    "satisfied": Q(satisfaction=Satisfaction.SATISFIED),
    "appealed": Q(appeal_count__gt=0),
}


class Statistics:
    """The figures of one selection, read in few passes, each once: one over the complaints
    received in the period or in the trend's months (what became of those of the period, by
    type and channel, and the count of each month), one over those of them replied to, one
    over the clocks that ended in the period. Filtered counts, not grouping by a month worked
    out for every row in the time zone."""

    def __init__(self, filters: Filters, months=12):
        self.filters, period = filters, filters.period
        self.months = trend_months(period, months)
        covered = Period(min(period.start, self.months[0]), Period.month_of(period.end).end)
        self.window = replace(filters, period=covered)

    def _per_month(self):
        return {
            f"month:{i}": Count("pk", filter=_submitted_in(Period.month_of(first)))
            for i, first in enumerate(self.months)
        }

    @cached_property
    def received(self) -> dict:
        period = _submitted_in(self.filters.period)
        counts = {name: Count("pk", filter=period & test) for name, test in OUTCOMES.items()}
        for kind in ComplaintType.values:
            counts[f"type:{kind}"] = Count("pk", filter=period & Q(complaint_type=kind))
        for channel in Channel.values:
            counts[f"channel:{channel}"] = Count("pk", filter=period & Q(channel=channel))
        return self.window.received().aggregate(**counts, **self._per_month())

    @cached_property
    def replied(self) -> dict:
        """Of the same complaints, those whose written reply was given."""
        resolved = Count("pk", filter=_submitted_in(self.filters.period))
        return self.window.received().filter(replied()).aggregate(resolved=resolved, **self._per_month())

    def figures(self) -> dict:
        """Every figure of the period, flat (``acceptance_on_time_rate``, ``reply_median_days``…),
        with the per-step figures also under ``steps``."""
        counts = {name: self.received[name] for name in OUTCOMES}
        counts["resolved"] = self.replied["resolved"]
        counts.update(
            resolution_rate=rate(counts["resolved"], counts["accepted"]),
            satisfaction_rate=rate(counts["satisfied"], counts["rated"]),
            appeal_rate=rate(counts["appealed"], counts["resolved"]),
        )
        steps = step_figures(self.filters)
        for step, values in steps.items():
            counts.update({f"{step}_{name}": values[name] for name in STEP_FIGURES})
        counts["steps"] = steps
        counts["breaches"] = self.filters.breaches().count()
        counts["overdue_now"] = self.filters.scope().overdue().count()
        return counts

    def by_type(self):
        return [(kind.label, self.received[f"type:{kind.value}"]) for kind in ComplaintType]

    def by_channel(self):
        return [(channel.label, self.received[f"channel:{channel.value}"]) for channel in Channel]

    def trend(self):
        """(first day of month, received, resolved) for the months ending with the period's:
        the complaints received in each month, and how many of them have had their written
        reply."""
        return [
            (first, self.received[f"month:{i}"], self.replied[f"month:{i}"])
            for i, first in enumerate(self.months)
        ]


def figures(filters: Filters) -> dict:
    return Statistics(filters).figures()


def by_type(filters: Filters):
    return Statistics(filters).by_type()


def by_channel(filters: Filters):
    return Statistics(filters).by_channel()


def trend(filters: Filters, months=12):
    return Statistics(filters, months).trend()


def top_companies(filters: Filters, limit=10):
    rows = filters.received().values("company__name").annotate(n=Count("pk")).order_by("-n", "company__name")
    return [(row["company__name"], row["n"]) for row in rows[:limit]]
