"""The staff queues: what each one holds, for the index's counts and the list's filter alike
(the count on the index is the length of the list it opens)."""

from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from complaints.choices import Status
from complaints.models import Complaint

QUEUES = {
    "open": _("All open"),
    "mine": _("Mine"),
    "mine_soon": _("Mine, due soon"),
    "mine_overdue": _("Mine, overdue"),
    "unassigned": _("Not assigned"),
    "awaiting_complainant": _("Waiting for the complainant"),
    "appeals": _("Appeals"),
}


def queue(name, user, complaints=None):
    """The open complaints of queue ``name`` for ``user``."""
    complaints = (complaints if complaints is not None else Complaint.objects.all()).open()
    mine = complaints.filter(assignee=user)
    return {
        "open": lambda: complaints,
        "mine": lambda: mine,
        "mine_soon": lambda: mine.due_within(settings.DUE_SOON_WORKING_DAYS),
        "mine_overdue": lambda: mine.overdue(),
        "unassigned": lambda: complaints.filter(assignee=None),
        "awaiting_complainant": lambda: complaints.filter(status=Status.AWAITING_COMPLAINANT),
        "appeals": lambda: complaints.filter(status__in=(Status.APPEALED, Status.UNDER_REREVIEW)),
    }[name]()


def counts(user):
    """[(name, label, count)] of the staff member's queues, one query each (each on an index)."""
    return [(name, label, queue(name, user).count()) for name, label in QUEUES.items() if name != "open"]


class QueueFilter(admin.SimpleListFilter):
    title = _("queue")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return list(QUEUES.items())

    def queryset(self, request, queryset):
        if self.value() in QUEUES:
            return queue(self.value(), request.user, queryset)
        return queryset
