"""Company accounts: applications to answer complaints online (ODR), the users of an approved
company, and every time one of them looked at a complaint."""

import os
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from complaints.actors import CompanyActor
from complaints.models import Company, Complaint
from complaints.validators import validate_credit_code, validate_mobile


def licence_path(instance, filename):
    return f"licences/{uuid.uuid4().hex}{os.path.splitext(filename)[1].lower()}"


class CompanyApplication(models.Model):
    """A company asks for an account; staff approve or refuse it with a reason."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    name = models.CharField(_("company name"), max_length=200)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, validators=[validate_credit_code]
    )
    contact_name = models.CharField(_("contact person"), max_length=100)
    contact_mobile = PhoneNumberField(_("contact mobile"), region="CN", validators=[validate_mobile])
    contact_email = models.EmailField(_("contact email"))
    licence = models.FileField(_("business licence"), upload_to=licence_path, max_length=255)
    licence_name = models.CharField(_("licence file name"), max_length=255)
    licence_type = models.CharField(_("licence MIME type"), max_length=120)
    licence_sha256 = models.CharField(_("licence SHA-256"), max_length=64)
    committed_at = models.DateTimeField(_("committed to answer on time"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="zh-hans")
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.PENDING)
    reason = models.TextField(_("reason for refusing"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("company"),
    )

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("company application")
        verbose_name_plural = _("company applications")
        permissions = [("decide_companyapplication", _("Can approve or refuse company applications"))]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=models.Q(status="pending"),
                name="one_pending_application_per_credit_code",
                violation_error_message=_(
                    "An application for this credit code is already waiting for a decision."
                ),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.get_status_display()})"


class CompanyMember(models.Model):
    """A user of a company on its own pages; never staff."""

    class Role(models.TextChoices):
        MANAGER = "manager", _("Manager")
        AGENT = "agent", _("Agent")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="company_member",
        verbose_name=_("user"),
    )
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="members", verbose_name=_("company")
    )
    role = models.CharField(_("role"), max_length=8, choices=Role, default=Role.AGENT)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = ["company", "user__email"]
        verbose_name = _("company user")
        verbose_name_plural = _("company users")

    def __str__(self):
        return f"{self.user.email} ({self.company})"

    @property
    def is_manager(self):
        return self.role == self.Role.MANAGER

    @property
    def actor(self):
        return CompanyActor(user=self.user, company_id=self.company_id)


class CompanyView(models.Model):
    """A company user looked at a complaint, or downloaded one of its files."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="company_views")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    evidence = models.ForeignKey(
        "evidence.Evidence", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    viewed_at = models.DateTimeField(_("viewed"), default=timezone.now)

    class Meta:
        ordering = ["-viewed_at"]
        verbose_name = _("company view")
        verbose_name_plural = _("company views")

    def __str__(self):
        return f"{self.complaint_id} {self.viewed_at:%Y-%m-%d %H:%M}"
