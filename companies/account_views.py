"""Company accounts: applying, signing in, setting a password, the company's users."""

from django.contrib import auth, messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from phonenumber_field.phonenumber import to_python

from complaints.validators import validate_mobile
from portal import limits
from portal.models import VerificationCode
from portal.views import TOO_MANY_REQUESTS, request_code

from . import applications
from .access import member_required
from .account_forms import ApplicationForm, InviteForm, MemberAuthenticationForm, PasswordResetForm
from .models import CompanyMember

SAME_ANSWER = gettext_lazy(
    "If this email belongs to a company user, a link to choose a new password was sent to it."
)
NO_TARGET = {
    "sms": gettext_lazy("Enter a valid mobile number first."),
    "email": gettext_lazy("Enter a valid email address first."),
}


# Applying


def _render_apply(request, form, status=200):
    return render(request, "companies/account/apply.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def apply(request):
    if request.method == "GET":
        return _render_apply(request, ApplicationForm())
    form = ApplicationForm(request.POST, request.FILES)
    if request.POST.get("website"):
        raise PermissionDenied  # the hidden field only bots fill in
    if limits.limited(request, "company-apply"):
        messages.error(request, TOO_MANY_REQUESTS)
        return _render_apply(request, form, status=429)
    if form.is_valid() and _submitted(request, form):
        return redirect("companies:apply-done")
    return _render_apply(request, form, status=400)


def _submitted(request, form) -> bool:
    """Save the application; False with the refusals put on the form."""
    application = form.save(commit=False)
    application.language = request.LANGUAGE_CODE
    try:
        applications.application_submit(
            application=application,
            licence=form.cleaned_data["licence"],
            inspection=form.inspection,
            mobile_code=form.cleaned_data["mobile_code"],
            email_code=form.cleaned_data["email_code"],
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return False
    return True


@require_POST
def apply_code(request):
    """The "Send code" buttons of the application form: a code to the mobile or the email
    typed so far; the form comes back with what was typed (but the file)."""
    channel = "email" if request.POST.get("channel") == "email" else "sms"
    target = _code_target(channel, request.POST)
    if not target:
        ok, text = False, NO_TARGET[channel]
    else:
        ok, text = request_code(
            request, purpose=VerificationCode.Purpose.COMPANY, channel=channel, target=target
        )
    (messages.success if ok else messages.error)(request, text)
    typed = {name: request.POST[name] for name in ApplicationForm.base_fields if name in request.POST}
    return _render_apply(request, ApplicationForm(initial=typed), status=200 if ok else 400)


def _code_target(channel, data) -> str:
    """Where the code goes, as the application will be checked against it; "" if invalid."""
    value = (data.get("contact_email" if channel == "email" else "contact_mobile") or "").strip()
    try:
        (validate_email if channel == "email" else validate_mobile)(value)
    except ValidationError:
        return ""
    return value.lower() if channel == "email" else to_python(value, region="CN").as_e164


@require_GET
def apply_done(request):
    return render(request, "companies/account/apply_done.html")


# Signing in


class MemberLoginView(auth_views.LoginView):
    form_class = MemberAuthenticationForm
    template_name = "companies/account/login.html"

    def get_default_redirect_url(self):
        return reverse("companies:home")


login = MemberLoginView.as_view()


@require_POST
def logout(request):
    auth.logout(request)
    messages.info(request, _("You are signed out."))
    return redirect("companies:login")


@require_http_methods(["GET", "POST"])
def password_reset(request):
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if limits.limited(request, "company-password", "10/h"):
            messages.error(request, TOO_MANY_REQUESTS)
            return render(request, "companies/account/password_reset.html", {"form": form}, status=429)
        applications.member_password_reset(email=form.cleaned_data["email"], language=request.LANGUAGE_CODE)
        messages.info(request, SAME_ANSWER)  # the same answer whether or not the email is known
        return redirect("companies:login")
    return render(request, "companies/account/password_reset.html", {"form": form})


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """The link sent on approval, invitation or request: the user chooses a password (Django's
    password validators apply). The link works for active company users only."""

    template_name = "companies/account/password_set.html"
    success_url = reverse_lazy("companies:login")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        if user is None or user.is_staff or not user.is_active or not hasattr(user, "company_member"):
            return None
        return user

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request, _("Your password is set. Sign in with your email and your new password.")
        )
        return response


password_set = PasswordSetView.as_view()


# The company's users


@member_required(manager=True)
@require_http_methods(["GET", "POST"])
def members(request):
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            applications.member_invite(
                by_member=request.member, language=request.LANGUAGE_CODE, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("An invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("companies:members")
    rows = (
        CompanyMember.objects.filter(company_id=request.member.company_id)
        .select_related("user")
        .order_by("-role", "user__email")
    )
    context = {"rows": rows, "form": form}
    return render(request, "companies/account/members.html", context, status=400 if form.errors else 200)


@member_required(manager=True)
@require_POST
def member_deactivate(request, pk):
    member = get_object_or_404(
        CompanyMember.objects.select_related("user"), pk=pk, company_id=request.member.company_id
    )
    try:
        applications.member_deactivate(by_member=request.member, member=member)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(email)s can no longer sign in.") % {"email": member.user.email})
    return redirect("companies:members")
