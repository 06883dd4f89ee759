"""What staff did with personal data: an append-only record (等保 2.0 security audit)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    VIEWED_DETAILS = "viewed_details", _("Opened a complaint's details")
    DOWNLOADED_EVIDENCE = "downloaded_evidence", _("Downloaded evidence")
    EXPORTED = "exported", _("Exported complaints")


class AccessRecord(models.Model):
    """One staff action on personal data. Rows are never changed or deleted: the admin offers
    neither, and on PostgreSQL a trigger refuses both (migration 0001)."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    # No database constraint: the record outlives the account and is never rewritten.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    username = models.CharField(_("user name"), max_length=150)
    action = models.CharField(_("action"), max_length=32, choices=AccessAction.choices)
    subject = models.CharField(_("what"), max_length=200)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("staff access record")
        verbose_name_plural = _("staff access records")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "-at"])]

    def __str__(self):
        return f"{self.username} · {self.get_action_display()} · {self.subject}"
