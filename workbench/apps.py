from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkbenchConfig(AppConfig):
    """The staff's working pages over the admin: the case view, queues, the dashboard."""

    name = "workbench"
    verbose_name = _("Workbench")
    default_auto_field = "django.db.models.BigAutoField"
