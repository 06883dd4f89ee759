from django.contrib import admin
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .models import Notice
from .services import notices_retry


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "event",
        "channel",
        "recipient",
        "status",
        "interrupted",
        "attempts",
        "sent_at",
        "last_error",
    )
    # "Interrupted while sending": a worker stopped mid-send, the notice was sent again with
    # the same Message-ID / OutId and may have reached the person twice.
    list_filter = ("status", "interrupted", "channel", "event")
    search_fields = ("=recipient", "=complaint__number")
    list_select_related = ("complaint",)
    raw_id_fields = ("complaint", "user")
    actions = ["retry"]
    date_hierarchy = "created_at"

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

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
