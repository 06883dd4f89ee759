from django.utils import timezone
from import_export import fields, resources

from .models import Complaint, DeadlineRule

Kind = DeadlineRule.Kind


class ComplaintResource(resources.ModelResource):
    """The filtered complaint list as supervisors export it (phone masked, no ID number)."""

    company = fields.Field(attribute="company__name", column_name="company")
    assignee = fields.Field(attribute="assignee__username", column_name="assignee")
    complainant_phone = fields.Field(attribute="masked_phone", column_name="complainant_phone")
    acceptance_due = fields.Field(column_name="acceptance_due")
    reply_due = fields.Field(column_name="reply_due")
    replied_on = fields.Field(column_name="replied_on")
    reply_working_days = fields.Field(column_name="reply_working_days")

    class Meta:
        model = Complaint
        fields = (
            "number",
            "complaint_type",
            "channel",
            "status",
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
