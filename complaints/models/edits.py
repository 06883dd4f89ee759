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

    def shown_changes(self):
        """[(field's name, before, after)] in the reader's language."""
        model = self.complaint._meta.model
        names = {field.name: field.verbose_name for field in model._meta.concrete_fields}
        return [
            (names.get(name, name), self.display(model, name, before), self.display(model, name, after))
            for name, before, after in self.changes
        ]

    @staticmethod
    def stored(complaint, name):
        """A field's value as an edit keeps it: codes, not labels (shown in any language later)."""
        value = getattr(complaint, name)
        if isinstance(value, dt.datetime):
            return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        if isinstance(value, bool | list | int) or value is None:
            return value
        return str(value)

    @staticmethod
    def display(model, name, value):
        """A stored value as staff read it: labels for codes, yes or no."""
        from ..choices import Demand

        field = model._meta.get_field(name)
        if isinstance(value, list):
            choices = dict(Demand.choices) if name == "demands" else dict(field.flatchoices)
            return ", ".join(str(choices.get(item, item)) for item in value) or "—"
        if field.choices:
            return str(dict(field.flatchoices).get(value, value) or "—")
        if isinstance(value, bool):
            return str(_("yes") if value else _("no"))
        return "—" if value in (None, "") else str(value)

    @classmethod
    def shown(cls, complaint, name):
        """A field's value as staff read it now."""
        return cls.display(type(complaint), name, cls.stored(complaint, name))
