from django.core.checks import Warning, register
from django.db import DatabaseError


@register()
def calendar_years_check(app_configs, **kwargs):
    """Warn about years that due dates reach but the official calendar does not cover."""
    from .selectors import years_without_calendar

    try:
        missing = years_without_calendar()
    except DatabaseError:
        return []  # before the first migrate there is nothing to check
    return [
        Warning(
            f"No official calendar for {year}: due dates in {year} skip weekends and the statutory "
            "holidays only; they are provisional until the year's arrangement (调休) is entered.",
            hint="Add the year's days off and working weekends in the admin "
            "(Official calendar › Calendar years) or run 'manage.py load_calendar' "
            "after upgrading chinesecalendar.",
            id="complaints.W001",
        )
        for year in missing
    ]
