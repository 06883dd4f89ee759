"""Reads shared by the admin, checks and commands."""

from .models import Complaint


def years_needing_calendar() -> set[int]:
    """Years that open complaints' due dates fall in without official calendar data."""
    years = set()
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
