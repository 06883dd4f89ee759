"""Companies and online services that complaints are made about."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from ..validators import (
    validate_credit_code,
    validate_event_time,
)


class Company(models.Model):
    """A company or online service that complaints are made about."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = PhoneNumberField(_("contact phone"), blank=True)
    odr_enrolled = models.BooleanField(
        _("on the ODR channel"),
        default=False,
        db_default=False,
        help_text=_(
            "Approved to answer complaints on its own pages; complainants may send their "
            "complaint to it first (green channel)."
        ),
    )
    needs_review = models.BooleanField(
        _("needs review"),
        default=False,
        help_text=_("Entered by a complainant; staff should check the name and details."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, validators=[validate_event_time])

    class Meta:
        ordering = ["name"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        # Company.for_name matches names case-insensitively (UPPER), on every filing.
        indexes = [models.Index(Upper("name"), name="company_name_upper")]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~Q(credit_code=""),
                name="company_credit_code_unique",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def answers_online(self) -> bool:
        """On the ODR channel, with an address to send complaints to: complainants may choose
        to go to it first (the green channel)."""
        return self.odr_enrolled and bool(self.contact_email)

    @classmethod
    def named(cls, name):
        """The company of that name (spaces and case aside), or None."""
        return cls.objects.filter(name__iexact=" ".join(name.split())).first()

    @classmethod
    def for_name(cls, name):
        """The company of that name, or a new one marked for staff to review."""
        name = " ".join(name.split())
        company = cls.named(name)
        if company is None:
            company, _created = cls.objects.get_or_create(name=name, defaults={"needs_review": True})
        return company
