"""Reads shared by the admin, checks and commands."""

from django.db.models import Max
from django.utils import timezone

from workcalendar.services import missing_years

from .models import Clock, Complaint


def years_needing_calendar() -> set[int]:
    """Years that running deadlines reach: from this year to the last due date of an open
    clock, and any year a running deadline was counted through without
    official data (flagged on the complaint). Each read uses an index."""
    today = timezone.localdate()
    latest = [Clock.objects.filter(state__in=Clock.LIVE).aggregate(last=Max("due"))["last"]]
    last_year = max([today.year, *(day.year for day in latest if day)])
    years = set(range(today.year, last_year + 1))
    flagged_rows = (
        Complaint.objects.open()
        .exclude(calendar_missing="")
        .order_by()
        .values_list("calendar_missing", flat=True)
        .distinct()
    )
    for flagged in flagged_rows:
        years.update(int(y) for y in flagged.split(",") if y)
    return years


def years_without_calendar() -> list[int]:
    """The years running deadlines reach that have no official calendar data yet."""
    return missing_years(years_needing_calendar())
