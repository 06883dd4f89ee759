from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    """Files that support a complaint: screenshots, documents, recordings, videos."""

    name = "evidence"
    verbose_name = _("Evidence")

    def ready(self):
        from . import receivers  # noqa: F401
