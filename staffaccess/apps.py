from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class StaffAccessConfig(AppConfig):
    name = "staffaccess"
    verbose_name = _("Staff access")
    default_auto_field = "django.db.models.BigAutoField"


class StaffAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on a site that asks staff for their second factor (staffaccess.site)."""

    default = False
    default_site = "staffaccess.site.StaffAdminSite"
