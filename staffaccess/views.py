"""The second-factor pages of the admin: give a code, set up an authenticator, recovery codes."""

import segno
from django import forms
from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from . import second_factor


class CodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=32)


@require_http_methods(["GET", "POST"])
def verify(request, context):
    if not second_factor.authenticator(request.user):
        return redirect("admin:second-factor-setup")
    form = CodeForm(request.POST or None)
    form.fields["code"].help_text = _("The six digits your authenticator app shows, or one recovery code.")
    if form.is_valid():
        if second_factor.check(request, form.cleaned_data["code"]):
            return redirect(next_page(request))
        form.add_error(
            "code",
            _(
                "That code is not right, was used already, or came too soon after a wrong one: "
                "wait a moment and try the code shown now."
            ),
        )
    return _page(request, context, "staffaccess/verify.html", form=form, title=_("Second factor"))


@require_http_methods(["GET", "POST"])
def setup(request, context):
    if second_factor.authenticator(request.user) and not request.user.is_verified():
        return redirect("admin:second-factor-verify")
    device = second_factor.authenticator(request.user, confirmed=False)
    form = CodeForm(request.POST or None)
    form.fields["code"].help_text = _("The six digits the app shows once it has added the account.")
    if request.method == "GET" or device is None:
        device = second_factor.new_authenticator(request.user)
        form = CodeForm()
    elif form.is_valid():
        codes = second_factor.confirm(request, device, form.cleaned_data["code"])
        if codes is not None:
            return _recovery_page(request, context, codes)
        form.add_error("code", _("That code is not right. Check the phone's clock and try the new code."))
    qr = segno.make(device.config_url, error="m")
    return _page(
        request,
        context,
        "staffaccess/setup.html",
        form=form,
        qr=qr.svg_inline(scale=4, title=_("QR code for the authenticator app")),
        key=_grouped(device.key),
        title=_("Set up a second factor"),
    )


@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    """How many recovery codes are left; new ones on request (the old ones stop working)."""
    context = admin.site.each_context(request)
    if request.method == "POST":
        codes = second_factor.new_recovery_codes(request.user)
        messages.info(request, _("New recovery codes made; the earlier ones no longer work."))
        return _recovery_page(request, context, codes)
    return _page(
        request,
        context,
        "staffaccess/recovery_codes_left.html",
        left=second_factor.recovery_codes_left(request.user),
        title=_("Recovery codes"),
    )


def _recovery_page(request, context, codes):
    return _page(
        request,
        context,
        "staffaccess/recovery_codes.html",
        codes=codes,
        next=next_page(request),
        title=_("Recovery codes"),
    )


def _page(request, context, template, **extra):
    extra.setdefault(REDIRECT_FIELD_NAME, next_page(request))
    extra["redirect_field_name"] = REDIRECT_FIELD_NAME
    return TemplateResponse(request, template, {**context, **extra})


def next_page(request):
    """Where to go once signed in: the `next` asked for when it is on this site, else the index."""
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME)
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


def _grouped(hex_key):
    """The key as the app would type it by hand: base32 in groups of four."""
    from base64 import b32encode

    text = b32encode(bytes.fromhex(hex_key)).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
