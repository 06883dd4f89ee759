from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .models import CalendarDay, CalendarYear
from .signals import calendar_changed


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 3
    fields = ("date", "kind", "name")


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ("year", "source", "notice", "day_count", "updated_at")
    list_filter = ("source",)
    inlines = [CalendarDayInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(day_count=Count("days"))

    @admin.display(description=_("days listed"), ordering="day_count")
    def day_count(self, obj):
        return obj.day_count

    def save_model(self, request, obj, form, change):
        # What deadlines counted on before: only the days that change move a clock.
        request.calendar_before = None if not change or "year" in form.changed_data else obj.day_kinds()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        before = getattr(request, "calendar_before", None)
        if before is None:
            years = {form.instance.year, *([form.initial["year"]] if change else [])}
            calendar_changed.send(sender=CalendarYear, years=years, dates=set())
        else:
            changed = {day for day, _kind in before ^ form.instance.day_kinds()}
            calendar_changed.send(sender=CalendarYear, years=set(), dates=changed)

    def delete_model(self, request, obj):
        year = obj.year
        super().delete_model(request, obj)
        calendar_changed.send(sender=CalendarYear, years={year}, dates=set())
