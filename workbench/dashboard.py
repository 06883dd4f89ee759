"""The supervisors' dashboard: today's intake, open complaints by status, overdue and due soon
by handler, each handler's workload, breaches this week; every figure links to its list."""

import datetime as dt
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.choices import OPEN_STATES, Status
from complaints.models import ClockEvent, Complaint, working_days_ahead


def _list(**query):
    return f"{reverse('admin:complaints_complaint_changelist')}?{urlencode(query)}"


def figures(today=None):
    today = today or timezone.localdate()
    start = timezone.make_aware(dt.datetime.combine(today, dt.time()))
    week_start = start - dt.timedelta(days=today.weekday())
    open_ = Complaint.objects.open().order_by()
    by_status = dict(open_.values_list("status").annotate(n=Count("pk")))
    soon_until = working_days_ahead(today, settings.DUE_SOON_WORKING_DAYS)
    per_handler = (
        open_.values("assignee")
        .annotate(
            open=Count("pk"),
            overdue=Count("pk", filter=Q(next_due__lt=today)),
            soon=Count("pk", filter=Q(next_due__gte=today, next_due__lte=soon_until)),
        )
        .order_by("-overdue", "-soon", "-open")
    )
    names = {
        user.pk: user.get_full_name() or user.get_username()
        for user in get_user_model().objects.filter(
            pk__in=[row["assignee"] for row in per_handler if row["assignee"]]
        )
    }
    return {
        "intake_today": Complaint.objects.filter(submitted_at__gte=start).count(),
        "intake_url": _list(submitted_at__gte=start.isoformat()),
        "by_status": [
            (Status(value).label, by_status.get(value, 0), _list(status__exact=value))
            for value in OPEN_STATES
        ],
        "handlers": [
            {
                "name": names.get(row["assignee"], _("Not assigned")),
                **{key: row[key] for key in ("open", "overdue", "soon")},
                "open_url": _list(queue="open", assignee=row["assignee"] or "none"),
                "overdue_url": _list(queue="open", assignee=row["assignee"] or "none", deadline="overdue"),
                "soon_url": _list(queue="open", assignee=row["assignee"] or "none", deadline="soon"),
            }
            for row in per_handler
        ],
        "breaches_week": ClockEvent.objects.filter(
            kind__in=ClockEvent.BREACHES, fired_at__gte=week_start
        ).count(),
        "breaches_url": f"{reverse('admin:complaints_clockevent_changelist')}?kind=breach",
    }
