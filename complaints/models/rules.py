"""Deadline rules: how long each step of a complaint may take."""

import functools
import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from workcalendar.generations import Generation
from workcalendar.services import DayUnit

from ..choices import ComplaintType


def percents(text) -> list[int]:
    """``"50,80"`` -> [50, 80]."""
    return sorted({int(part) for part in text.replace(" ", "").split(",") if part})


def validate_percents(text):
    try:
        values = percents(text)
    except ValueError:
        values = None
    if values is None or any(not 0 < value < 100 for value in values):
        raise ValidationError(_("Enter whole numbers between 1 and 99 separated by commas."))


# The rules of each complaint type, in the shared cache until a rule is saved or deleted.
RULES = Generation("deadline-rules")


class RuleQuerySet(models.QuerySet):
    """Writes that send no signal drop the cached rules too."""

    # In a transaction of their own if there is none: the generation is replaced when the
    # write commits, never before it.

    def update(self, **kwargs):
        with transaction.atomic(using=self.db):
            RULES.changed(self.db)
            return super().update(**kwargs)

    def bulk_create(self, objs, *args, **kwargs):
        with transaction.atomic(using=self.db):
            RULES.changed(self.db)
            return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, *args, **kwargs):
        with transaction.atomic(using=self.db):
            RULES.changed(self.db)
            return super().bulk_update(objs, *args, **kwargs)


class DeadlineRule(models.Model):
    """How long a step may take: a number of working or calendar days after an event, with
    the rule it comes from. A rule for one complaint type overrides the general one."""

    class Kind(models.TextChoices):
        ACCEPTANCE = "acceptance", _("Decision to accept or reject (from submission)")
        REPLY = "reply", _("Written reply (from acceptance)")
        MEDIATION = "mediation", _("End of mediation (from acceptance)")
        REVIEW = "review", _("Decision on an appeal (from the appeal)")
        APPEAL_WINDOW = "appeal_window", _("Window to appeal a result (from the result)")
        NOTICE = "notice", _("Notice to both parties that mediation ended (from the result)")
        COMPANY = "company", _("The company's answer (from forwarding to the company)")

    kind = models.CharField(_("deadline"), max_length=16, choices=Kind)
    complaint_type = models.CharField(
        _("complaint type"),
        max_length=32,
        choices=ComplaintType,
        blank=True,
        help_text=_("Leave empty for the rule that applies to every type without its own."),
    )
    days = models.PositiveSmallIntegerField(_("days"), validators=[MinValueValidator(1)])
    unit = models.CharField(_("unit"), max_length=8, choices=DayUnit, default=DayUnit.WORKING)
    legal_basis = models.CharField(_("legal basis"), max_length=255)
    max_extension_days = models.PositiveSmallIntegerField(
        _("extension allowed (days)"),
        default=0,
        help_text=_("How many days a supervisor may add to a running clock of this step in all; 0: none."),
    )

    warn_at_percent = models.CharField(
        _("warn at (per cent of the time used)"),
        max_length=32,
        blank=True,
        default="50,80",
        validators=[validate_percents],
        help_text=_("Percentages separated by commas, for example 50,80; the assignee is told at each."),
    )
    warn_days_before = models.PositiveSmallIntegerField(
        _("warn when due within (working days)"),
        default=3,
        help_text=_("The assignee is told when this many working days or fewer are left; 0: no warning."),
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        _("second level after (working days)"),
        null=True,
        blank=True,
        help_text=_(
            "Working days after a breach at which the directors are told (second-level supervision); "
            "empty: never. "
            "Supervisors are told of every breach."
        ),
    )

    objects = RuleQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "complaint_type"]
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        permissions = [("manage_deadline_rules", _("Can change deadline rules"))]
        constraints = [
            models.UniqueConstraint(fields=["kind", "complaint_type"], name="deadline_rule_unique")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.days} {self.get_unit_display()}"

    @property
    def official_basis(self):
        """The legal basis as published (the default language), whoever's language is active:
        a clock keeps this copy."""
        with translation.override(settings.LANGUAGE_CODE):
            return self.legal_basis

    @classmethod
    def for_type(cls, complaint_type):
        """{kind: rule} for one complaint type, its own rules winning over general ones; from
        the shared cache until a rule changes."""
        return RULES.get_or_read(
            f"{_fields_version()}:{complaint_type}", lambda: cls._read_for_type(complaint_type)
        )

    @classmethod
    def listed(cls):
        """Every rule, general ones first, each type's in the order of the steps; from the
        shared cache until a rule changes (the public home page shows them)."""
        order = list(cls.Kind.values)
        return RULES.get_or_read(
            f"{_fields_version()}:all",
            lambda: sorted(cls.objects.all(), key=lambda r: (r.complaint_type, order.index(r.kind))),
        )

    @classmethod
    def _read_for_type(cls, complaint_type):
        rules = {}
        for rule in cls.objects.filter(complaint_type__in=["", complaint_type]).order_by("complaint_type"):
            rules[rule.kind] = rule
        return rules


@functools.cache
def _fields_version() -> str:
    """Rules kept by a release with other fields are not used by this one."""
    names = ",".join(field.attname for field in DeadlineRule._meta.concrete_fields)
    return f"{zlib.crc32(names.encode()):08x}"


RULES.follow(DeadlineRule)
