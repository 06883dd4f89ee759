from django import template

from ..selectors import years_without_calendar

register = template.Library()


@register.inclusion_tag("admin/missing_calendar_years.html", takes_context=True)
def missing_calendar_years(context):
    """A warning naming the years running deadlines reach without official calendar data, for
    staff who can see the calendar; with a link to enter a year for those who may."""
    user = context["request"].user
    if not user.has_perm("workcalendar.view_calendaryear"):
        return {"years": []}
    return {"years": years_without_calendar(), "can_add": user.has_perm("workcalendar.add_calendaryear")}
