import functools

from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.choices import STORY_FIELDS, TYPE_REQUIRED_FIELDS, ContactPreference, Demand
from complaints.models import Complaint
from evidence.validation import ALLOWED

# What every complaint asks, in the order the guides advise: what happened, what you want,
# who you are. The fields a type needs are put in front.
DEMAND_FIELDS = ["demands", "demand_other", "amount"]
PERSON_FIELDS = ["complainant_name", "complainant_phone", "complainant_email", "contact_preference"]

HELP = {
    "occurred_at": _("When it happened (date and time)."),
    "location_system": _("Which system, app or website, e.g. “China Mobile app”."),
    "location_function": _("Which function or page, e.g. “bill details”."),
    "observed": _("What it showed or what happened, in your own words."),
    "expected": _("What it should have shown or done."),
    "consequence": _("What this caused you: money lost, time, trouble."),
}
# What the browser may fill in for the complainant (WCAG 1.3.5).
AUTOCOMPLETE = {"complainant_name": "name", "complainant_phone": "tel", "complainant_email": "email"}

# Translators: put after a field's label; Chinese takes the full-width colon "：".
LABEL_SUFFIX = _(":")
# A label ending in one of these is a sentence (or says it ends itself): no colon after it.
SENTENCE_END = tuple(".?!:。？！：")
# The file picker offers pictures, videos and recordings (on a phone: the camera and the
# recorder too) and the documents the evidence rules accept. No ``capture``: it would open the
# camera only, and screenshots or PDFs already on the phone could not be picked.
EXTENSIONS = sorted({extension for _kind, extensions in ALLOWED.values() for extension in extensions})
ACCEPT = ",".join(["image/*", "video/*", "audio/*", *EXTENSIONS])


class PortalForm:
    """Mixed into every portal form: labels end in the language's colon unless they end a
    sentence, the errors of a group of boxes are read out at each box, and the errors are
    listed for the summary at the top of the page."""

    template_name_label = "portal/_label.html"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", LABEL_SUFFIX)
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if str(field.label or "").endswith(SENTENCE_END):
                field.label_suffix = ""

    def full_clean(self):
        super().full_clean()
        # Django ties a group's errors to its fieldset only; tie them to each box as well, where
        # the keyboard is when a screen reader reads them.
        for name in self._errors:
            if name in self.fields and self[name].use_fieldset:
                self.fields[name].widget.attrs["aria-describedby"] = self[name].aria_describedby

    def error_links(self):
        """(id of the input to go to, or "", text) for each error, for the summary."""
        links = [("", error) for error in self.non_field_errors()]
        for field in self:
            name = str(field.label or "").rstrip("".join(SENTENCE_END))
            target = "" if field.is_hidden else field.id_for_label or field.subwidgets[0].id_for_label
            links += [(target, _("%(field)s: %(error)s") % {"field": name, "error": e}) for e in field.errors]
        return links


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files; each is checked by the evidence rules, not here."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True, "accept": ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        return [f for f in (data if isinstance(data, list | tuple) else [data]) if f]


