"""Writes that span more than one model or need a permission check: the one way views, the
admin, commands and tasks change a complaint."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import ConcurrentTransition, can_proceed, has_transition_perm

from . import actors
from .choices import Status
from .models import Complaint
from .signals import complaint_assigned, deadlines_reached

CHANGED_MEANWHILE = gettext_lazy("This complaint changed meanwhile. Reload the page and try again.")


class ComplaintChanged(Exception):
    """Someone else saved the complaint since this actor loaded it."""

    def __init__(self, message=None):
        super().__init__(message or CHANGED_MEANWHILE)


class TransitionRefused(Exception):
    """The transition does not exist for the complaint's current state or its conditions."""


def transition_names():
    return {t.name for t in Complaint._meta.get_field("status").get_all_transitions(Complaint)}


def complaint_transition(
    *, complaint: Complaint, name: str, actor, version: int | None = None, note: str = "", **params
) -> Complaint:
    """Take transition ``name`` on ``complaint`` as ``actor`` and save it.

    ``version`` is the version the actor saw; if the complaint was saved since, nothing
    changes and ``ComplaintChanged`` is raised. Refusals raise ``TransitionRefused``,
    ``PermissionDenied`` or ``ValidationError`` (bad parameters) and leave the complaint
    and its history as they were.
    """
    if name not in transition_names():
        raise TransitionRefused(_("There is no action “%(name)s”.") % {"name": name})
    method = getattr(complaint, name)
    if version is not None and version != complaint.version:
        raise ComplaintChanged
    if not can_proceed(method):
        raise TransitionRefused(
            _("“%(action)s” is not possible while the complaint is “%(status)s”.")
            % {"action": name, "status": complaint.get_status_display()}
        )
    if not has_transition_perm(method, actor):
        raise PermissionDenied(_("You may not take this action on this complaint."))
    try:
        with transaction.atomic():
            # The complaint's row before its clocks', in the order recounts and extensions take them.
            Complaint.objects.select_for_update().filter(pk=complaint.pk).values_list("pk").first()
            method(by=actors.as_log_user(actor), description=note.strip() or None, **params)
            complaint.save()
    except ConcurrentTransition:
        raise ComplaintChanged
    except ValidationError:
        complaint.refresh_from_db()
        raise
    return complaint


def complaint_assign(*, complaints, assignee, by) -> int:
    """Assign complaints to a handler; returns how many changed."""
    if not by.has_perm("complaints.assign_complaint"):
        raise PermissionDenied(_("You may not assign complaints."))
    if assignee is not None and not (assignee.is_staff and assignee.is_active):
        raise ValidationError(_("Complaints can only be assigned to active staff."))
    changed = 0
    with transaction.atomic():
        for complaint in complaints.select_for_update(of=("self",)):
            if complaint.assignee_id != getattr(assignee, "pk", None):
                complaint.assignee = assignee
                complaint.save(update_fields=["assignee"])
                complaint_assigned.send(sender=Complaint, complaint=complaint, assignee=assignee, by=by)
                changed += 1
    return changed


def _claim(field, condition, params) -> list[int]:
    """Mark, in one statement, every complaint whose current deadline meets ``condition`` and
    was not notified for yet; return their ids. Two sweeps at once cannot both claim a row: the
    second UPDATE waits for the first's row locks, then re-checks the WHERE clause."""
    table = Complaint._meta.db_table
    sql = (
        f"UPDATE {table} SET {field} = next_due "  # noqa: S608 (fixed names, values as parameters)
        f"WHERE {condition} AND ({field} IS NULL OR {field} <> next_due) RETURNING id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def deadlines_sweep(*, today=None) -> dict:
    """Tell people about deadlines that are near or passed, once per deadline.

    Each kind of notice is claimed for all due complaints by one conditional UPDATE on the
    indexed next_due, so two sweeps at once, or a retried task, send nothing twice; the
    notices are written in the same transaction, one batch per sweep."""
    from django.conf import settings

    from workcalendar.services import WorkCalendar

    today = today or timezone.localdate()
    until = WorkCalendar().add(today, settings.DUE_SOON_WORKING_DAYS).date
    with transaction.atomic():
        soon = _claim("due_soon_notified_for", "next_due >= %s AND next_due <= %s", [today, until])
        overdue = _claim("overdue_notified_for", "next_due < %s", [today])
        if soon or overdue:
            deadlines_reached.send(sender=Complaint, due_soon=soon, overdue=overdue)
    return {"due_soon_notified_for": len(soon), "overdue_notified_for": len(overdue)}


def complaints_close_expired_appeals(*, today=None) -> int:
    """Close resolved complaints whose appeal window passed without an appeal."""
    today = today or timezone.localdate()
    closed = 0
    expired = Complaint.objects.filter(status=Status.RESOLVED, appeal_deadline__lt=today).order_by()
    for pk in expired.values_list("pk", flat=True).iterator():
        complaint = Complaint.objects.get(pk=pk)
        try:
            complaint_transition(complaint=complaint, name="close_unappealed", actor=actors.SYSTEM)
        except (ComplaintChanged, TransitionRefused):
            continue  # appealed or closed meanwhile
        closed += 1
    return closed
