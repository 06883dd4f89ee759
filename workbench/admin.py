"""The complaint pages staff work in: the case view at a complaint's address (the facts, the
clocks, the actions, one timeline), the facts edited on a page of their own by those allowed,
and a list that fits a laptop screen."""

import contextvars

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from complaints.admin import ComplaintAdmin
from complaints.choices import STAFF_OUTCOMES, RejectionReason
from complaints.forms import NoteForm
from complaints.models import Complaint, FactEdit
from complaints.services import complaints_reassign
from complaints.statement import statement_response
from notifications.services import complainant_preview
from staffaccess import audit
from staffaccess.models import AccessAction
from workcalendar.services import WorkCalendar

from . import case, dashboard, presence
from .case import due_badge
from .forms import ReassignForm, WriteForm
from .lists import DueOrderChangeList
from .models import TEXT_FIELDS, ReplyTemplate, SavedView
from .queues import QueueFilter

admin.site.unregister(Complaint)


@admin.register(Complaint)
class CaseAdmin(ComplaintAdmin):
    list_display = ("number", "type_short", "company_short", "status", "assignee", "due_display")
    list_display_links = ("number",)
    sortable_by = ("number", "type_short", "company_short", "status", "due_display")

    def get_list_filter(self, request):
        # No company filter: a link per company is thousands of links; search by its name, or
        # follow a company's link (company__id__exact) from elsewhere.
        return (QueueFilter, *(f for f in super().get_list_filter(request) if f != "company"))

    fsm_transition_form_template = "admin/complaints/complaint/transition.html"

    class Media:
        css = {"all": ["workbench/workbench.css"]}

    def get_ordering(self, request):
        if request.GET.get("queue"):  # a queue: the most urgent first
            return ("next_due", "pk")
        return super().get_ordering(request)

    def get_changelist(self, request, **kwargs):
        return DueOrderChangeList

    def fsm_transition_view(self, request, object_id, transition_name, **kwargs):
        """The action's form, with the case above it (the facts, the demands, the last messages),
        reply templates to start from, and a preview of what the complainant will receive."""
        if request.method == "POST" and "_preview" in request.POST:
            response = self._preview(request, object_id, transition_name)
        else:
            response = super().fsm_transition_view(request, object_id, transition_name, **kwargs)
        if getattr(response, "context_data", None) is not None:
            self._around_the_form(request, response.context_data, transition_name)
        return response

    def _preview(self, request, object_id, transition_name):
        complaint = self._case(request, object_id)
        transition = self.all_transitions().get(transition_name)
        if transition is None:
            raise Http404
        available = {t.name for t in complaint.get_available_user_status_transitions(request.user)}
        if not self.has_change_permission(request, complaint) or transition_name not in available:
            raise PermissionDenied
        form = (self.get_fsm_transition_form(transition) or NoteForm)(data=request.POST, instance=complaint)
        values = dict(form.cleaned_data) if form.is_valid() else {}
        values.pop("version", None), values.pop("note", None)
        if values.get("outcome"):
            values["outcome"] = dict(STAFF_OUTCOMES).get(values["outcome"], values["outcome"])
        if values.get("reason") and transition_name == "reject":
            values["reason"] = RejectionReason(values["reason"]).label
        preview = complainant_preview(complaint, transition_name, **values)
        return self.transition_page(request, complaint, transition, form, preview=preview)

    def _around_the_form(self, request, context, transition_name):
        complaint = context["original"]
        latest = complaint.messages.order_by("-created_at", "-pk")[:3]
        context["last_messages"] = list(reversed(latest))
        context["demands"] = FactEdit.shown(complaint, "demands")
        text_field = TEXT_FIELDS.get(transition_name)
        if text_field is None:
            return
        templates = list(ReplyTemplate.for_complaint(complaint, transition_name))
        context["reply_templates"] = templates
        context["text_field"] = text_field
        chosen = request.GET.get("template", "")
        form = context["transition_form"]
        if chosen and not form.is_bound:
            template = next((t for t in templates if str(t.pk) == chosen), None)
            if template is None:
                messages.warning(request, _("That reply template does not fit this complaint."))
            else:
                form.initial[text_field] = template.fill(complaint, request.user)
                if template.outcome and "outcome" in form.fields:
                    form.initial["outcome"] = template.outcome
                context["chosen_template"] = template.pk

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("dashboard/", view(self.dashboard_view), name="complaints_complaint_dashboard"),
            path("reassign/", view(self.reassign_view), name="complaints_complaint_reassign"),
            path("views/", view(self.saved_views_view), name="complaints_complaint_saved_views"),
            path("<path:object_id>/facts/", view(self.facts_view), name="complaints_complaint_facts"),
            path("<path:object_id>/write/", view(self.write_view), name="complaints_complaint_write"),
            path("<path:object_id>/viewers/", view(self.viewers_view), name="complaints_complaint_viewers"),
            path(
                "<path:object_id>/statement.pdf",
                view(self.statement_view),
                name="complaints_complaint_statement",
            ),
            *super().get_urls(),
        ]

    # The case view -------------------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST":  # the facts form posted to the complaint's own address
            return self.facts_view(request, object_id, form_url, extra_context)
        complaint = self._case(request, object_id)
        audit.record(request, AccessAction.VIEWED_DETAILS, complaint.number)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": complaint,
            "title": complaint.number,
            "clocks": case.clocks(complaint),
            "clock_table": case.clock_table(complaint),
            "actions": case.actions(self, request, complaint),
            "timeline": case.timeline(complaint),
            "may_edit_facts": request.user.has_perm("complaints.edit_facts"),
            "write_form": WriteForm(complaint=complaint) if self.may_write(request, complaint) else None,
            "next_in_queue": case.next_in_queue(request.user, complaint),
            "facts": self._facts(complaint),
            "others_viewing": presence.here(complaint.pk, request.user),
            "poll_seconds": presence.POLL_SECONDS,
        }
        return TemplateResponse(request, "admin/complaints/complaint/case.html", context)

    def facts_view(self, request, object_id, form_url="", extra_context=None):
        """Editing the facts: a deliberate step, for intake officers and supervisors."""
        if not request.user.has_perm("complaints.edit_facts"):
            raise PermissionDenied
        return super().change_view(request, object_id, form_url, extra_context)

    def dashboard_view(self, request):
        if not request.user.has_perm("complaints.view_statistics"):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Dashboard"),
            **dashboard.figures(),
        }
        return TemplateResponse(request, "admin/complaints/complaint/dashboard.html", context)

    def reassign_view(self, request):
        """A handler away: everything open of theirs to one person or spread over several."""
        if not request.user.has_perm("complaints.assign_complaint"):
            raise PermissionDenied
        form = ReassignForm(request.POST or None, initial={"handler": request.GET.get("handler")})
        if form.is_valid():
            try:
                given = complaints_reassign(
                    handler=form.cleaned_data["handler"], to=list(form.cleaned_data["to"]), by=request.user
                )
            except ValidationError as exc:
                form.add_error("to", exc)
            else:
                shares = ", ".join(
                    f"{user.get_full_name() or user.get_username()}: {n}" for user, n in given.items()
                )
                messages.success(
                    request,
                    ngettext(
                        "Reassigned %(count)d complaint (%(shares)s).",
                        "Reassigned %(count)d complaints (%(shares)s).",
                        sum(given.values()),
                    )
                    % {"count": sum(given.values()), "shares": shares},
                )
                return redirect(
                    f"{reverse('admin:complaints_complaint_changelist')}?assignee={form.cleaned_data['handler'].pk}"
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Reassign a handler's complaints"),
            "form": form,
        }
        return TemplateResponse(request, "admin/complaints/complaint/reassign.html", context)

    def saved_views_view(self, request):
        """Save the list as it is filtered now under a name, or forget a saved one (POST only)."""
        if request.method == "POST":
            forget = request.POST.get("forget", "")
            if forget:
                if forget.isascii() and forget.isdigit():
                    SavedView.objects.filter(user=request.user, pk=int(forget)).delete()
                return redirect("admin:index")
            name, query = request.POST.get("name", "").strip(), request.POST.get("query", "")
            if not name or len(name) > 80 or len(query) > 500:
                messages.error(request, _("Give the view a name of up to 80 characters (and fewer filters)."))
            else:
                SavedView.objects.update_or_create(user=request.user, name=name, defaults={"query": query})
                messages.success(request, _("The list is saved as “%(name)s”.") % {"name": name})
            return redirect(f"{reverse('admin:complaints_complaint_changelist')}?{query[:500]}")
        return redirect("admin:index")

    def viewers_view(self, request, object_id):
        """The case page's poll: still here; who else is."""
        complaint = self._case(request, object_id)
        return JsonResponse({"others": presence.here(complaint.pk, request.user)})

    def statement_view(self, request, object_id):
        """The complaint statement of facts as a PDF: the details, so recorded as their opening."""
        complaint = self._case(request, object_id)
        audit.record(request, AccessAction.VIEWED_DETAILS, f"{complaint.number} · statement.pdf")
        return statement_response(request, complaint)

    def write_view(self, request, object_id):
        complaint = self._case(request, object_id)
        if request.method != "POST":
            return redirect(self._change_url(complaint))
        if not self.may_write(request, complaint):
            raise PermissionDenied
        form = WriteForm(request.POST, complaint=complaint)
        try:
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            form.save(by=request.user)
        except ValidationError as exc:  # refused, or the complaint changed meanwhile
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, form.done_message())
        return redirect(self._change_url(complaint))

    def may_write(self, request, complaint):
        """Replies and internal notes: for staff who may change the case and add messages."""
        return self.has_change_permission(request, complaint) and request.user.has_perm(
            "complaints.add_complaintmessage"
        )

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        if request.POST.get(self.fsm_post_param) or "_continue" in request.POST:
            return response
        return redirect(self._change_url(obj))  # back to the case, not the list

    def _case(self, request, object_id):
        complaint = self.get_object(request, unquote(object_id))
        if complaint is None:
            raise Http404
        if not self.has_view_or_change_permission(request, complaint):
            raise PermissionDenied
        return complaint

    def _facts(self, complaint):
        """[(section, [(label, value)])] of the fields this complaint has, as the form groups them."""
        sections = []
        for title, options in self.fieldsets[1:4]:
            rows = []
            for entry in options["fields"]:
                for name in entry if isinstance(entry, tuple) else (entry,):
                    shown = FactEdit.shown(complaint, name)
                    if shown != "—":
                        rows.append((Complaint._meta.get_field(name).verbose_name, shown))
            sections.append((title, rows))
        return sections

    # The list --------------------------------------------------------------------------------

    @admin.display(description=gettext_lazy("type"), ordering="complaint_type")
    def type_short(self, obj):
        return format_html(
            '<span class="short" title="{}">{}</span>',
            obj.get_complaint_type_display(),
            obj.get_complaint_type_display(),
        )

    @admin.display(description=gettext_lazy("company"), ordering="company__name")
    def company_short(self, obj):
        name = obj.company.name if obj.company_id else "—"
        return format_html('<span class="short" title="{}">{}</span>', name, name)

    @admin.display(description=gettext_lazy("next due"), ordering="next_due")
    def due_display(self, obj):
        if obj.next_due is None:
            return "—"
        return due_badge(obj.next_due, _page_calendar.get(None))

    def changelist_view(self, request, extra_context=None):
        token = _page_calendar.set(WorkCalendar())  # the working days read once for the page
        try:
            response = super().changelist_view(request, extra_context)
            return response.render() if hasattr(response, "render") else response
        finally:
            _page_calendar.reset(token)


_page_calendar = contextvars.ContextVar("page_calendar")


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    """Supervisors write the templates; every handler starts replies from them."""

    list_display = ("name", "use", "complaint_type", "outcome", "language", "active")
    list_filter = ("use", "complaint_type", "outcome", "language", "active")
    search_fields = ("name", "body")
