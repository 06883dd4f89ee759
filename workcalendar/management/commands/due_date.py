import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from workcalendar.services import add_working_days


class Command(BaseCommand):
    help = _("Print the date N working days after a date (counting starts the next day).")

    def add_arguments(self, parser):
        parser.add_argument("start", help=_("start date, YYYY-MM-DD"))
        parser.add_argument("days", type=int, help=_("number of working days"))

    def handle(self, *args, start, days, **options):
        try:
            start_date = dt.date.fromisoformat(start)
        except ValueError:
            raise CommandError(_("%(value)s is not a date of the form YYYY-MM-DD.") % {"value": start})
        if days < 0:
            raise CommandError(_("The number of working days cannot be negative."))
        due = add_working_days(start_date, days)
        self.stdout.write(due.date.isoformat())
        if due.provisional:
            self.stderr.write(
                _(
                    "Provisional: no official calendar for %(years)s, so only weekends and the statutory "
                    "holidays were skipped there."
                )
                % {"years": ", ".join(map(str, due.missing_years))}
            )
