import contextlib
import functools

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from complaints.choices import STORY_FIELDS, TYPE_REQUIRED_FIELDS, ComplaintType, ContactPreference, Status
from complaints.models import Company, Complaint, DeadlineRule
from complaints.statement import statement_of, statement_response
from complaints.validators import mask_phone
from evidence.services import staged_discard

from . import codes, limits, services
from .content import STATUS_EXPLAINED
from .forms import (
    PERSON_FIELDS,
    CaptchaForm,
    CompanyMessageForm,
    ComplaintFieldsForm,
    FilingExtrasForm,
    MaterialForm,
    PerformanceForm,
    ProposalAnswerForm,
    TrackCodeForm,
    TrackLookupForm,
)
from .models import OtherRoute, TypeGuide, VerificationCode
from .selectors import company_dealings, complainant_actions, public_timeline, tracked_complaint

TOO_MANY_REQUESTS = gettext_lazy("Too many requests from your network. Try again later.")
WRONG_CODE = gettext_lazy("The code is wrong or has expired. Ask for a new one.")
SAME_ANSWER = gettext_lazy("If this complaint number exists, a code was sent to the phone or email on file.")


@require_GET
def home(request):
    rules = DeadlineRule.listed()
    return render(
        request,
        "portal/home.html",
        {
            "types": TypeGuide.descriptions(),
            "general_rules": [r for r in rules if not r.complaint_type],
            "type_rules": [r for r in rules if r.complaint_type],
            "routes": OtherRoute.listed(),
        },
    )


@require_GET
def choose_type(request):
    return render(request, "portal/choose_type.html", {"types": TypeGuide.descriptions()})


def _contact_target(form_data):
    """(channel, address) the code goes to, from the raw form: the mobile unless email only."""
    preference = form_data.get("contact_preference")
    if preference == ContactPreference.EMAIL:
        return "email", (form_data.get("complainant_email") or "").strip().lower()
    from phonenumber_field.phonenumber import to_python

    number = to_python(form_data.get("complainant_phone") or "", region="CN")
    return "sms", (number.as_e164 if number and number.is_valid() else "")


def request_code(request, *, purpose, channel, target):
    """A one-time code a visitor asks for: counted against the address's limit, then sent.
    Returns (sent, the message to show)."""
    if limits.limited(request, "portal-code"):
        return False, TOO_MANY_REQUESTS
    return code_send(purpose=purpose, channel=channel, target=target)


def code_send(*, purpose, channel, target):
    """Send a one-time code once the limit was checked; (sent, the message to show)."""
    if not target:
        return False, _("Enter a valid mobile number (or email, if you chose email) first.")
    try:
        codes.code_issue(purpose=purpose, channel=channel, target=target)
    except codes.TooManyCodes:
        return False, _("A code was sent a moment ago. Wait a minute before asking again.")
    return True, _("A code was sent to %(target)s. It is valid for %(minutes)d minutes.") % {
        "target": shown_address(channel, target),
        "minutes": settings.CODE_VALID_MINUTES,
    }


@require_http_methods(["GET", "POST"])
def file_complaint(request, complaint_type):
    if complaint_type not in ComplaintType.values:
        raise Http404
    form_class = ComplaintFieldsForm.for_type(complaint_type)
    captcha = CaptchaForm(request.POST or None) if limits.needs_captcha(request) else None
    if request.method == "GET":
        return _render_filing(
            request, complaint_type, form_class(complaint_type=complaint_type), FilingExtrasForm(), blank=True
        )
    form = form_class(request.POST, complaint_type=complaint_type)
    extras = FilingExtrasForm(request.POST, request.FILES)
    extras.is_valid()
    if extras.cleaned_data.get("website"):
        raise PermissionDenied  # the hidden field only bots fill in
    # Every check that needs no file comes before any file is kept.
    refusal, status = _filing_refusal(request, captcha)
    if refusal:
        messages.error(request, refusal)
        staged = services.filing_staged(request=request, staged_ids=request.POST.getlist("staged"))
        return _render_filing(request, complaint_type, form, extras, staged, captcha, status=status)
    staged, new, refusals = services.filing_stage_files(
        request=request, uploads=request.FILES.getlist("files"), staged_ids=request.POST.getlist("staged")
    )
    for text in refusals:
        messages.error(request, text)
    try:
        return _file_checked(request, complaint_type, form, extras, staged, captcha)
    except BaseException:
        staged_discard(new)  # nothing this request kept outlives its failure
        raise


