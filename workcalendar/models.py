from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarYear(models.Model):
    """A year whose official days off and working weekends (调休) are known.

    Working-day arithmetic trusts only the years listed here; for any other year it falls
    back to "Monday to Friday" and flags the result as an estimate.
    """

    class Source(models.TextChoices):
        LIBRARY = "library", _("Loaded from the chinesecalendar package")
        STAFF = "staff", _("Entered by staff")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=16, choices=Source, default=Source.STAFF)
    notice = models.CharField(
        _("official notice"),
        max_length=255,
        blank=True,
        help_text=_("The State Council notice the days come from, e.g. 国办发明电〔2025〕7号."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")

    def __str__(self):
        return str(self.year)


class CalendarDay(models.Model):
    """A date that differs from the Monday-to-Friday rule: an official day off on a weekday
    (or a named holiday on a weekend) or a weekend day made a working day."""

    class Kind(models.TextChoices):
        DAY_OFF = "off", _("Official day off")
        WORKING_DAY = "work", _("Working day (adjusted weekend)")

    calendar_year = models.ForeignKey(
        CalendarYear, on_delete=models.CASCADE, related_name="days", verbose_name=_("year")
    )
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind)
    name = models.CharField(_("name"), max_length=64, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self):
        return f"{self.date} {self.get_kind_display()} {self.name}".strip()

    def clean(self):
        if self.date and self.calendar_year_id and self.date.year != self.calendar_year.year:
            raise ValidationError(
                {"date": _("This date is not in %(year)s.") % {"year": self.calendar_year.year}}
            )
