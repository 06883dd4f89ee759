from django import forms
from django.contrib.admin.helpers import ActionForm
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .choices import STAFF_OUTCOMES, Demand, RejectionReason
from .models import Complaint
from .services import CHANGED_MEANWHILE


class VersionedForm(forms.ModelForm):
    """The parameters of one transition, plus the version of the complaint the user was looking
    at. A ModelForm only so that the admin hands it the complaint; it edits no model field."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Complaint
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version

    def _post_clean(self):
        pass  # the transition itself validates against the model


class NoteForm(VersionedForm):
    note = forms.CharField(
        label=_("Note for the history (not shown to the complainant)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RejectForm(NoteForm):
    reason = forms.ChoiceField(label=_("Reason"), choices=RejectionReason.choices)
    details = forms.CharField(
        label=_("Explanation for the complainant"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when the reason is “Other reason”."),
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == RejectionReason.OTHER and not data.get("details", "").strip():
            self.add_error("details", _("Explain the reason."))
        return data


class RequestInformationForm(NoteForm):
    message = forms.CharField(
        label=_("What the complainant must send (they will see this)"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ResultForm(NoteForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=STAFF_OUTCOMES)
    reply = forms.CharField(
        label=_("Written reply to the complainant"), widget=forms.Textarea(attrs={"rows": 6})
    )


class CommentForm(NoteForm):
    comment = forms.CharField(
        label=_("What the complainant said"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AppealForm(NoteForm):
    reason = forms.CharField(
        label=_("Why the complainant does not accept the result"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class WithdrawForm(NoteForm):
    reason = forms.CharField(
        label=_("Reason the complainant gave"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NoticeForm(NoteForm):
    note_to_company = forms.CharField(
        label=_("How and when the company was told that mediation ended"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CompanyAnswerForm(NoteForm):
    answer = forms.CharField(
        label=_("The company's answer (the complainant will see this)"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ProposalRejectionForm(NoteForm):
    reason = forms.CharField(
        label=_("Why the complainant rejects the company's proposal (the company will see this)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PerformanceForm(NoteForm):
    done = forms.TypedChoiceField(
        label=_("Did the company do what it promised, says the complainant?"),
        choices=[("yes", _("Yes, it was done")), ("no", _("No, it was not done"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    remark = forms.CharField(
        label=_("What was not done"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


TRANSITION_FORMS = {
    "accept": NoteForm,
    "reject": RejectForm,
    "start": NoteForm,
    "request_information": RequestInformationForm,
    "resume": NoteForm,
    "resolve": ResultForm,
    "close_satisfied": CommentForm,
    "close_unappealed": NoteForm,
    "appeal": AppealForm,
    "start_rereview": NoteForm,
    "decide_appeal": ResultForm,
    "withdraw": WithdrawForm,
    "record_notice": NoticeForm,
    "forward_to_company": NoteForm,
    "record_company_answer": CompanyAnswerForm,
    "accept_proposal": NoteForm,
    "reject_proposal": ProposalRejectionForm,
    "confirm_performance": PerformanceForm,
}


class ComplaintAdminForm(forms.ModelForm):
    """The staff edit form: the type-specific checks of the model, demands as boxes, and the
    version the user loaded so a concurrent save is refused rather than overwritten."""

    demands = forms.MultipleChoiceField(
        label=_("Demands"), choices=Demand.choices, widget=forms.CheckboxSelectMultiple
    )
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Complaint
        fields = ["demands"]  # the admin supplies the rest from its fieldsets

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        loaded = data.get("loaded_version")
        if self.instance.pk and loaded is not None:
            # The admin saves inside a transaction: this lock holds until the save commits,
            # so a second editor waits here and then sees the newer version.
            current = (
                Complaint.objects.select_for_update(no_key=True)
                .filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if loaded != current:
                raise forms.ValidationError(CHANGED_MEANWHILE, code="changed_meanwhile")
        return data


def _assignee_field():
    return forms.ModelChoiceField(
        label=_("Assign to"),
        required=False,
        queryset=get_user_model().objects.filter(is_staff=True, is_active=True).order_by("username"),
    )


class AssigneeForm(forms.Form):
    assignee = _assignee_field()


class AssignActionForm(ActionForm):
    """The admin's action bar with a staff picker for the bulk "assign" action."""

    assignee = _assignee_field()
