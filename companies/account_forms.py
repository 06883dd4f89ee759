"""Forms of the company accounts: applying, signing in, the company's users."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from evidence.validation import EvidenceRefused, Kind, inspect_upload, refused

from .models import CompanyApplication, CompanyMember

CODE_WIDGET = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"})
# Company users sign in with their email, which is their user name.
EMAIL_MAX = get_user_model()._meta.get_field("username").max_length
# A business licence is a scan or a photo; anything else staff could not read at a glance.
LICENCE_TYPES = {"application/pdf"}


def code_field(label):
    return forms.RegexField(
        label=label,
        regex=r"^\s*\d{6}\s*$",
        widget=CODE_WIDGET,
        error_messages={
            "required": _("Enter the code. Press “Send code” to get one."),
            "invalid": _("Enter the 6 digits of the code."),
        },
    )


class ApplicationForm(forms.ModelForm):
    """A company asks for an account; each contact address is proved by a one-time code."""

    mobile_code = code_field(_("Code sent to the mobile"))
    email_code = code_field(_("Code sent to the email"))
    licence = forms.FileField(
        label=_("Business licence"),
        help_text=_(
            "A PDF file or a photo (JPEG, PNG…) of the licence. Choose it last: sending a code clears it."
        ),
    )
    commitment = forms.BooleanField(
        label=_("We commit to answering every complaint forwarded to us within 10 working days."),
        error_messages={"required": _("Accounts are only for companies that commit to answering in time.")},
    )
    # Left empty by people; filled by bots that fill every field.
    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = CompanyApplication
        fields = ["name", "credit_code", "contact_name", "contact_mobile", "contact_email", "licence"]
        help_texts = {"credit_code": _("The 18 characters printed on the business licence.")}

    field_order = [
        "name",
        "credit_code",
        "contact_name",
        "contact_mobile",
        "mobile_code",
        "contact_email",
        "email_code",
        "licence",
        "commitment",
    ]

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_credit_code(self):
        return "".join(self.cleaned_data["credit_code"].split()).upper()

    def clean_contact_email(self):
        email = self.cleaned_data["contact_email"].lower()
        if len(email) > EMAIL_MAX:
            raise forms.ValidationError(
                _("Use an email address of at most %(count)d characters.") % {"count": EMAIL_MAX}
            )
        return email

    def clean_licence(self):
        upload = self.cleaned_data["licence"]
        try:
            self.inspection = inspect_upload(upload)
        except EvidenceRefused as exc:
            raise forms.ValidationError(str(exc)) from None
        if self.inspection.kind != Kind.IMAGE and self.inspection.mime_type not in LICENCE_TYPES:
            message = refused(upload.name, _("the business licence must be a PDF file or an image"))
            raise forms.ValidationError(str(message))
        return upload


class MemberAuthenticationForm(AuthenticationForm):
    """Signing in on the company pages: only active users of a company, never staff. Whoever
    else tries gets the same answer as for a wrong password, so nothing tells them apart."""

    username = forms.CharField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Please enter a correct email and password."),
    }

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()

    def confirm_login_allowed(self, user):
        if user.is_staff or not user.is_active or not hasattr(user, "company_member"):
            raise self.get_invalid_login_error()


class PasswordResetForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email"), max_length=EMAIL_MAX)
    name = forms.CharField(label=_("Name"), max_length=150)
    role = forms.ChoiceField(
        label=_("Role"), choices=CompanyMember.Role.choices, initial=CompanyMember.Role.AGENT
    )

    def clean_email(self):
        return self.cleaned_data["email"].lower()


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for refusing"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to the company's contact email."),
    )