def _filing_refusal(request, captcha):
    """(message, status) when this post is refused before anything is kept; (None, None) if not.
    Every post counts against the address's limit, a code request as one of its codes."""
    if request.POST.get("action") == "send_code":
        if limits.limited(request, "portal-code"):
            return TOO_MANY_REQUESTS, 429
    elif limits.limited(request, "portal-file"):
        return _("Too many submissions from your network. Try again later."), 429
    if captcha is not None and not captcha.is_valid():
        limits.record_failure(request)
        return _("Type the characters in the picture."), 400
    return None, None


def _file_checked(request, complaint_type, form, extras, staged, captcha):
    """The filing post once it passed the checks before staging."""
    form_class = type(form)
    if request.POST.get("action") == "send_code":
        channel, target = _contact_target(request.POST)
        ok, text = code_send(purpose=VerificationCode.Purpose.FILING, channel=channel, target=target)
        (messages.success if ok else messages.error)(request, text)
        # Show what was typed without complaining about fields not filled in yet.
        form = form_class(initial=_typed(request.POST, form), complaint_type=complaint_type)
        extras = FilingExtrasForm(initial=_typed(request.POST, extras))
        return _render_filing(request, complaint_type, form, extras, staged, captcha)
    valid = form.is_valid() & extras.is_valid()
    if valid and extras.cleaned_data["green_channel"]:
        valid = _green_channel_open(form, extras)
    if valid and not extras.cleaned_data["code"]:
        extras.add_error("code", _("Enter the verification code. Press “Send code” to get one."))
        valid = False
    complaint = None
    if valid:
        complaint = services.filing_submit(
            form=form,
            target=_contact_target(request.POST)[1],
            code=extras.cleaned_data["code"],
            share_identity=extras.cleaned_data["share_identity"],
            green_channel=extras.cleaned_data["green_channel"],
            staged=staged,
            language=request.LANGUAGE_CODE,
        )
        if complaint is None:
            extras.add_error("code", WRONG_CODE)
    if complaint is None:
        limits.record_failure(request)
        return _render_filing(request, complaint_type, form, extras, staged, captcha, status=400)
    limits.clear_failures(request)
    return redirect("portal:receipt", token=complaint.access_token)


def _green_channel_open(form, extras) -> bool:
    company = Company.named(form.cleaned_data["company_name"])
    if company is None or not company.answers_online:
        extras.add_error(
            "green_channel",
            _(
                "This company does not answer complaints on this platform: leave this unticked, "
                "and staff will contact it."
            ),
        )
        return False
    return True


def _typed(data, form):
    return {
        name: data.getlist(name) if isinstance(field, forms.MultipleChoiceField) else data.get(name)
        for name, field in form.fields.items()
        if name in data
    }


def _render_filing(request, complaint_type, form, extras, staged=(), captcha=None, status=200, blank=False):
    """``blank``: a new, empty form, the same for every visitor of this type and language, so
    the template serves its fields from the fragment cache."""
    return render(
        request,
        "portal/file.html",
        {
            "complaint_type": ComplaintType(complaint_type),
            "blank": blank,
            "form": form,
            "extras": extras,
            "staged": staged,
            "captcha": captcha,
            "type_fields": [form[n] for n in TYPE_REQUIRED_FIELDS[complaint_type] if n not in STORY_FIELDS],
            "story_fields": [form[n] for n in STORY_FIELDS],
            "person_fields": [form[n] for n in PERSON_FIELDS],
            "acceptance_rule": DeadlineRule.for_type(complaint_type).get(DeadlineRule.Kind.ACCEPTANCE),
        },
        status=status,
    )


@require_POST
def send_code(request):
    """The "Send code" button when JavaScript runs: the same as the form button, as JSON."""
    channel, target = _contact_target(request.POST)
    ok, text = request_code(request, purpose=VerificationCode.Purpose.FILING, channel=channel, target=target)
    return JsonResponse({"ok": ok, "message": text}, status=200 if ok else 400)


