"""A company's scorecard: month by month, what was complained about it and how it answered,
read from its complaints and from the clocks of its answers (ODR)."""

import datetime as dt
from statistics import median

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.db_router import statistics_reads

from .choices import Outcome, Satisfaction
from .models import Clock, Complaint, DeadlineRule, SettlementProposal

METHOD = _(
    "Received: complaints filed in the month. Forwarded: complaints forwarded to the company in "
    "the month. Answered in time: of the answers due in the month (given, or overdue by now), "
    "those given by their due date (10 working days on the official calendar unless a rule says "
    "otherwise). Working days to the answer: the median over the answers given in the month. "
    "Settled: results in the month that the company settled. Satisfaction: complainants "
    "satisfied over those who rated a result in the month. Performance confirmed: settlements "
    "the complainant confirmed, in the month, the company carried out, over those they "
    "answered about in the month (done or not done)."
)


def _bounds(month: dt.date):
    zone = timezone.get_current_timezone()
    first = month.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return (
        dt.datetime.combine(first, dt.time.min, tzinfo=zone),
        dt.datetime.combine(following, dt.time.min, tzinfo=zone),
    )


def scorecard(company, month: dt.date) -> dict:
    """The figures of ``company`` for the month holding ``month``."""
    start, end = _bounds(month)
    complaints = Complaint.objects.filter(company=company).order_by()
    answers = Clock.objects.filter(complaint__company=company, step=DeadlineRule.Kind.COMPANY).order_by()
    # Due in the month and either given or overdue by now; a clock cancelled after it was
    # breached (the complaint resolved without the company's answer) still counts.
    due = (
        answers.filter(due__gte=timezone.localdate(start), due__lt=timezone.localdate(end))
        .filter(Q(ended_at__isnull=False) | Q(due__lt=timezone.localdate()))
        .exclude(state=Clock.State.CANCELLED, breached_at=None)
    )
    given = answers.filter(ended_at__gte=start, ended_at__lt=end, taken_days__isnull=False)
    settled = complaints.filter(
        resolved_at__gte=start, resolved_at__lt=end, outcome=Outcome.SETTLED_BY_COMPANY
    )
    ratings = complaints.filter(closed_at__gte=start, closed_at__lt=end).aggregate(
        rated=Count("pk", filter=~Q(satisfaction="")),
        satisfied=Count("pk", filter=Q(satisfaction=Satisfaction.SATISFIED)),
    )
    counts = due.aggregate(due=Count("pk"), in_time=Count("pk", filter=Q(state=Clock.State.MET)))
    days = list(given.values_list("taken_days", flat=True))
    return {
        "received": complaints.filter(submitted_at__gte=start, submitted_at__lt=end).count(),
        "forwarded": complaints.filter(forwarded_at__gte=start, forwarded_at__lt=end).count(),
        "answers_due": counts["due"],
        "answered_in_time": counts["in_time"],
        "in_time_rate": _rate(counts["in_time"], counts["due"]),
        "median_days_to_answer": median(days) if days else None,
        "settled": settled.count(),
        "satisfaction_rate": _rate(ratings["satisfied"], ratings["rated"]),
        **_performance(company, start, end),
    }


def _performance(company, start, end):
    told = SettlementProposal.objects.filter(
        complaint__company=company, performance_at__gte=start, performance_at__lt=end
    ).aggregate(told=Count("pk"), done=Count("pk", filter=Q(performed=True)))
    return {"performance_confirmed": told["done"], "performance_told": told["told"]}


def _rate(part, whole):
    return round(100 * part / whole, 1) if whole else None


ROWS = (
    ("received", _("Received")),
    ("forwarded", _("Forwarded to the company")),
    ("answers_due", _("Answers due")),
    ("answered_in_time", _("Answered in time")),
    ("in_time_rate", _("Answered in time (%)")),
    ("median_days_to_answer", _("Median working days to the answer")),
    ("settled", _("Settled by the company")),
    ("satisfaction_rate", _("Complainants satisfied (%)")),
    ("performance_told", _("Settlements the complainant said were or were not carried out")),
    ("performance_confirmed", _("Performance confirmed by the complainant")),
)


def months_back(last: dt.date, count=12) -> list[dt.date]:
    """The first days of ``count`` months ending with the month of ``last``, oldest first."""
    months = [last.replace(day=1)]
    while len(months) < count:
        months.insert(0, (months[0] - dt.timedelta(days=1)).replace(day=1))
    return months


def table(company, last: dt.date, count=12):
    """[(label, [value per month])] for the ``count`` months ending with ``last``'s."""
    months = months_back(last, count)
    with statistics_reads():
        cards = [scorecard(company, month) for month in months]
    return months, [(label, [card[key] for card in cards]) for key, label in ROWS]
