from django.dispatch import Signal, receiver

from .models import CalendarDay, CalendarYear
from .services import CALENDAR

# Sent after the official calendar changed, with ``years`` (ints: years entered or removed) and
# ``dates`` (days whose kind changed in a year that was already known).
calendar_changed = Signal()


# The official days kept in the shared cache are dropped when the change commits: on this
# signal (the admin, load_calendar) and on any save or delete of a year or a day (the shell).
@receiver(calendar_changed, dispatch_uid="workcalendar-cache")
def _calendar_changed(sender, **kwargs):
    CALENDAR.changed()


CALENDAR.follow(CalendarYear, CalendarDay)
