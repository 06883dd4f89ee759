"""What the complainant does with the company's answers on the tracking page: accept or reject
a settlement proposal, write to the company, say whether it did what it promised."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaints.services import complaint_write_to_company

from .actions import complainant_transition, posted_version
from .forms import CompanyMessageForm, PerformanceForm, ProposalAnswerForm
from .views import complaint_by_token


def _refused(request, form):
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def _answered(request, token, form_class, act):
    """Check the posted ``form_class``; if it is right, ``act(complaint, data)`` takes the
    transition and returns the message to show (None if refused, which it said)."""
    complaint = complaint_by_token(token)
    form = form_class(request.POST)
    if not form.is_valid():
        _refused(request, form)
    elif text := act(complaint, form.cleaned_data):
        messages.success(request, text)
    return redirect("portal:track", token=token)


@require_POST
def proposal(request, token):
    def act(complaint, data):
        if data["answer"] == ProposalAnswerForm.ACCEPT:
            if complainant_transition(request, complaint, "accept_proposal"):
                return _("You accepted the proposal: your complaint is settled by the company.")
        elif complainant_transition(request, complaint, "reject_proposal", reason=data["reason"]):
            return _("You rejected the proposal. The company may make another one.")
        return None

    return _answered(request, token, ProposalAnswerForm, act)


@require_POST
def performance(request, token):
    def act(complaint, data):
        done = data["done"] == PerformanceForm.DONE
        if not complainant_transition(
            request, complaint, "confirm_performance", done=done, remark=data["note"]
        ):
            return None
        return _("Thank you for confirming.") if done else _("Thank you. Staff were told it was not done.")

    return _answered(request, token, PerformanceForm, act)


@require_POST
def write_to_company(request, token):
    def act(complaint, data):
        try:
            complaint_write_to_company(
                complaint=complaint, text=data["text"], version=posted_version(request)
            )
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
            return None
        return _("Your message was sent to the company.")

    return _answered(request, token, CompanyMessageForm, act)
