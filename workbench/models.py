"""Reply templates (canned replies): texts staff start a reply from, per type and outcome."""

import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.choices import STAFF_OUTCOMES, ComplaintType

# The transitions whose form has a text the complainant reads, and that field's name.
TEXT_FIELDS = {
    "resolve": "reply",
    "decide_appeal": "reply",
    "request_information": "message",
    "reject": "details",
}
PLACEHOLDERS = frozenset({"number", "company", "name", "filed_on", "today", "handler"})


class ReplyTemplate(models.Model):
    class Use(models.TextChoices):
        RESOLVE = "resolve", _("Result (written reply)")
        DECIDE_APPEAL = "decide_appeal", _("Appeal decision")
        REQUEST_INFORMATION = "request_information", _("Request for information")
        REJECT = "reject", _("Not accepted")

    name = models.CharField(_("name"), max_length=120)
    use = models.CharField(_("for"), max_length=24, choices=Use)
    complaint_type = models.CharField(
        _("complaint type"),
        max_length=32,
        choices=ComplaintType,
        blank=True,
        help_text=_("Empty: every type."),
    )
    outcome = models.CharField(
        _("outcome"), max_length=32, choices=STAFF_OUTCOMES, blank=True, help_text=_("Empty: any outcome.")
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    body = models.TextField(
        _("text"),
        help_text=_("Placeholders: {number}, {company}, {name}, {filed_on}, {today}, {handler}."),
    )
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["use", "complaint_type", "outcome", "name"]
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")

    def __str__(self):
        return self.name

    def clean(self):
        try:
            fields = {field for _text, field, _spec, _conv in string.Formatter().parse(self.body)}
        except ValueError:
            raise ValidationError(
                {"body": _("A brace is not closed or not opened: write placeholders as {number}.")}
            ) from None
        fields.discard(None)
        unknown = sorted(fields - set(PLACEHOLDERS))
        if unknown:
            raise ValidationError(
                {
                    "body": _("Unknown placeholders: %(names)s.")
                    % {"names": ", ".join(f"{{{n}}}" for n in unknown)}
                }
            )

    def fill(self, complaint, user):
        """The text with the complaint's values in place of the placeholders."""
        values = {
            "number": complaint.number,
            "company": complaint.company.name if complaint.company_id else "",
            "name": complaint.complainant_name,
            "filed_on": timezone.localtime(complaint.submitted_at).date().isoformat(),
            "today": timezone.localdate().isoformat(),
            "handler": user.get_full_name() or user.get_username(),
        }
        try:
            return string.Formatter().vformat(self.body, (), _Keep(values))
        except (ValueError, IndexError, KeyError, AttributeError):  # saved before it was checked
            return self.body

    @classmethod
    def for_complaint(cls, complaint, use):
        """The templates that fit: this use, the complaint's type (or any), its language."""
        return cls.objects.filter(
            active=True,
            use=use,
            complaint_type__in=("", complaint.complaint_type),
            language=complaint.language,
        )


class _Keep(dict):
    """A placeholder without a value stays as written."""

    def __missing__(self, key):
        return "{" + key + "}"


class SavedView(models.Model):
    """A staff member's own filtered complaint list, kept under a name (shown on the index)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views")
    name = models.CharField(_("name"), max_length=80)
    query = models.CharField(_("filters"), max_length=500)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="saved_view_name_per_user")]
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")

    def __str__(self):
        return self.name
