from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from .models import Complaint, DeadlineRule

Kind = DeadlineRule.Kind


def heading(name):
    """A model field's column heading: its name in the exporting user's language."""
    return capfirst(Complaint._meta.get_field(name).verbose_name)


class ComplaintResource(resources.ModelResource):
    """The filtered complaint list as supervisors export it (phone masked, no ID number), with
    headings and choices in the exporting user's language."""

    company = fields.Field(attribute="company__name", column_name=heading("company"))
    assignee = fields.Field(attribute="assignee__username", column_name=heading("assignee"))
    complainant_phone = fields.Field(attribute="masked_phone", column_name=heading("complainant_phone"))
    demands = fields.Field(column_name=heading("demands"))
    acceptance_due = fields.Field(column_name=_("Decision on acceptance due"))
    reply_due = fields.Field(column_name=_("Written reply due"))
    replied_on = fields.Field(column_name=_("Written reply given on"))
    reply_working_days = fields.Field(column_name=_("Working days to the written reply"))

    class Meta:
        model = Complaint
        fields = (
            "number",
            "complaint_type",
            "channel",
            "status",
            "demands",
            "company",
            "complainant_name",
            "complainant_phone",
            "assignee",
            "submitted_at",
            "accepted_at",
            "acceptance_due",
            "reply_due",
            "replied_on",
            "next_due",
            "outcome",
            "satisfaction",
            "appeal_count",
            "reply_working_days",
        )
        export_order = fields

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        """The model's own columns under its names for them, a choice as its label."""
        field = super().field_from_django_field(field_name, django_field, readonly)
        field.column_name = capfirst(django_field.verbose_name)
        if django_field.choices:
            field.attribute = f"get_{field_name}_display"
        return field

    def get_export_queryset(self, request):
        return (
            super()
            .get_export_queryset(request)
            .select_related("company", "assignee")
            .prefetch_related("clocks")
        )

    @staticmethod
    def _first(complaint, step):
        """The step's first clock that was not cancelled (a retype cancels and restarts it)."""
        return next((c for c in complaint.clocks.all() if c.step == step and c.state != "cancelled"), None)

    def dehydrate_demands(self, complaint):
        return "; ".join(str(label) for label in complaint.demand_labels)

    def dehydrate_acceptance_due(self, complaint):
        return complaint.due.get(Kind.ACCEPTANCE)

    def dehydrate_reply_due(self, complaint):
        return complaint.due.get(Kind.REPLY)

    def dehydrate_replied_on(self, complaint):
        """The day of the first result (the reply clock's end)."""
        clock = self._first(complaint, Kind.REPLY)
        taken = clock is not None and clock.ended_at is not None and clock.taken_days is not None
        return timezone.localdate(clock.ended_at) if taken else None

    def dehydrate_reply_working_days(self, complaint):
        clock = self._first(complaint, Kind.REPLY)
        return clock.taken_days if clock else None
