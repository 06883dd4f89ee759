from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import OtherRoute, TypeGuide


@admin.register(TypeGuide)
class TypeGuideAdmin(TranslationAdmin):
    """One text per type and language; the types themselves are fixed."""

    list_display = ("complaint_type", "description")
    readonly_fields = ("complaint_type",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OtherRoute)
class OtherRouteAdmin(TranslationAdmin):
    list_display = ("name", "contact", "position")
    list_editable = ("position",)
