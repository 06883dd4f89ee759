from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _

# Years the desk can hold official days for: none of its complaints is older, and the State
# Council publishes one year at a time.
FIRST_YEAR, LAST_YEAR = 1990, 2100


class CalendarYear(models.Model):
    """A year whose official days off and working weekends (调休) are known.

    Working-day arithmetic trusts only the years listed here; for any other year it counts
    Monday to Friday less the statutory holidays, and flags the result as provisional.
    """

    class Source(models.TextChoices):
        LIBRARY = "library", _("Loaded from the chinesecalendar package")
        STAFF = "staff", _("Entered by staff")

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
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

    def day_kinds(self) -> set:
        """What deadlines count on in this year: each listed day and whether it is worked (the
        names do not count). Comparing it before and after a change tells which days moved."""
        return set(self.days.values_list("date", "kind"))


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
        # Both change legal due dates: a working weekend day on a weekday would make no
        # difference but hide a typo, and a day filed under the wrong year is never read
        # (the calendar loads a year's days by their date).
        if self.date is None:
            return
        errors = {}
        year = self._year()
        if year is not None and self.date.year != year:
            errors["date"] = _("%(date)s is not in %(year)s.") % {"date": self.date, "year": year}
        elif self.kind == self.Kind.WORKING_DAY and self.date.weekday() < 5:
            errors["date"] = _(
                "%(date)s is a %(weekday)s: a working weekend day (调休) is a Saturday or a Sunday."
            ) % {"date": self.date, "weekday": formats.date_format(self.date, "l")}
        if errors:
            raise ValidationError(errors)

    def _year(self):
        """The year this day is filed under, also while the year itself is being added (the
        admin's inline sets the unsaved year on the day)."""
        if self._meta.get_field("calendar_year").is_cached(self) or self.calendar_year_id:
            return getattr(self.calendar_year, "year", None)
        return None