@require_GET
def companies(request):
    term = request.GET.get("q", "").strip()
    names = []
    if len(term) >= 1:
        names = list(
            Company.objects.filter(name__icontains=term, needs_review=False)
            .order_by("name")
            .values_list("name", flat=True)[:10]
        )
    return JsonResponse({"companies": names})


def complaint_by_token(token):
    return get_object_or_404(Complaint.objects.select_related("company"), access_token=token)


@require_GET
def receipt(request, token):
    complaint = complaint_by_token(token)
    return render(
        request, "portal/receipt.html", {"complaint": complaint, "evidence": complaint.evidence.all()}
    )


@require_GET
def statement(request, token):
    return render(request, "portal/statement.html", {"statement": statement_of(complaint_by_token(token))})


@never_cache
@require_GET
def statement_pdf(request, token):
    return statement_response(request, complaint_by_token(token))


@require_http_methods(["GET", "POST"])
def track_lookup(request):
    form = TrackLookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if limits.limited(request, "portal-track", "10/h"):
            messages.error(request, _("Too many attempts from your network. Try again later."))
            return render(request, "portal/track_lookup.html", {"form": form}, status=429)
        complaint = Complaint.objects.filter(number=form.cleaned_data["number"]).first()
        if complaint is not None:
            channel, target = complaint.contact_target
            # The same answer either way: nothing tells whether the number exists.
            with contextlib.suppress(codes.TooManyCodes):
                codes.code_issue(
                    purpose=VerificationCode.Purpose.TRACKING,
                    channel=channel,
                    target=target,
                    complaint=complaint,
                )
        messages.info(request, SAME_ANSWER)
        return redirect(f"{reverse('portal:track-code')}?number={form.cleaned_data['number']}")
    return render(request, "portal/track_lookup.html", {"form": form})


@require_http_methods(["GET", "POST"])
def track_code(request):
    form = TrackCodeForm(request.POST or None, initial={"number": request.GET.get("number", "")})
    if request.method == "POST" and form.is_valid():
        if limits.limited(request, "portal-track-code", "20/h"):
            messages.error(request, _("Too many attempts from your network. Try again later."))
            return render(request, "portal/track_code.html", {"form": form}, status=429)
        complaint = Complaint.objects.filter(number=form.cleaned_data["number"]).first()
        target = complaint.contact_target[1] if complaint else ""
        if complaint and codes.code_check(
            purpose=VerificationCode.Purpose.TRACKING, target=target, code=form.cleaned_data["code"]
        ):
            return redirect("portal:track", token=complaint.access_token)
        form.add_error(None, _("The complaint number or the code is wrong, or the code has expired."))
        return render(request, "portal/track_code.html", {"form": form}, status=400)
    return render(request, "portal/track_code.html", {"form": form})


@require_GET
def track(request, token):
    """The complainant's page. Its parts are cached by the complaint's version and last
    message/evidence change, so the timeline and the files are read only when one changed."""
    complaint = tracked_complaint(token)
    return render(
        request,
        "portal/track.html",
        {
            "complaint": complaint,
            "today": timezone.localdate(),  # the actions offered depend on the date
            "explained": STATUS_EXPLAINED[complaint.status],
            "timeline": functools.partial(public_timeline, complaint),  # read only if not cached
            "evidence": complaint.evidence.all(),
            "actions": complainant_actions(complaint),
            "can_add_material": complaint.is_open,
            "can_edit": complaint.status == Status.SUBMITTED,
            "show_routes": (complaint.appeal_count > 0 and not complaint.is_open)
            or complaint.status == Status.REJECTED,
            "routes": OtherRoute.listed,  # read only if shown
            "material_form": MaterialForm(),
            "dealings": company_dealings(complaint),
            "proposal_form": ProposalAnswerForm(),
            "performance_form": PerformanceForm(),
            "company_message_form": CompanyMessageForm(),
        },
    )


def shown_address(channel, target):
    return mask_phone(target) if channel == "sms" else target
