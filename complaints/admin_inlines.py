"""What is written on a complaint page besides its fields: messages and pauses."""

from django.contrib import admin

from .models import ComplaintMessage, ComplaintPause


class ComplaintMessageInline(admin.StackedInline):
    """Replies the complainant sees and internal notes they never see. Written text is kept
    as it was sent: it can be added, not edited or deleted."""

    model = ComplaintMessage
    extra = 0
    fields = ("kind", "body", "author", "created_at")
    readonly_fields = ("author", "created_at")
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "kind":
            kwargs["choices"] = [(kind.value, kind.label) for kind in ComplaintMessage.STAFF_KINDS]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")

    def has_change_permission(self, request, obj=None):
        return False


class ComplaintPauseInline(admin.TabularInline):
    model = ComplaintPause
    extra = 0
    fields = ("started_on", "ended_on")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
