"""Edits of a complaint's facts after filing: who changed what, from what to what."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FactEdit(models.Model):
    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.CASCADE, related_name="fact_edits")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    # [[field's verbose name, before, after], ...] as shown when the edit was made.
    changes = models.JSONField(_("changes"), default=list)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("edit of the facts")
        verbose_name_plural = _("edits of the facts")

    def __str__(self):
        return ", ".join(name for name, _before, _after in self.changes)

    @staticmethod
    def shown(complaint, name):
        """A field's value as staff read it: labels for codes, local time, yes or no."""
        from ..choices import Demand

        field = complaint._meta.get_field(name)
        value = getattr(complaint, name)
        if isinstance(value, list):
            choices = dict(Demand.choices) if name == "demands" else dict(field.flatchoices)
            return ", ".join(str(choices.get(item, item)) for item in value) or "—"
        if field.choices:
            return str(dict(field.flatchoices).get(value, value) or "—")
        if isinstance(value, bool):
            return str(_("yes") if value else _("no"))
        if isinstance(value, dt.datetime):
            return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        return "—" if value in (None, "") else str(value)
