"""The complaints forwarded to a company, on its own pages: the list, one complaint (each view
logged), its files, the company's answers, and its scorecard."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from complaints import scorecard as figures
from complaints.privacy import for_company
from complaints.services import CHANGED_MEANWHILE, ComplaintChanged, TransitionRefused, complaint_transition
from complaints.statement import statement_response
from evidence.views import serve
from portal.actions import posted_version

from .access import member_required
from .desk import company_copy, complaint_for, forwarded_to, shared_evidence, statement_for, viewed
from .desk_forms import ACTIONS

NOT_NOW = gettext_lazy(
    "This complaint no longer takes answers from you: it was settled, resolved or closed, or you declined it."
)


@never_cache
@require_GET
@member_required
def home(request):
    page = Paginator(forwarded_to(request.member), 50).get_page(request.GET.get("page"))
    return render(request, "companies/home.html", {"page": page, "today": timezone.localdate()})


@never_cache
@require_GET
@member_required
def complaint(request, number):
    return _render_complaint(request, complaint_for(request.member, number), {})


def _render_complaint(request, complaint, bound, status=200):
    """The complaint as the company may see it (the view is logged), with the answer forms
    (``bound``: those posted back with errors)."""
    viewed(complaint, request.member)
    may_answer = complaint.company_answering()
    forms = {name: bound.get(name) or form() for name, (form, _transition) in ACTIONS.items()}
    context = {
        "copy": company_copy(complaint),
        "complaint": complaint,
        "answer_due": complaint.due.get("company"),
        "may_answer": may_answer,
        "forms": forms if may_answer else {},
    }
    return render(request, "companies/complaint.html", context, status=status)


@never_cache
@require_GET
@member_required
def evidence(request, number, pk):
    found = complaint_for(request.member, number)
    item = get_object_or_404(shared_evidence(found), pk=pk)
    viewed(found, request.member, evidence=item)
    return serve(item, filename=for_company(item.original_name, found))


@never_cache
@require_GET
@member_required
def statement(request, number):
    found = statement_for(request.member, number)
    viewed(found, request.member)
    return statement_response(request, found)


@require_POST
@member_required
def act(request, number, action):
    if action not in ACTIONS:
        raise Http404
    found = complaint_for(request.member, number)
    form_class, transition = ACTIONS[action]
    form = form_class(request.POST)
    if not form.is_valid():
        return _render_complaint(request, found, {action: form}, status=400)
    params = {"proposal": form.save(commit=False)} if action == "propose" else form.cleaned_data
    try:
        complaint_transition(
            complaint=found,
            name=transition,
            actor=request.member.actor,
            version=posted_version(request),
            **params,
        )
    except ValidationError as error:
        _add_errors(form, error)
        return _render_complaint(request, found, {action: form}, status=400)
    except ComplaintChanged:
        messages.error(request, CHANGED_MEANWHILE)
        return redirect("companies:complaint", number=number)
    except (TransitionRefused, PermissionDenied):
        messages.error(request, NOT_NOW)
        return redirect("companies:complaint", number=number)
    messages.success(request, _("Sent. The complainant and staff can see it."))
    return redirect("companies:complaint", number=number)


def _add_errors(form, error):
    for field, errors in (
        error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
    ):
        for message in errors:
            form.add_error(field if field in form.fields else None, message)


@never_cache
@require_GET
@member_required
def scorecard(request):
    last = _month(request.GET.get("month")) or timezone.localdate()
    months, rows = figures.table(request.member.company, last)
    return render(
        request,
        "companies/scorecard.html",
        {"months": months, "rows": rows, "method": figures.METHOD, "last": last},
    )


def _month(value):
    """The month asked for (YYYY-MM) if it is one the platform can have figures for."""
    try:
        month = dt.datetime.strptime(value or "", "%Y-%m").date()
    except ValueError:
        return None
    return month if dt.date(2000, 1, 1) <= month <= timezone.localdate() else None
