from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from complaints.models import Complaint, ComplaintMessage
from complaints.services import complaint_add_message


class WriteForm(forms.Form):
    """A reply the complainant reads (and is told of), or an internal note they never see."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=[(k.value, k.label) for k in (ComplaintMessage.Kind.REPLY, ComplaintMessage.Kind.INTERNAL)],
        widget=forms.RadioSelect,
        initial=ComplaintMessage.Kind.INTERNAL,
    )
    body = forms.CharField(
        label=gettext_lazy("Text"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, complaint, **kwargs):
        super().__init__(*args, **kwargs)
        self.complaint = complaint
        self.fields["version"].initial = complaint.version

    def save(self, by):
        data = self.cleaned_data
        return complaint_add_message(
            complaint=self.complaint, kind=data["kind"], body=data["body"], by=by, version=data["version"]
        )

    def done_message(self):
        if self.cleaned_data["kind"] == ComplaintMessage.Kind.REPLY:
            return _("Reply sent; the complainant is told.")
        return _("Internal note added.")


def _staff():
    return get_user_model().objects.filter(is_staff=True, is_active=True).order_by("username")


class StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.get_username()


class StaffChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.get_username()


class ReassignForm(forms.Form):
    """Everything open of one handler to one person, or spread evenly over several."""

    # Whoever holds open complaints, a deactivated account (someone who left) included.
    handler = StaffChoice(
        label=gettext_lazy("Complaints of"),
        queryset=get_user_model()
        .objects.filter(
            Q(is_staff=True, is_active=True) | Q(pk__in=Complaint.objects.open().values("assignee"))
        )
        .order_by("username"),
    )
    to = StaffChoices(
        label=gettext_lazy("To"),
        queryset=_staff(),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "One person takes them all; several share them so that each has as even a load as can be."
        ),
    )

    def clean(self):
        data = super().clean()
        if data.get("handler") and data.get("to") and list(data["to"]) == [data["handler"]]:
            self.add_error("to", _("Choose someone other than the handler whose complaints these are."))
        return data
