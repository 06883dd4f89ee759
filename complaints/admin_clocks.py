"""The statutory clocks in the admin: on the complaint page, and the recounts after calendar
changes. Nobody edits a clock by hand."""

from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from .models import Clock, ClockRecount


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ClockInline(ReadOnly, admin.TabularInline):
    model = Clock
    extra = 0
    fields = (
        "step",
        "frozen_rule",
        "started_at",
        "due",
        "provisional_years",
        "paused_days",
        "state",
        "ended",
    )
    readonly_fields = fields
    verbose_name_plural = _("statutory clocks")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("complaints.view_complaint")

    @admin.display(description=_("rule when it started"))
    def frozen_rule(self, clock):
        return f"{clock.days} {clock.get_unit_display()} · {clock.legal_basis}"

    @admin.display(description=_("ended"))
    def ended(self, clock):
        moves = format_html_join(
            "", "<br>{} → {} ({})", ((m["from"], m["to"], m["why"]) for m in clock.moves)
        )
        return format_html_join("", "{} {}", [(clock.ended_at or "", clock.ended_by)]) + moves


@admin.register(ClockRecount)
class ClockRecountAdmin(ReadOnly, admin.ModelAdmin):
    """When each calendar change was counted into the running clocks, and how many moved."""

    list_display = ("years", "requested_at", "finished_at", "moved")
    date_hierarchy = "requested_at"

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff
