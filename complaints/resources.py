from import_export import fields, resources

from .models import Complaint


class ComplaintResource(resources.ModelResource):
    """The filtered complaint list as supervisors export it (phone masked, no ID number)."""

    company = fields.Field(attribute="company__name", column_name="company")
    assignee = fields.Field(attribute="assignee__username", column_name="assignee")
    complainant_phone = fields.Field(attribute="masked_phone", column_name="complainant_phone")

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
            "replied_on",
            "acceptance_due",
            "reply_due",
            "next_due",
            "outcome",
            "satisfaction",
            "appeal_count",
            "handling_working_days",
        )
        export_order = fields

    def get_export_queryset(self, request):
        return super().get_export_queryset(request).select_related("company", "assignee")
