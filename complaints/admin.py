import re
from functools import partial

import phonenumbers
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm_log.admin import StateLogInline
from import_export.admin import ExportMixin
from modeltranslation.admin import TranslationAdmin

from staffaccess import audit
from staffaccess.models import AccessAction

from . import scorecard
from .admin_clocks import ClockInline
from .admin_dealings import CompanyStepFilter, SettlementProposalInline
from .admin_inlines import ComplaintMessageInline, ComplaintPauseInline
from .admin_transitions import ComplaintTransitionsMixin
from .choices import Channel, Status
from .forms import TRANSITION_FORMS, AssignActionForm, AssigneeForm, ComplaintAdminForm
from .models import Clock, Company, Complaint, ComplaintMessage, DeadlineRule
from .resources import ComplaintResource
from .services import complaint_add_message, complaint_assign, complaint_file, complaint_update
from .statistics_views import statistics_view

RULE_EDITS_APPLY_AHEAD = _(
    "A change to a rule applies to clocks started after it; clocks already running keep the rule "
    "they started under."
)

COMPLAINT_NUMBER = re.compile(r"[A-Za-z]{1,8}-\d{8}-\d{4,8}")


class EstimatedCountPaginator(Paginator):
    """Counting a million rows costs more than the rest of the page. With no filter, the
    planner's row estimate (kept fresh by autovacuum) is enough for the page links."""

    @cached_property
    def count(self):
        query = getattr(self.object_list, "query", None)
        if connection.vendor == "postgresql" and query is not None and not query.where:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                    [self.object_list.model._meta.db_table],
                )
                estimate = cursor.fetchone()[0]
            if estimate and estimate > 100_000:
                return estimate
        return super().count


class DeadlineFilter(admin.SimpleListFilter):
    title = _("deadline")
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return [("overdue", _("Overdue")), ("soon", _("Due within 3 working days"))]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.overdue()
        if self.value() == "soon":
            from django.conf import settings

            return queryset.due_within(settings.DUE_SOON_WORKING_DAYS)
        return queryset