class ComplaintFieldsForm(PortalForm, forms.ModelForm):
    """The complaint's own fields for one type, validated by the model (which knows the
    fields each type needs) so the messages sit next to their fields."""

    company_name = forms.CharField(
        label=_("Company or service complained about"),
        max_length=200,
        help_text=_("Start typing to pick a known company, or enter the full name."),
        widget=forms.TextInput(attrs={"list": "companies", "autocomplete": "off"}),
    )
    demands = forms.MultipleChoiceField(
        label=_("What you ask for"), choices=Demand.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Complaint
        fields = []
        widgets = {
            "occurred_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "observed": forms.Textarea(attrs={"rows": 5}),
            "expected": forms.Textarea(attrs={"rows": 3}),
            "consequence": forms.Textarea(attrs={"rows": 3}),
            "contact_preference": forms.RadioSelect,
        }

    def __init__(self, *args, complaint_type, **kwargs):
        kwargs.setdefault("instance", Complaint(complaint_type=complaint_type))
        super().__init__(*args, **kwargs)
        self.instance.complaint_type = complaint_type
        if self.instance.pk:
            self.fields["company_name"].initial = self.instance.company.name
            # The form edits to the minute; seconds would show as a change nobody made.
            self.initial["occurred_at"] = self.instance.occurred_at.replace(second=0, microsecond=0)
        for name in TYPE_REQUIRED_FIELDS[complaint_type]:
            self.fields[name].required = True
        for name, text in HELP.items():
            if name in self.fields:
                self.fields[name].help_text = text
        for name, purpose in AUTOCOMPLETE.items():
            if name in self.fields:
                self.fields[name].widget.attrs["autocomplete"] = purpose

    @classmethod
    @functools.cache
    def for_type(cls, complaint_type):
        """A form class with the fields of ``complaint_type`` (built once per type)."""
        fields = [*TYPE_REQUIRED_FIELDS[complaint_type], *STORY_FIELDS, *DEMAND_FIELDS, *PERSON_FIELDS]
        fields = list(dict.fromkeys(f for f in fields if f != "company"))
        meta = type("Meta", (cls.Meta,), {"fields": fields})
        # The order of the page, which the summary of the errors follows.
        order = ["company_name", *fields]
        return type(f"{complaint_type.title()}Form", (cls,), {"Meta": meta, "field_order": order})

    def _post_clean(self):
        super()._post_clean()
        # The model says why an empty field is needed (by this type; at least one demand);
        # Django's own "required" for the same field would say it a second time.
        for errors in self._errors.values():
            own = [error for error in errors.as_data() if error.code != "required"]
            if own and len(own) < len(errors):
                errors[:] = own

    def clean(self):
        data = super().clean()
        preference = data.get("contact_preference")
        if preference in (ContactPreference.EMAIL, ContactPreference.BOTH) and not data.get(
            "complainant_email"
        ):
            self.add_error("complainant_email", _("Enter an email address to be contacted by email."))
        return data


class FilingExtrasForm(PortalForm, forms.Form):
    """What a filing needs besides the complaint's fields."""

    files = MultipleFileField(
        label=_("Evidence files"),
        help_text=_(
            "Screenshots, photos, PDF or Word/Excel files, chat exports (TXT/CSV), call recordings, "
            "videos. You can add more later."
        ),
    )
    privacy_consent = forms.BooleanField(
        label=_("I have read the privacy notice and agree that the platform processes my complaint.")
    )
    share_identity = forms.BooleanField(
        required=False,
        label=_(
            "I separately agree that my name and contact details are given to the company I complain "
            "about, so it can contact me (optional)."
        ),
        help_text=_("Without this, staff deal with the company without revealing who complained."),
    )
    green_channel = forms.BooleanField(
        required=False,
        label=_("Send my complaint to the company first (green channel)."),
        help_text=_(
            "Only for companies that answer complaints on this platform (ODR): once your complaint "
            "is accepted, the company has 10 working days to contact you and settle it here. Staff "
            "keep their deadlines and step in if it does not."
        ),
    )
    code = forms.RegexField(
        label=_("Verification code"),
        regex=r"^\s*\d{6}\s*$",
        required=False,
        help_text=_("Press “Send code”, then enter the 6 digits sent to your mobile (or email)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
    # Left empty by people; filled by bots that fill every field.
    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


class CaptchaInput(CaptchaTextInput):
    """The picture with a text alternative in the visitor's language, and the field's label on
    the box to type in (as two inputs, Django would give them a legend that labels neither)."""

    template_name = "portal/_captcha.html"
    use_fieldset = False


class CaptchaForm(PortalForm, forms.Form):
    captcha = CaptchaField(label=_("Type the characters in the picture"), widget=CaptchaInput)


class TrackLookupForm(PortalForm, forms.Form):
    number = forms.CharField(label=_("Complaint number"), max_length=32)

    def clean_number(self):
        return self.cleaned_data["number"].strip().upper()


class TrackCodeForm(TrackLookupForm):
    code = forms.RegexField(
        label=_("Verification code"),
        regex=r"^\s*\d{6}\s*$",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class MaterialForm(PortalForm, forms.Form):
    text = forms.CharField(
        label=_("Additional information"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    files = MultipleFileField(label=_("Files"))


class WithdrawForm(PortalForm, forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw? (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirm = forms.BooleanField(label=_("Yes, withdraw this complaint. This cannot be undone."))


class ReasonWithRefusalForm(PortalForm, forms.Form):
    """A choice (the field named ``CHOICE``) and a text (``REASON``) required with the choice
    ``REFUSAL``, refused with ``MISSING`` when empty."""

    CHOICE = REASON = REFUSAL = MISSING = None

    def clean(self):
        data = super().clean()
        if data.get(self.CHOICE) == self.REFUSAL and not data.get(self.REASON, "").strip():
            self.add_error(self.REASON, self.MISSING)
        return data


class RateForm(ReasonWithRefusalForm):
    SATISFIED, UNSATISFIED = "satisfied", "unsatisfied"
    CHOICE, REASON, REFUSAL, MISSING = (
        "verdict",
        "comment",
        UNSATISFIED,
        _("Say why the result is not acceptable."),
    )
    verdict = forms.ChoiceField(
        label=_("Are you satisfied with the result?"),
        choices=[(SATISFIED, _("Yes, I am satisfied")), (UNSATISFIED, _("No, I appeal"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment, or why you appeal"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when you appeal."),
    )


class ContactForm(PortalForm, forms.ModelForm):
    """How the complainant wants to hear from us."""

    class Meta:
        model = Complaint
        fields = ["contact_preference", "complainant_email"]
        widgets = {
            "contact_preference": forms.RadioSelect,
            "complainant_email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def clean(self):
        data = super().clean()
        if data.get("contact_preference") in (
            ContactPreference.EMAIL,
            ContactPreference.BOTH,
        ) and not data.get("complainant_email"):
            self.add_error("complainant_email", _("Enter an email address to be contacted by email."))
        return data


class ProposalAnswerForm(ReasonWithRefusalForm):
    ACCEPT, REJECT = "accept", "reject"
    CHOICE, REASON, REFUSAL, MISSING = (
        "answer",
        "reason",
        REJECT,
        _("Say why the proposal is not acceptable."),
    )
    answer = forms.ChoiceField(
        label=_("Your answer to the company's proposal"),
        choices=[(ACCEPT, _("I accept: this settles my complaint")), (REJECT, _("I reject it"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Why you reject it"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you reject. The company and staff will see it."),
    )


class CompanyMessageForm(PortalForm, forms.Form):
    text = forms.CharField(
        label=_("Write to the company"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The company and staff will see it."),
    )


class PerformanceForm(ReasonWithRefusalForm):
    DONE, NOT_DONE = "done", "not_done"
    CHOICE, REASON, REFUSAL, MISSING = "done", "note", NOT_DONE, _("Say what was not done.")
    done = forms.ChoiceField(
        label=_("Did the company do what it promised?"),
        choices=[(DONE, _("Yes, it was done")), (NOT_DONE, _("No, it was not done"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("What was not done"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required if it was not done. Staff will be told."),
    )
