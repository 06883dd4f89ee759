"""The complaint page's part on the company: its settlement proposals and their answers."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .choices import ProposalStatus
from .models import SettlementProposal


class SettlementProposalInline(admin.TabularInline):
    """What the company proposed and what the complainant answered: written by them, read here."""

    model = SettlementProposal
    extra = 0
    can_delete = False
    fields = (
        "created_at",
        "refund",
        "compensation",
        "action",
        "details",
        "done_by",
        "status",
        "rejection_reason",
        "performed",
        "performance_note",
    )
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CompanyStepFilter(admin.SimpleListFilter):
    """Where the complaint stands with the company complained about."""

    title = _("with the company")
    parameter_name = "company_step"

    def lookups(self, request, model_admin):
        return [
            ("forwarded", _("Forwarded, the company handling it")),
            ("proposal", _("A proposal waiting for the complainant")),
            ("declined", _("Declined by the company: staff mediate")),
            ("green", _("Green channel, not forwarded yet")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "forwarded":
            return queryset.filter(forwarded_at__isnull=False, company_declined_at=None)
        if value == "proposal":
            return queryset.filter(proposals__status=ProposalStatus.OPEN)
        if value == "declined":
            return queryset.filter(company_declined_at__isnull=False)
        if value == "green":
            return queryset.filter(green_channel=True, forwarded_at=None)
        return queryset
