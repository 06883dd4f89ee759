import datetime as dt

import chinese_calendar
from chinese_calendar import constants
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from workcalendar.models import CalendarDay, CalendarYear
from workcalendar.signals import calendar_changed


def library_years() -> range:
    first = min(constants.holidays).year
    last = max(max(constants.holidays), max(constants.workdays)).year
    return range(first, last + 1)


def library_days(year: int):
    """(date, kind, name) for every day of ``year`` that differs from Monday-to-Friday,
    plus the named holidays that fall on a weekend."""
    day = dt.date(year, 1, 1)
    while day.year == year:
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
        weekend = day.weekday() >= 5
        if on_holiday and (not weekend or name):
            yield day, CalendarDay.Kind.DAY_OFF, _holiday_name(name)
        elif not on_holiday and weekend:
            yield day, CalendarDay.Kind.WORKING_DAY, _holiday_name(name)
        day += dt.timedelta(days=1)


def _holiday_name(name) -> str:
    return str(getattr(name, "value", name) or "")


class Command(BaseCommand):
    help = _(
        "Fill the official calendar (days off and working weekends) from the chinesecalendar "
        "package for every year it knows. Years entered by staff are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--replace-staff",
            action="store_true",
            help=_("Also overwrite years that staff entered by hand."),
        )

    @transaction.atomic
    def handle(self, *args, replace_staff=False, **options):
        loaded, entered, changed = [], set(), set()
        for year in library_years():
            existing = CalendarYear.objects.filter(year=year).first()
            if existing and existing.source == CalendarYear.Source.STAFF and not replace_staff:
                continue
            before = existing.day_kinds() if existing else set()
            calendar_year, _created = CalendarYear.objects.update_or_create(
                year=year,
                defaults={"source": CalendarYear.Source.LIBRARY, "notice": "chinesecalendar"},
            )
            calendar_year.days.all().delete()
            CalendarDay.objects.bulk_create(
                CalendarDay(calendar_year=calendar_year, date=d, kind=k, name=n)
                for d, k, n in library_days(year)
            )
            loaded.append(year)
            if existing is None:
                entered.add(year)
            else:
                changed |= {day for day, _kind in calendar_year.day_kinds() ^ before}
        if entered or changed:  # a deployment that loads the same data again moves no deadline
            transaction.on_commit(
                lambda: calendar_changed.send(sender=CalendarYear, years=entered, dates=changed)
            )
        if loaded:
            self.stdout.write(
                _("Official calendar loaded for %(first)s–%(last)s.")
                % {"first": loaded[0], "last": loaded[-1]}
            )
        else:
            self.stdout.write(_("No year loaded."))
