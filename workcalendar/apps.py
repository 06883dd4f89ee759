from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkCalendarConfig(AppConfig):
    name = "workcalendar"
    verbose_name = _("Official calendar")

    def ready(self):
        from . import signals  # noqa: F401  (the receivers that keep the cached calendar current)
