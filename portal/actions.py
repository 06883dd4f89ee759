"""What the complainant does on a tracked complaint: add material, edit before acceptance,
change how we contact them, withdraw, rate or appeal."""

import functools

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_fsm import ConcurrentTransition

from complaints.actors import ComplainantActor
from complaints.choices import Status
from complaints.services import CHANGED_MEANWHILE, ComplaintChanged, TransitionRefused, complaint_transition

from . import services
from .forms import ComplaintFieldsForm, ContactForm, MaterialForm, RateForm, WithdrawForm
from .models import VerificationCode
from .selectors import complainant_actions
from .views import WRONG_CODE, complaint_by_token, request_code


@require_POST
def add_material(request, token):
    complaint = complaint_by_token(token)
    if not complaint.is_open:
        messages.error(request, _("This complaint is closed; material can no longer be added."))
        return redirect("portal:track", token=token)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid() and (form.cleaned_data["text"].strip() or form.cleaned_data["files"]):
        try:
            result = services.material_add(
                complaint=complaint, text=form.cleaned_data["text"], uploads=form.cleaned_data["files"]
            )
        except (ComplaintChanged, ConcurrentTransition):
            messages.error(request, CHANGED_MEANWHILE)
            return redirect("portal:track", token=token)
        for refusal in result.refused:
            messages.error(request, refusal)
        if result.saved or form.cleaned_data["text"].strip():
            messages.success(request, _("Your additional information was added."))
    else:
        messages.error(request, _("Write something or choose at least one file."))
    return redirect("portal:track", token=token)


@require_http_methods(["GET", "POST"])
def edit(request, token):
    complaint = complaint_by_token(token)
    if complaint.status != Status.SUBMITTED:
        messages.error(
            request, _("The complaint was accepted; it can no longer be edited. Add material instead.")
        )
        return redirect("portal:track", token=token)
    form_class = ComplaintFieldsForm.for_type(complaint.complaint_type)
    form = form_class(request.POST or None, instance=complaint, complaint_type=complaint.complaint_type)
    if request.method == "POST" and form.is_valid():
        if posted_version(request) != complaint.version:
            messages.error(request, CHANGED_MEANWHILE)
            return redirect("portal:track", token=token)
        changes = services.edit_changes(complaint, form)
        if not changes:
            messages.info(request, _("Nothing was changed."))
            return redirect("portal:track", token=token)
        address = _new_address(complaint, form)
        if not form.errors:
            return _edit_confirm(request, complaint, form, changes, address)
    return render(
        request,
        "portal/edit.html",
        {"complaint": complaint, "form": form},
        status=400 if form.errors else 200,
    )


def _edit_confirm(request, complaint, form, changes, address):
    """Show the changes to confirm (sending a code to a new phone or email); save when confirmed."""
    confirmed = request.POST.get("confirm") == "yes"
    if confirmed:
        save = functools.partial(services.edit_apply, complaint=complaint, form=form)
        if done := _saved(request, complaint, save, _("Your changes were saved.")):
            return done
        messages.error(request, WRONG_CODE)
    elif address:
        _send_contact_code(request, address)
    context = {"complaint": complaint, "form": form, "changes": changes, "address": address}
    return render(request, "portal/edit_confirm.html", context, status=400 if confirmed else 200)


def _new_address(complaint, form):
    """The new phone or email the form's changes would send to (None if none); a form error if
    the change would send to two new ones at once."""
    try:
        return services.contact_new_address(complaint=complaint, form=form)
    except services.MoreThanOneNewAddress:
        form.add_error(
            None,
            _(
                "Change your mobile number or your email, one at a time: each new one is confirmed "
                "with a code sent to it."
            ),
        )
        return None


def _send_contact_code(request, address):
    channel, target = address
    ok, text = request_code(request, purpose=VerificationCode.Purpose.CONTACT, channel=channel, target=target)
    (messages.info if ok else messages.error)(request, text)


def posted_version(request) -> int:
    """The version of the complaint the page was built from; -1 (never current) if the post
    carries none that reads as a whole number, so it is told the complaint changed meanwhile."""
    value = request.POST.get("version", "")
    return int(value) if value.isascii() and value.isdigit() else -1


def complainant_transition(request, complaint, name, **params):
    try:
        complaint_transition(
            complaint=complaint,
            name=name,
            actor=ComplainantActor(complaint.pk),
            version=posted_version(request),
            **params,
        )
    except (ComplaintChanged, TransitionRefused, PermissionDenied) as exc:
        messages.error(request, str(exc))
        return False
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    return True


@require_http_methods(["GET", "POST"])
def withdraw(request, token):
    complaint = complaint_by_token(token)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if complainant_transition(request, complaint, "withdraw", reason=form.cleaned_data["reason"]):
            messages.success(request, _("Your complaint was withdrawn."))
        return redirect("portal:track", token=token)
    if "withdraw" not in complainant_actions(complaint):
        messages.error(request, _("This complaint can no longer be withdrawn."))
        return redirect("portal:track", token=token)
    return render(request, "portal/withdraw.html", {"complaint": complaint, "form": form})


@require_http_methods(["GET", "POST"])
def rate(request, token):
    complaint = complaint_by_token(token)
    actions = complainant_actions(complaint)
    if not actions & {"close_satisfied", "appeal"}:
        messages.error(request, _("There is no result to rate at the moment."))
        return redirect("portal:track", token=token)
    form = RateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        comment = form.cleaned_data["comment"]
        if form.cleaned_data["verdict"] == RateForm.SATISFIED:
            done = complainant_transition(request, complaint, "close_satisfied", comment=comment)
            text = _("Thank you. The complaint is closed.")
        else:
            done = complainant_transition(request, complaint, "appeal", reason=comment)
            text = _("Your appeal was received. A supervisor will re-review the complaint.")
        if done:
            messages.success(request, text)
        return redirect("portal:track", token=token)
    return render(
        request,
        "portal/rate.html",
        {"complaint": complaint, "form": form, "can_appeal": "appeal" in actions},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def contact(request, token):
    complaint = complaint_by_token(token)
    form = ContactForm(request.POST or None, instance=complaint)
    address = None
    if request.method == "POST" and form.is_valid():
        address = _new_address(complaint, form)
        if address and ("contact_code" not in request.POST or "resend" in request.POST):
            _send_contact_code(request, address)
        elif not form.errors:
            return _contact_save(request, complaint, form)
    return render(
        request,
        "portal/contact.html",
        {"complaint": complaint, "form": form, "address": address},
        status=400 if form.errors else 200,
    )


def _contact_save(request, complaint, form):
    save = functools.partial(services.contact_change, complaint=complaint, form=form)
    if done := _saved(request, complaint, save, _("Your contact preference was saved.")):
        return done
    form.add_error(None, WRONG_CODE)
    context = {"complaint": complaint, "form": form, "address": _new_address(complaint, form)}
    return render(request, "portal/contact.html", context, status=400)


def _saved(request, complaint, save, message):
    """Call ``save`` (a service given the posted code for a new phone or email): the way back to
    the tracking page once saved or changed meanwhile, None when the code was wrong."""
    try:
        saved = save(code=request.POST.get("contact_code", ""))
    except (ComplaintChanged, ConcurrentTransition):
        messages.error(request, CHANGED_MEANWHILE)
        return redirect("portal:track", token=complaint.access_token)
    if not saved:
        return None
    messages.success(request, message)
    return redirect("portal:track", token=complaint.access_token)
