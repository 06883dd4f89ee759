"""Company accounts in the back office: applications are decided here; the companies' users
and what they looked at are shown, never edited."""

from types import SimpleNamespace

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Value, When
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from complaints.admin_clocks import ReadOnly
from evidence.validation import Kind
from evidence.views import serve

from . import applications
from .account_forms import RefuseForm
from .models import CompanyApplication, CompanyMember, CompanyView

PENDING = CompanyApplication.Status.PENDING


@admin.register(CompanyApplication)
class CompanyApplicationAdmin(ReadOnly, admin.ModelAdmin):
    """Never edited: staff check the application against its licence, then approve or refuse
    it with the buttons under it (``decide_companyapplication``)."""

    class Media:
        css = {"all": ["companies/admin.css"]}

    list_display = (
        "name",
        "credit_code",
        "contact_name",
        "contact_email",
        "submitted_at",
        "status",
        "decided_by",
    )
    list_filter = ("status",)
    list_select_related = ("decided_by",)
    search_fields = ("name", "=credit_code", "contact_email")
    fields = (
        "name",
        "credit_code",
        "contact_name",
        "contact_mobile",
        "contact_email",
        "licence_link",
        "licence_sha256",
        "committed_at",
        "language",
        "submitted_at",
        "status",
        "reason",
        "decided_by",
        "decided_at",
        "company",
    )
    readonly_fields = ("licence_link",)
    change_form_template = "companies/account/admin_application.html"

    def get_ordering(self, request):
        return [Case(When(status=PENDING, then=Value(0)), default=Value(1)).asc(), "-submitted_at"]

    @admin.display(description=_("business licence"))
    def licence_link(self, application):
        url = reverse("admin:companies_companyapplication_licence", args=[application.pk])
        return format_html(
            '<a href="{}">{}</a> ({})', url, application.licence_name, application.licence_type
        )

    def get_urls(self):
        licence = self.admin_site.admin_view(self.licence_view)
        decide = self.admin_site.admin_view(self.decide_view)
        return [
            path("<int:pk>/licence/", licence, name="companies_companyapplication_licence"),
            path("<int:pk>/decide/", decide, name="companies_companyapplication_decide"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self.get_object(request, object_id)
        if application and application.status == PENDING and request.user.has_perm(applications.DECIDE):
            extra_context = {**(extra_context or {}), "decision_form": RefuseForm()}
        return super().change_view(request, object_id, form_url, extra_context)

    def licence_view(self, request, pk):
        """The licence as a download (never shown in the page), like evidence; ``admin_view``
        already keeps it out of caches."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        application = get_object_or_404(CompanyApplication, pk=pk)
        licence = SimpleNamespace(
            file=application.licence,
            original_name=application.licence_name,
            mime_type=application.licence_type,
            kind=Kind.DOCUMENT,
        )
        return serve(licence)

    def decide_view(self, request, pk):
        """The buttons under a pending application: approve it, or refuse it with a reason."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        application = get_object_or_404(CompanyApplication, pk=pk)
        try:
            text = self._decide(request, application)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return redirect("admin:companies_companyapplication_change", pk)
        self.message_user(request, text, messages.SUCCESS)
        return redirect("admin:companies_companyapplication_changelist")

    def _decide(self, request, application) -> str:
        """Take the decision posted; the message to show. PermissionDenied without the right."""
        if request.POST.get("decision") == "approve":
            member = applications.application_approve(application=application, by=request.user)
            return gettext("%(company)s is approved; %(email)s was sent a link to choose a password.") % {
                "company": member.company.name,
                "email": member.user.email,
            }
        if request.POST.get("decision") != "refuse":
            raise ValidationError(gettext("Choose to approve or to refuse the application."))
        applications.application_refuse(
            application=application, by=request.user, reason=request.POST.get("reason", "")
        )
        return gettext("The application of %(company)s is refused; the reason was sent to %(email)s.") % {
            "company": application.name,
            "email": application.contact_email,
        }


@admin.register(CompanyMember)
class CompanyMemberAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("email", "company", "role", "active", "created_at")
    list_filter = ("role",)
    list_select_related = ("user", "company")
    search_fields = ("user__email", "company__name")
    fields = ("user", "company", "role", "invited_by", "created_at")

    @admin.display(description=_("email"), ordering="user__email")
    def email(self, member):
        return member.user.email

    @admin.display(description=_("active"), boolean=True, ordering="user__is_active")
    def active(self, member):
        return member.user.is_active


@admin.register(CompanyView)
class CompanyViewAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("viewed_at", "complaint", "user", "evidence")
    list_select_related = ("complaint", "user", "evidence")
    search_fields = ("complaint__number", "user__email")
    fields = ("complaint", "user", "evidence", "viewed_at")
