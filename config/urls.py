from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, register_converter
from django.utils.translation import gettext_lazy as _

from . import health, i18n, metrics
from .converters import ComplaintNumberConverter, TokenConverter

register_converter(TokenConverter, "token")
register_converter(ComplaintNumberConverter, "number")

admin.site.site_header = _("Complaint Desk")
admin.site.site_title = _("Complaint Desk")
admin.site.index_title = _("Complaint handling")

urlpatterns = [
    path("health/live/", health.Liveness.as_view(), name="health-live"),
    path("health/ready/", health.Readiness.as_view(), name="health-ready"),
    path("metrics", metrics.metrics, name="metrics"),
    path("i18n/setlang/", i18n.set_language, name="set_language"),
    path("", include("evidence.urls")),
    path("captcha/", include("captcha.urls")),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("company/", include("companies.urls")),
    path("", include("portal.urls")),
    prefix_default_language=False,
)
