"""The admin site: staff who need a second factor reach it only after giving one."""

from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.decorators.cache import never_cache

from . import second_factor, views


class StaffAdminSite(admin.AdminSite):
    # The lists and the case view need the width of a laptop screen; the index has the links.
    enable_nav_sidebar = False

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        return request.user.is_verified() or not second_factor.required(request.user)

    def login(self, request, extra_context=None):
        """Signed in with the password but not yet the second factor: ask for it (or set it up)."""
        user = request.user
        if user.is_authenticated and second_factor.required(user) and not user.is_verified():
            step = "verify" if second_factor.authenticator(user) else "setup"
            return redirect_keeping_next(request, f"admin:second-factor-{step}")
        return super().login(request, extra_context)

    def get_urls(self):
        pending = self._signed_in_with_password
        return [
            # Signing out works half-way through the sign-in too (no second factor yet).
            path("logout/", never_cache(self.logout), name="logout"),
            path("second-factor/", pending(views.verify), name="second-factor-verify"),
            path("second-factor/setup/", pending(views.setup), name="second-factor-setup"),
            path(
                "second-factor/recovery-codes/",
                self.admin_view(views.recovery_codes),
                name="second-factor-recovery-codes",
            ),
            *super().get_urls(),
        ]

    def _signed_in_with_password(self, view):
        """The second-factor pages: for active staff who gave their password."""

        def guarded(request, *args, **kwargs):
            user = request.user
            if not (user.is_active and user.is_staff):
                return redirect_keeping_next(request, "admin:login")
            return view(request, *args, context=self.each_context(request), **kwargs)

        return never_cache(guarded)


def redirect_keeping_next(request, name):
    return redirect(f"{reverse(name)}?{urlencode({REDIRECT_FIELD_NAME: views.next_page(request)})}")
