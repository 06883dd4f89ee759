"""What is written on a complaint, and when it waited for the complainant."""

import functools

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ComplaintPause(models.Model):
    """A time the complaint waited for the complainant; its days do not count to deadlines."""

    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.CASCADE, related_name="pauses")
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["started_on"]
        verbose_name = _("pause")
        verbose_name_plural = _("pauses")

    def __str__(self):
        return f"{self.started_on} – {self.ended_on or '…'}"

    @staticmethod
    def skipping(spans):
        """A predicate for days inside the finished pauses ``spans`` ((started_on, ended_on)
        pairs): after a pause began, up to and including the day the complaint was taken up
        again. Those days do not count to deadlines. None when there are none."""
        return functools.partial(_inside, list(spans)) if spans else None


def _inside(spans, day) -> bool:
    return any(start < day <= end for start, end in spans)


class ComplaintMessage(models.Model):
    """Text attached to a complaint: a reply the complainant sees, an internal note they never
    see, material the complainant sent, or a message between the complainant and the company
    (seen by both and by staff)."""

    class Kind(models.TextChoices):
        REPLY = "reply", _("Reply to the complainant")
        INTERNAL = "internal", _("Internal note")
        COMPLAINANT = "complainant", _("From the complainant")
        COMPANY = "company", _("From the company")
        COMPANY_QUESTION = "company_question", _("Question from the company")
        TO_COMPANY = "to_company", _("From the complainant to the company")

    PUBLIC_KINDS = (Kind.REPLY, Kind.COMPLAINANT, Kind.COMPANY, Kind.COMPANY_QUESTION, Kind.TO_COMPANY)
    # What staff may write directly; the company's words come through its transitions.
    STAFF_KINDS = (Kind.REPLY, Kind.INTERNAL, Kind.COMPLAINANT)
    # What the company complained about sees: its own messages and the complainant's to it.
    COMPANY_KINDS = (Kind.COMPANY, Kind.COMPANY_QUESTION, Kind.TO_COMPANY)

    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind, default=Kind.INTERNAL)
    body = models.TextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self):
        return f"{self.get_kind_display()} {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"

    @property
    def is_public(self):
        return self.kind in self.PUBLIC_KINDS
