from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints")

    def ready(self):
        from workcalendar.signals import calendar_changed

        from . import checks, receivers  # noqa: F401

        calendar_changed.connect(_refresh_after_calendar_change, dispatch_uid="complaints-calendar")


def _refresh_after_calendar_change(sender, years=(), dates=(), **kwargs):
    """Clocks are counted again in the worker, once the calendar change is committed."""
    from .clocks import recount_request
    from .models import _AHEAD

    _AHEAD.clear()
    recount_request(years=years, dates=dates)
