"""Thin Celery tasks: take ids, call a service. Safe to run twice (acks_late)."""

from celery import shared_task
from django.contrib.auth import get_user_model
from django.utils import timezone

from .services import notice_deliver, notices_dispatch, notices_purge_expired_codes, notify_staff

# A retry further off than this (an SMS waiting for the end of quiet hours) is not held by
# the broker: the notice stays pending and the minute-by-minute dispatch sends it when due.
RETRY_BY_TASK_SECONDS = 15 * 60


@shared_task(bind=True, acks_late=True, max_retries=None, ignore_result=True)
def send_notice(self, notice_id):
    retry_in = notice_deliver(notice_id)
    if retry_in and retry_in <= RETRY_BY_TASK_SECONDS:
        raise self.retry(countdown=retry_in)


@shared_task(ignore_result=True)
def dispatch_pending():
    return notices_dispatch()


@shared_task(ignore_result=True)
def purge_expired_codes():
    """Every 10 minutes: codes' notices are deleted once the code has expired."""
    return notices_purge_expired_codes()


@shared_task(ignore_result=True)
def staff_digest():
    """09:00 on working days: each handler's complaints that are overdue or due soon."""
    from django.conf import settings

    from complaints.models import Complaint
    from workcalendar.services import WorkCalendar

    today = timezone.localdate()
    calendar = WorkCalendar()
    if not calendar.is_working_day(today):
        return 0
    until = calendar.add(today, settings.DUE_SOON_WORKING_DAYS).date
    sent = 0
    for user in get_user_model().objects.filter(is_staff=True, is_active=True).exclude(email=""):
        items = list(
            Complaint.objects.open()
            .filter(assignee=user, next_due__lte=until)
            .select_related("company")
            .order_by("next_due")
        )
        if items:
            notify_staff([user], "digest", occurrence=str(today), items=items, date=today)
            sent += 1
    return sent


@shared_task(ignore_result=True)
def monthly_report():
    """On the first working day of a month: last month's figures to every supervisor."""
    from django.urls import reverse

    from complaints.statistics import Filters
    from complaints.statistics_views import previous_month, report
    from workcalendar.services import WorkCalendar

    from .services import site_url, supervisors

    today = timezone.localdate()
    calendar, first = WorkCalendar(), today.replace(day=1)
    while not calendar.is_working_day(first):
        first += timezone.timedelta(days=1)
    if today != first:
        return 0
    period = previous_month(today)
    result = report(Filters(period))
    link = site_url(
        f"{reverse('admin:complaints_complaint_statistics')}?start={period.start}&end={period.end}"
    )
    people = list(supervisors())
    notify_staff(
        people,
        "monthly_report",
        occurrence=f"{period.start:%Y-%m}",
        month=f"{period.start:%Y-%m}",
        figures=result["figures"],
        top_companies=result["top_companies"],
        stats_url=link,
    )
    return len(people)
