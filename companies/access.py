"""Who may use the company pages: signed-in users of a company, never staff."""

import functools

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from .models import CompanyMember


def current_member(request) -> CompanyMember | None:
    """The signed-in user's membership of a company, or None (staff never have one here)."""
    user = request.user
    if not user.is_authenticated or user.is_staff or not user.is_active:
        return None
    if not hasattr(request, "_company_member"):
        request._company_member = (
            CompanyMember.objects.select_related("company", "user").filter(user=user).first()
        )
    return request._company_member


def member_required(view=None, *, manager=False):
    """The view is for a company's users (``manager``: its managers only); it gets the
    membership as ``request.member``. Others are sent to the company sign-in page."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            member = current_member(request)
            if member is None:
                return redirect_to_login(request.get_full_path(), reverse("companies:login"))
            if manager and not member.is_manager:
                raise PermissionDenied
            request.member = member
            return view(request, *args, **kwargs)

        return wrapped

    return decorate(view) if view is not None else decorate
