"""The complaint list's order: by the next due date, complaints without one last whichever way."""

from django.contrib.admin.views.main import ChangeList
from django.db.models import F
from django.db.models.expressions import OrderBy


class DueOrderChangeList(ChangeList):
    def get_ordering(self, request, queryset):
        return [self._nulls_last(field) for field in super().get_ordering(request, queryset)]

    @staticmethod
    def _nulls_last(field):
        name = (
            field.expression.name if isinstance(field, OrderBy) and isinstance(field.expression, F) else field
        )
        if isinstance(field, OrderBy) and name == "next_due":
            return (
                F("next_due").desc(nulls_last=True)
                if field.descending
                else F("next_due").asc(nulls_last=True)
            )
        if name in ("next_due", "-next_due"):
            return (
                F("next_due").desc(nulls_last=True)
                if name.startswith("-")
                else F("next_due").asc(nulls_last=True)
            )
        return field
