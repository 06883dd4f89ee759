from django.db.models.signals import post_delete, post_migrate, post_save
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


@receiver(post_save, sender=CalendarYear, dispatch_uid="workcalendar-cache-year-saved")
@receiver(post_delete, sender=CalendarYear, dispatch_uid="workcalendar-cache-year-deleted")
@receiver(post_save, sender=CalendarDay, dispatch_uid="workcalendar-cache-day-saved")
@receiver(post_delete, sender=CalendarDay, dispatch_uid="workcalendar-cache-day-deleted")
def _calendar_row_changed(sender, using=None, **kwargs):
    CALENDAR.changed(using)


@receiver(post_migrate, dispatch_uid="workcalendar-cache-migrated")
def _migrated(sender, **kwargs):
    """Migrations (historical models send no signal) and ``flush``."""
    if sender.label == CalendarYear._meta.app_label:
        CALENDAR.bump_if_cached()
