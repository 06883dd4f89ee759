from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    """One email or SMS, written in the same transaction as the event that causes it and sent
    after commit by a Celery task. The unique key makes the same notice impossible to create
    twice; the status changes by conditional updates, so it is never sent twice either."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    # SHA-256 of (event, complaint, recipient, channel, occurrence): the same notice twice is
    # refused by the database.
    key = models.CharField(max_length=64, unique=True, editable=False)
    event = models.CharField(_("event"), max_length=40)
    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.CASCADE, null=True, blank=True, related_name="notices"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="notices"
    )
    recipient = models.CharField(_("recipient"), max_length=254)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel)
    # Tells apart notices of one event that may repeat (a second reply, a daily digest).
    occurrence = models.CharField(max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=8)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    # The values the text was made from (complaint number, dates, links), as template
    # parameters for SMS gateways; never a secret (a code lives in NoticeSecret until sent).
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    body = models.TextField(_("text"))
    html = models.TextField(_("HTML"), blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    send_after = models.DateTimeField(_("send after"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # A worker stopped while sending it: it may have gone out. It is sent again with the same
    # identity (Message-ID, SMS OutId) so the provider can tell it is the same message.
    interrupted = models.BooleanField(_("interrupted while sending"), default=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [models.Index(fields=["status", "send_after"], name="notice_due")]

    def __str__(self):
        return f"{self.event} → {self.recipient} ({self.get_channel_display()})"


class NoticeSecret(models.Model):
    """What a notice needs only while it is being sent (a verification code): kept apart from
    the notice, never shown in the admin, deleted once the notice is sent, fails or expires."""

    notice = models.OneToOneField(Notice, on_delete=models.CASCADE, primary_key=True, related_name="secret")
    params = models.JSONField(default=dict)

    def __str__(self):
        return f"secret of notice {self.notice_id}"
