"""Working-day arithmetic on the official Chinese calendar."""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

from django.db import models
from django.utils.translation import pgettext_lazy
from holidays.countries import China

from .generations import Generation
from .models import CalendarDay, CalendarYear

ONE_DAY = dt.timedelta(days=1)


class DayUnit(models.TextChoices):
    WORKING = "working", pgettext_lazy("deadline unit", "working days")
    CALENDAR = "calendar", pgettext_lazy("deadline unit", "calendar days")


@dataclass(frozen=True)
class DueDate:
    """A computed date, with the years that had no official calendar data."""

    date: dt.date
    missing_years: tuple[int, ...] = ()

    @property
    def provisional(self) -> bool:
        """The window reached a year without the State Council's notice: its statutory
        holidays were counted, but its working weekends (调休) and the exact spans of its
        holidays are not known yet, so the date may still move."""
        return bool(self.missing_years)

    @property
    def estimated(self) -> bool:
        """Former name of ``provisional``."""
        return self.provisional


class _StatutoryChina(China):
    """China's public holidays as the law fixes them, before any State Council notice."""

    def _add_special_holidays(self, mapping_names: Iterable[str], *, observed: bool = False) -> None:
        # The package also records the substituted days off (调休) of past notices, without
        # the working weekends that pay for them; only the notice itself may move a day.
        return None


@cache
def statutory_days_off(year: int) -> frozenset[dt.date]:
    """The public holidays of ``year`` fixed by law (全国年节及纪念日放假办法; from 2025, as
    amended in 2024: New Year's Day, the Spring Festival eve and first three days, Qingming,
    1–2 May, Dragon Boat, Mid-Autumn, 1–3 October; earlier years under the version then in
    force), without the 调休 that only the State Council's notice decides: neither a guessed
    day off for a holiday on a weekend (``observed``) nor a substituted day."""
    return frozenset(_StatutoryChina(years=year, observed=False))


# Each year's official days, in the shared cache until the calendar changes (the receivers
# in workcalendar.signals).
CALENDAR = Generation("workcalendar")


def official_year(year: int) -> tuple[bool, dict[dt.date, bool]]:
    """Whether the official days of ``year`` are known, and if so {date: is a working day} for
    each day that differs from Monday to Friday."""
    if not CalendarYear.objects.filter(year=year).exists():
        return False, {}
    days = CalendarDay.objects.filter(date__year=year).values_list("date", "kind")
    return True, {date: kind == CalendarDay.Kind.WORKING_DAY for date, kind in days}


@dataclass
class WorkCalendar:
    """Official working days, one year at a time from the shared cache (or the database), kept
    for the lifetime of this object (one computation, one request or one task). ``shared=False``
    reads the database only (data migrations: the cache may not exist yet)."""

    _overrides: dict[dt.date, bool] = field(default_factory=dict)
    _known: dict[int, bool] = field(default_factory=dict)
    shared: bool = True

    def _load(self, year: int) -> bool:
        if year not in self._known:
            if self.shared:
                known, overrides = CALENDAR.get_or_read(f"year:{year}", lambda: official_year(year))
            else:
                known, overrides = official_year(year)
            self._known[year] = known
            if known:
                self._overrides.update(overrides)
            else:
                # Without the notice the statutory holidays are still days off; the result
                # is provisional (``DueDate.missing_years``).
                self._overrides.update(dict.fromkeys(statutory_days_off(year), False))
        return self._known[year]

    def is_known_year(self, year: int) -> bool:
        return self._load(year)

    def is_working_day(self, day: dt.date) -> bool:
        self._load(day.year)
        return self._overrides.get(day, day.weekday() < 5)

    def add(
        self,
        start: dt.date,
        count: int,
        unit: str = DayUnit.WORKING,
        skip: Callable[[dt.date], bool] | None = None,
    ) -> DueDate:
        """The ``count``-th countable day after ``start``; counting begins the next day.

        A day counts when it is a working day (for ``DayUnit.WORKING``) and ``skip`` does not
        exclude it (days a complaint was paused). A calendar-day period whose last day is an
        official day off ends on the next working day (Civil Code Art. 203).
        """
        day, counted, missing = start, 0, set()
        while counted < count:
            day += ONE_DAY
            if not self._load(day.year):
                missing.add(day.year)
            if skip and skip(day):
                continue
            if unit == DayUnit.CALENDAR or self.is_working_day(day):
                counted += 1
        if unit == DayUnit.CALENDAR:
            while not self.is_working_day(day) or (skip and skip(day)):
                day += ONE_DAY
                if not self._load(day.year):
                    missing.add(day.year)
        return DueDate(day, tuple(sorted(missing)))

    def before(self, end: dt.date, count: int) -> dt.date:
        """The day from which ``count`` working days remain up to and including ``end``."""
        day, counted = end, 0
        while counted < count:
            counted += self.is_working_day(day)
            day -= ONE_DAY
        return day

    def working_days_between(self, start: dt.date, end: dt.date, skip=None) -> int:
        """Working days after ``start`` up to and including ``end`` (less those ``skip`` excludes)."""
        days, day = 0, start
        while day < end:
            day += ONE_DAY
            days += self.is_working_day(day) and not (skip and skip(day))
        return days


def add_working_days(start: dt.date, count: int) -> DueDate:
    return WorkCalendar().add(start, count, DayUnit.WORKING)


def missing_years(years: Iterable[int]) -> list[int]:
    wanted = set(years)
    known = set(CalendarYear.objects.filter(year__in=wanted).values_list("year", flat=True))
    return sorted(wanted - known)
