"""What a company writes on a complaint forwarded to it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.models import SettlementProposal


class ReplyForm(forms.Form):
    message = forms.CharField(
        label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )


class AskForm(forms.Form):
    question = forms.CharField(
        label=_("What you need to know"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the company is not responsible"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("The complaint goes back to staff, who will mediate."),
    )


class ProposalForm(forms.ModelForm):
    class Meta:
        model = SettlementProposal
        fields = ("refund", "compensation", "action", "details", "done_by")
        widgets = {
            "done_by": forms.DateInput(attrs={"type": "date"}),
            "details": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"done_by": _("The date by which the refund, the payment or the action will be done.")}


# action in the URL -> (form, transition, the form's fields passed to it)
ACTIONS = {
    "reply": (ReplyForm, "company_reply"),
    "ask": (AskForm, "company_ask"),
    "propose": (ProposalForm, "company_propose"),
    "decline": (DeclineForm, "company_decline"),
}
