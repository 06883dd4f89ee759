from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from complaints.validators import mask_phone

from .events import EVENT_LABELS, event_label
from .models import Notice
from .services import notices_retry


def masked_recipient(notice):
    """Where the notice went as staff may read it: a mobile masked as the complainant's is
    everywhere in the back office (139****6925), an email address as written."""
    if notice.channel != Notice.Channel.SMS:
        return notice.recipient
    # The rule lives on the complaint; a company's or a staff member's mobile is masked alike.
    return mask_phone(notice.recipient) or "—"


def notice_shown(notice):
    """The notice named as its row reads (its own name has the code and the whole number)."""
    return f"{event_label(notice.event)} → {masked_recipient(notice)} ({notice.get_channel_display()})"


class EventFilter(admin.SimpleListFilter):
    title = _("event")
    parameter_name = "event"

    def lookups(self, request, model_admin):
        """Every event, in words (no query: a DISTINCT over millions of notices would be slow)."""
        return sorted(((event, event_label(event)) for event in EVENT_LABELS), key=lambda item: str(item[1]))

    def queryset(self, request, queryset):
        return queryset.filter(event=self.value()) if self.value() else queryset


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "complaint_link",
        "event_display",
        "channel",
        "recipient_display",
        "status",
        "interrupted",
        "attempts",
        "sent_at",
        "last_error",
    )
    # "Interrupted while sending": a worker stopped mid-send, the notice was sent again with
    # the same Message-ID / OutId and may have reached the person twice.
    list_filter = ("status", "interrupted", "channel", EventFilter)
    search_fields = ("=recipient", "=complaint__number")
    list_select_related = ("complaint",)
    raw_id_fields = ("complaint", "user")
    actions = ["retry"]
    date_hierarchy = "created_at"

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def action_checkbox(self, obj):
        """The row's checkbox, named for screen readers as the row reads."""
        label = format_html(gettext("Select this object for an action - {}"), notice_shown(obj))
        checkbox = forms.CheckboxInput({"class": "action-select", "aria-label": label}, lambda value: False)
        return checkbox.render(helpers.ACTION_CHECKBOX_NAME, str(obj.pk))

    @admin.display(description=_("complaint"), ordering="complaint__number")
    def complaint_link(self, obj):
        if obj.complaint is None:
            return "—"
        url = reverse(
            "admin:complaints_complaint_change", args=[obj.complaint_id], current_app=self.admin_site.name
        )
        return format_html('<a href="{}">{}</a>', url, obj.complaint.number)

    @admin.display(description=_("event"), ordering="event")
    def event_display(self, obj):
        return event_label(obj.event)

    @admin.display(description=_("recipient"))
    def recipient_display(self, obj):
        return masked_recipient(obj)

    @admin.action(description=_("Send the selected failed notices again"), permissions=["change"])
    def retry(self, request, queryset):
        count = notices_retry(queryset)
        self.message_user(
            request,
            ngettext("%(count)d notice queued again.", "%(count)d notices queued again.", count)
            % {"count": count}
            if count
            else gettext("Only failed notices can be sent again."),
        )
