from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class VerificationCode(models.Model):
    """A one-time code sent to a phone or email to prove the person controls it. Only a
    keyed hash of the code is stored."""

    class Purpose(models.TextChoices):
        FILING = "filing", _("Filing a complaint")
        TRACKING = "tracking", _("Tracking a complaint")
        CONTACT = "contact", _("Changing contact details")
        COMPANY = "company", _("Applying for a company account")

    purpose = models.CharField(max_length=16, choices=Purpose)
    target = models.CharField(max_length=254, db_index=True)
    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.CASCADE, null=True, blank=True)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["purpose", "target", "created_at"], name="code_lookup")]

    def __str__(self):
        return f"{self.purpose} {self.target} {self.created_at:%Y-%m-%d %H:%M}"