class AssigneeFilter(admin.SimpleListFilter):
    title = _("assignee")
    parameter_name = "assignee"

    def lookups(self, request, model_admin):
        staff = get_user_model().objects.filter(is_staff=True, is_active=True).order_by("username")
        return [
            ("me", _("Assigned to me")),
            ("none", _("Not assigned")),
            *((str(u.pk), u.get_full_name() or u.get_username()) for u in staff),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "me":
            return queryset.filter(assignee=request.user)
        if value == "none":
            return queryset.filter(assignee=None)
        if value and value.isdigit():
            return queryset.filter(assignee_id=int(value))
        return queryset


class HistoryInline(StateLogInline):
    """The transition history (django-fsm-log rows), in the staff's language."""

    verbose_name = _("status change")
    verbose_name_plural = _("status history")
    classes = ["history"]
    fields = ("action", "from_status", "to_status", "actor", "note", "time")

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")

    @admin.display(description=_("action"))
    def action(self, log):
        transitions = Complaint._meta.get_field("status").get_all_transitions(Complaint)
        labels = {t.name: t.custom.get("label", t.name) for t in transitions}
        return labels.get(log.transition, log.transition)

    @admin.display(description=_("previous status"))
    def from_status(self, log):
        return Status(log.source_state).label if log.source_state in Status.values else log.source_state

    @admin.display(description=_("new status"))
    def to_status(self, log):
        return Status(log.state).label if log.state in Status.values else log.state

    @admin.display(description=_("by"))
    def actor(self, log):
        return log.by or gettext("complainant or system")

    @admin.display(description=_("note"))
    def note(self, log):
        return log.description or "—"

    @admin.display(description=_("time"))
    def time(self, log):
        return formats.localize(timezone.localtime(log.timestamp))


@admin.register(Complaint)
class ComplaintAdmin(ExportMixin, ComplaintTransitionsMixin, admin.ModelAdmin):
    form = ComplaintAdminForm
    resource_classes = [ComplaintResource]
    change_list_template = "admin/complaints/complaint/change_list.html"
    fsm_forms = TRANSITION_FORMS
    fsm_transition_success_msg = _("Done: {transition_name}.")
    fsm_transition_not_allowed_msg = _("“{transition_name}” is not possible now.")
    fsm_transition_error_msg = _("“{transition_name}” failed: {error}")
    action_form = AssignActionForm
    actions = ["assign_selected"]

    list_display = ("number", "complaint_type", "company", "status", "assignee", "next_due")
    list_filter = (
        "status",
        "complaint_type",
        "company",
        "channel",
        AssigneeFilter,
        DeadlineFilter,
        CompanyStepFilter,
        ("submitted_at", admin.DateFieldListFilter),
    )
    list_select_related = ("company", "assignee")
    search_fields = ("=number", "complainant_name", "=complainant_email", "company__name")
    search_help_text = _("Complaint number, complainant's name, mobile number or email, company.")
    ordering = ("-submitted_at",)
    sortable_by = ("number", "next_due", "status", "complaint_type", "company")
    list_per_page = 50
    show_full_result_count = False  # one COUNT(*) per page is enough at a million rows
    paginator = EstimatedCountPaginator
    raw_id_fields = ("company",)
    inlines = [
        ClockInline,
        ComplaintMessageInline,
        SettlementProposalInline,
        ComplaintPauseInline,
        HistoryInline,
    ]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "number",
                    "status",
                    "deadline_summary",
                    ("complaint_type", "channel", "source_ref"),
                    ("company", "green_channel"),
                    ("forwarded_at", "company_declined_at"),
                    "assignee",
                    "loaded_version",
                )
            },
        ),
        (
            _("Complainant"),
            {
                "fields": (
                    "complainant_name",
                    ("complainant_phone", "complainant_email"),
                    "complainant_id_number",
                    "contact_preference",
                    ("share_identity", "privacy_consent_at"),
                )
            },
        ),
        (
            _("What happened"),
            {
                "fields": (
                    "occurred_at",
                    ("location_system", "location_function"),
                    "observed",
                    "expected",
                    "consequence",
                    "amount",
                    "demands",
                    "demand_other",
                )
            },
        ),
        (
            _("Details for this type"),
            {
                "fields": (
                    ("service_phone", "service_account"),
                    "order_number",
                    "caller_number",
                    "product_name",
                    "leaked_data",
                    "service_channel",
                    "advert_location",
                )
            },
        ),
        (
            _("Result"),
            {
                "classes": ("collapse",),
                "fields": (
                    ("rejection_reason", "rejection_details"),
                    "outcome",
                    "satisfaction",
                    "appeal_reason",
                ),
            },
        ),
    )

    class Media:
        css = {"all": ["complaints/admin.css"]}

    result_fields = ("rejection_reason", "rejection_details", "outcome", "satisfaction", "appeal_reason")

    def get_readonly_fields(self, request, obj=None):
        readonly = [
            *super().get_readonly_fields(request, obj),
            "number",
            "deadline_summary",
            "privacy_consent_at",
            "forwarded_at",
            "company_declined_at",
        ]
        if obj is not None and obj.channel == Channel.WEB:
            readonly += ["share_identity", "green_channel"]  # the complainant's own choices
        if obj is not None and obj.company_fixed:
            readonly.append("company")
        readonly += self.result_fields  # set by transitions only
        if not request.user.has_perm("complaints.assign_complaint"):
            readonly.append("assignee")
        return readonly

    def get_ordering(self, request):
        # The deadline views list the most urgent first (and use the index on next_due).
        if request.GET.get("deadline") in ("overdue", "soon"):
            return ("next_due", "pk")
        return super().get_ordering(request)

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if COMPLAINT_NUMBER.fullmatch(term):
            return queryset.filter(number=term.upper()), False  # the unique index, not UPPER()
        try:
            number = phonenumbers.parse(term, "CN")
        except phonenumbers.NumberParseException:
            number = None
        if number is not None and phonenumbers.is_valid_number(number):
            e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            return queryset.filter(complainant_phone=e164), False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description=_("deadlines"))
    def deadline_summary(self, obj):
        rows = [
            (clock.get_step_display(), clock.due, clock.get_state_display())
            for clock in obj.clocks.all()
            if clock.ended_at is None and clock.state in Clock.OPEN
        ]
        html = format_html("<ul>{}</ul>", format_html_join("", "<li>{}: {} ({})</li>", rows))
        if obj.is_overdue:
            html = format_html('<p><strong class="overdue">{}</strong></p>{}', gettext("Overdue"), html)
        if obj.calendar_missing:
            html = format_html(
                '<p class="warning">{}</p>{}',
                gettext(
                    "No official calendar for %(years)s yet: due dates there skip weekends and the "
                    "statutory holidays only, and are provisional until the year is entered."
                )
                % {"years": obj.calendar_missing},
                html,
            )
        return html

    def get_urls(self):
        statistics = path(
            "statistics/",
            self.admin_site.admin_view(partial(statistics_view, admin_site=self.admin_site)),
            name="complaints_complaint_statistics",
        )
        return [statistics, *super().get_urls()]

    def has_export_permission(self, request):
        return request.user.has_perm("complaints.export_complaint")

    def get_data_for_export(self, request, queryset, **kwargs):
        data = super().get_data_for_export(request, queryset, **kwargs)
        # The number of rows and the list's filters (a search's words left out: they may be a
        # name or a phone number).
        filters = request.GET.copy()
        searched = filters.pop("q", [""])[0]
        shown = "&".join(part for part in (filters.urlencode(), "q=…" if searched else "") if part)
        audit.record(request, AccessAction.EXPORTED, f"{len(data)} · {shown or '—'}")
        return data

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The case with its complainant unmasked: each opening is in the staff access trail."""
        response = super().change_view(request, object_id, form_url, extra_context)
        shown = getattr(response, "context_data", None) or {}
        if request.method == "GET" and response.status_code == 200 and "original" in shown:
            audit.record(request, AccessAction.VIEWED_DETAILS, shown["original"].number)
        return response

    def get_inlines(self, request, obj):
        # A complaint being added has no clock yet: its first starts when it is saved.
        return [inline for inline in self.inlines if obj is not None or inline is not ClockInline]

    @classmethod
    def add_inline(cls, inline):
        """Let apps built on complaints show their rows on the complaint page."""
        cls.inlines = [*cls.inlines, inline]

    def save_model(self, request, obj, form, change):
        if change:
            complaint_update(complaint=obj, by=request.user, changed=form.changed_data)
        else:
            complaint_file(obj)

    def save_formset(self, request, form, formset, change):
        for row in formset.save(commit=False):
            if isinstance(row, ComplaintMessage) and row.pk is None:
                # Through the service, as the case page writes: a reply tells the complainant.
                complaint_add_message(complaint=form.instance, kind=row.kind, body=row.body, by=request.user)
            else:
                row.save()
        formset.save_m2m()

    @admin.action(description=_("Assign the selected complaints"), permissions=["assign"])
    def assign_selected(self, request, queryset):
        form = AssigneeForm(request.POST)
        if not form.is_valid():
            self.message_user(request, gettext("Choose a valid staff member."), messages.ERROR)
            return
        assignee = form.cleaned_data["assignee"]
        changed = complaint_assign(complaints=queryset, assignee=assignee, by=request.user)
        for complaint in queryset:
            self.log_change(request, complaint, [{"changed": {"fields": ["assignee"]}}])
        self.message_user(
            request,
            gettext("%(count)d complaint(s) assigned to %(name)s.")
            % {"count": changed, "name": assignee or gettext("nobody")},
        )

    def has_assign_permission(self, request):
        return request.user.has_perm("complaints.assign_complaint")

    def get_fsm_block_label(self, fsm_field_name):
        return gettext("Actions")


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ("name", "credit_code", "contact_email", "odr_enrolled", "needs_review", "scorecard_link")
    list_filter = ("odr_enrolled", "needs_review")
    search_fields = ("name", "=credit_code")

    @admin.display(description=_("scorecard"))
    def scorecard_link(self, company):
        url = reverse("admin:complaints_company_scorecard", args=[company.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Scorecard"))

    def get_urls(self):
        view = self.admin_site.admin_view(self.scorecard_view)
        return [path("<int:pk>/scorecard/", view, name="complaints_company_scorecard"), *super().get_urls()]

    def scorecard_view(self, request, pk):
        if not request.user.has_perm("complaints.view_statistics"):
            raise PermissionDenied
        company = get_object_or_404(Company, pk=pk)
        months, rows = scorecard.table(company, timezone.localdate())
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Scorecard of %(company)s") % {"company": company.name},
            "opts": self.opts,
            "company": company,
            "months": months,
            "rows": rows,
            "method": scorecard.METHOD,
        }
        return TemplateResponse(request, "admin/complaints/company/scorecard.html", context)


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(TranslationAdmin):
    """Each clock keeps a copy of the rule it started under: an edit here applies to clocks
    started after it, never to those already running."""

    list_display = (
        "kind",
        "complaint_type",
        "days",
        "unit",
        "max_extension_days",
        "warn_at_percent",
        "warn_days_before",
        "escalate_after_days",
        "legal_basis",
    )

    def changelist_view(self, request, extra_context=None):
        messages.info(request, RULE_EDITS_APPLY_AHEAD)
        return super().changelist_view(request, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "GET":
            messages.info(request, RULE_EDITS_APPLY_AHEAD)
        return super().changeform_view(request, object_id, form_url, extra_context)

    list_filter = ("kind", "unit")
    list_editable = ("days", "unit", "max_extension_days")


admin.site.empty_value_display = "—"
