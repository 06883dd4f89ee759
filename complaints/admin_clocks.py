"""The statutory clocks in the admin: on the complaint page, and the recounts after calendar
changes. Nobody edits a clock by hand."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .extensions import extension_check, extension_decide, extension_request
from .models import Clock, ClockEvent, ClockExtension, ClockRecount


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
        "taken_days",
        "ended",
        "told",
        "more_time",
    )
    readonly_fields = fields
    verbose_name_plural = _("statutory clocks")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("complaints.view_complaint")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("events")

    @admin.display(description=_("rule when it started"))
    def frozen_rule(self, clock):
        return f"{clock.days} {clock.get_unit_display()} · {clock.legal_basis}"

    @admin.display(description=_("extension"))
    def more_time(self, clock):
        granted = _("%(days)d days granted") % {"days": clock.extended_days} if clock.extended_days else ""
        if not clock.is_open or clock.extended_days >= clock.max_extension_days:
            return granted
        url = reverse("admin:complaints_clockextension_add") + f"?clock={clock.pk}"
        return format_html('{} <a href="{}">{}</a>', granted, url, _("Ask for more time"))

    @admin.display(description=_("warnings sent"))
    def told(self, clock):
        sent = [
            (event.label, event.fired_at, ", ".join(event.told))
            for event in clock.events.all()
            if event.fired_at
        ]
        return format_html_join("", "{} · {} · {}<br>", sent)

    @admin.display(description=_("ended"))
    def ended(self, clock):
        moves = format_html_join(
            "", "<br>{} → {} ({})", ((m["from"], m["to"], m["why"]) for m in clock.moves)
        )
        return format_html_join("", "{} {}", [(clock.ended_at or "", clock.ended_by)]) + moves


@admin.register(ClockEvent)
class ClockEventAdmin(ReadOnly, admin.ModelAdmin):
    """Every warning, breach and second level, planned or sent, with whom it told: the record
    the breach report counts."""

    list_display = ("complaint", "step", "what", "due_on", "fired_at", "handler", "told")
    list_filter = ("kind", ("fired_at", admin.EmptyFieldListFilter), "clock__step")
    list_select_related = ("clock__complaint", "handler")
    date_hierarchy = "due_on"
    search_fields = ("clock__complaint__number",)

    @admin.display(description=_("complaint"), ordering="clock__complaint__number")
    def complaint(self, event):
        return event.clock.complaint.number

    @admin.display(description=_("step"))
    def step(self, event):
        return event.clock.get_step_display()

    @admin.display(description=_("kind"))
    def what(self, event):
        return event.label


@admin.register(ClockRecount)
class ClockRecountAdmin(ReadOnly, admin.ModelAdmin):
    """When each calendar change was counted into the running clocks, and how many moved."""

    list_display = ("years", "requested_at", "finished_at", "moved")
    date_hierarchy = "requested_at"

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff


class ExtensionRequestForm(forms.ModelForm):
    """Asking for more time: the request's own checks, as form errors."""

    class Meta:
        model = ClockExtension
        fields = ["clock", "days", "reason"]

    user = None  # the staff user asking, set by the admin

    def clean(self):
        data = super().clean()
        if data.get("clock") is not None and data.get("days") is not None:
            try:
                extension_check(
                    clock=data["clock"], days=data["days"], reason=data.get("reason", ""), by=self.user
                )
            except (ValidationError, PermissionDenied) as exc:
                raise ValidationError(_messages(exc)) from None
        return data


def _messages(exc):
    return getattr(exc, "messages", None) or [str(exc)]


@admin.register(ClockExtension)
class ClockExtensionAdmin(admin.ModelAdmin):
    """Requests for more time: handlers ask (from a clock on the complaint page), supervisors
    approve or refuse them here."""

    list_display = (
        "complaint",
        "step",
        "days",
        "reason",
        "requested_by",
        "requested_at",
        "decision",
        "decided_by",
    )
    list_filter = ("decision",)
    list_select_related = ("clock__complaint", "requested_by", "decided_by")
    raw_id_fields = ("clock",)
    actions = ["approve", "refuse"]

    @admin.display(description=_("complaint"), ordering="clock__complaint__number")
    def complaint(self, extension):
        return extension.clock.complaint.number

    @admin.display(description=_("step"))
    def step(self, extension):
        return extension.clock.get_step_display()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, form=ExtensionRequestForm, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        form.instance = extension_request(
            clock=data["clock"], days=data["days"], reason=data["reason"], by=request.user
        )

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_decide_permission(self, request):
        return request.user.has_perm("complaints.decide_clockextension")

    @admin.action(description=_("Approve the selected requests"), permissions=["decide"])
    def approve(self, request, queryset):
        self._decide(request, queryset, approve=True)

    @admin.action(description=_("Refuse the selected requests"), permissions=["decide"])
    def refuse(self, request, queryset):
        self._decide(request, queryset, approve=False)

    def _decide(self, request, queryset, approve):
        for extension in queryset:
            try:
                extension_decide(extension=extension, approve=approve, by=request.user)
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(
                    request, f"{extension}: {' '.join(getattr(exc, 'messages', [str(exc)]))}", "error"
                )
            else:
                self.message_user(request, _("%(request)s: decided.") % {"request": extension})
