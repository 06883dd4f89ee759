import os
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.models import Complaint

from .validation import CHUNK, Kind, sha256_of


def evidence_path(instance, filename):
    """Storage names are generated; the name the person gave is kept only for display."""
    extension = os.path.splitext(filename)[1].lower()
    return f"evidence/{instance.complaint_id}/{uuid.uuid4().hex}{extension}"


class Evidence(models.Model):
    """A file supporting a complaint. Never changed after upload: its SHA-256 lets the
    complainant and staff prove what was sent."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("complaint")
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=255)
    original_name = models.CharField(_("original file name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    mime_type = models.CharField(_("MIME type"), max_length=120)
    size = models.BigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    description = models.CharField(_("description"), max_length=500, blank=True)
    captured_at = models.DateTimeField(_("taken at (from the photo)"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by staff"),
        help_text=_("Empty when the complainant uploaded it."),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    identifies_nobody = models.BooleanField(
        _("identifies nobody"),
        default=False,
        db_default=False,
        help_text=_(
            "Checked by staff: the file shows nothing that identifies the complainant, so the "
            "company may see it even without their consent to share their details."
        ),
    )
    verified_at = models.DateTimeField(_("integrity checked"), null=True, blank=True)
    integrity_ok = models.BooleanField(_("integrity intact"), null=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self):
        return self.original_name

    def save(self, *args, **kwargs):
        if not self._state.adding:
            stored = type(self).objects.filter(pk=self.pk).values_list("file", "sha256", "size").first()
            if stored and stored != (self.file.name, self.sha256, self.size):
                raise ValueError("Evidence files cannot be replaced or altered after upload.")
        super().save(*args, **kwargs)

    @property
    def uploaded_by_complainant(self):
        return self.uploaded_by_id is None

    def verify(self) -> bool:
        """Re-read the stored file and compare its SHA-256 with the one recorded at upload."""
        try:
            with self.file.storage.open(self.file.name, "rb") as handle:
                digest, size = sha256_of(iter(lambda: handle.read(CHUNK), b""))
            intact = digest == self.sha256 and size == self.size
        except FileNotFoundError:
            intact = False
        self.integrity_ok, self.verified_at = intact, timezone.now()
        type(self).objects.filter(pk=self.pk).update(integrity_ok=intact, verified_at=self.verified_at)
        return intact


class StagedUpload(models.Model):
    """A checked file uploaded with a form that has not been submitted yet (a field was wrong,
    or the code is still to come). It is kept so nothing uploaded is lost, and becomes
    evidence when the form is submitted. ``owner`` is the uploader's session key."""

    owner = models.CharField(max_length=64, db_index=True)
    file = models.FileField(upload_to="staging/", max_length=255)
    original_name = models.CharField(max_length=255)
    kind = models.CharField(max_length=16, choices=Kind)
    mime_type = models.CharField(max_length=120)
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    captured_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.original_name


class EvidenceDownload(models.Model):
    """A staff member opened or downloaded an evidence file."""

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="downloads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("evidence download")
        verbose_name_plural = _("evidence downloads")

    def __str__(self):
        return f"{self.user} {self.at:%Y-%m-%d %H:%M}"
