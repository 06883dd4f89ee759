from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.choices import ComplaintType
from workcalendar.generations import Generation

# The portal's texts stored as data, in the shared cache until staff change one.
TEXTS = Generation("portal-texts")


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


class TypeGuide(models.Model):
    """What the portal says about one complaint type, in every language; staff edit it."""

    complaint_type = models.CharField(_("complaint type"), max_length=32, choices=ComplaintType, unique=True)
    description = models.CharField(
        _("description"), max_length=300, help_text=_("One sentence shown under the type's name.")
    )

    class Meta:
        verbose_name = _("complaint type description")
        verbose_name_plural = _("complaint type descriptions")

    def __str__(self):
        return self.get_complaint_type_display()

    @classmethod
    def descriptions(cls):
        """[(type, description)] in the order of the types; a type without a text has none."""
        guides = {
            guide.complaint_type: guide
            for guide in TEXTS.get_or_read("guides", lambda: list(cls.objects.all()))
        }
        return [(kind, guides[kind].description if kind in guides else "") for kind in ComplaintType]


class OtherRoute(models.Model):
    """Another body a consumer can turn to (12315, 12377, 12300...), shown on the home page
    and to complainants whose appeal ended; in every language."""

    name = models.CharField(_("name"), max_length=200)
    contact = models.CharField(_("how to reach it"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("other route")
        verbose_name_plural = _("other routes")

    def __str__(self):
        return self.name

    @classmethod
    def listed(cls):
        return TEXTS.get_or_read("routes", lambda: list(cls.objects.all()))


TEXTS.follow(TypeGuide, OtherRoute)
