from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The public pages: filing, receipt, tracking and the complainant's actions."""

    name = "portal"
    verbose_name = _("Public portal")
