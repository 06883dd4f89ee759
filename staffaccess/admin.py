from django.contrib import admin

from .models import AccessRecord


class RecordAdmin(admin.ModelAdmin):
    """A record of what happened: read-only for everyone, superusers included."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessRecord)
class AccessRecordAdmin(RecordAdmin):
    list_display = ("at", "username", "action", "subject", "address", "request_id")
    list_filter = ("action", ("at", admin.DateFieldListFilter))
    search_fields = ("=username", "=subject", "=request_id")
    date_hierarchy = "at"
    show_full_result_count = False
