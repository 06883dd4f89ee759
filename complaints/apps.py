from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints")

    def ready(self):
        from workcalendar.signals import calendar_changed

        from . import checks, receivers  # noqa: F401

        calendar_changed.connect(_refresh_after_calendar_change, dispatch_uid="complaints-calendar")


def _refresh_after_calendar_change(sender, years, **kwargs):
    from .models import _AHEAD
    from .services import complaints_refresh_due_dates

    _AHEAD.clear()
    complaints_refresh_due_dates(years=years)
