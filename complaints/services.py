"""Writes that span more than one model or need a permission check: the one way views, the
admin, commands and tasks change a complaint."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import ConcurrentTransition, TransitionNotAllowed, can_proceed, has_transition_perm

from workcalendar.services import WorkCalendar

from . import actors
from .choices import Status
from .clocks import clocks_follow, clocks_plan, clocks_retype, clocks_save, clocks_show
from .models import Clock, Complaint, ComplaintMessage, DeadlineRule, FactEdit
from .signals import complaint_changed

FIELD_NAMES = frozenset(field.name for field in Complaint._meta.concrete_fields)
CHANGED_MEANWHILE = gettext_lazy("This complaint changed meanwhile. Reload the page and try again.")


class ComplaintChanged(Exception):
    """Someone else saved the complaint since this actor loaded it."""

    def __init__(self, message=None):
        super().__init__(message or CHANGED_MEANWHILE)


class TransitionRefused(Exception):
    """The transition does not exist for the complaint's current state or its conditions."""


def announce(complaint, event, *, by=None, **details):
    """Tell the apps built on the complaints core (notices) what just happened to
    ``complaint``, inside the change's transaction. Only the services below call it."""
    complaint_changed.send(sender=Complaint, complaint=complaint, event=event, by=by, **details)


def complaint_file(complaint: Complaint) -> Complaint:
    """Save a new complaint: its number, the acceptance clock (its due date is on the receipt)
    and the receipt to the complainant, in one transaction."""
    calendar = WorkCalendar()
    with transaction.atomic():
        clocks = clocks_plan(complaint=complaint, steps=[DeadlineRule.Kind.ACCEPTANCE], calendar=calendar)
        clocks_show(complaint, clocks)  # the next due date is saved with the complaint
        complaint.save()
        clocks_show(complaint, clocks_save(clocks, calendar))
        announce(complaint, "filed")
    return complaint


def complaint_update(*, complaint: Complaint, by=None, changed=(), update_fields=None) -> Complaint:
    """Save staff's or the complainant's edit of a complaint (``changed``: the fields edited).
    Another type may have other deadlines: its live clocks then start again under that type's
    rules. A new assignee is told."""
    retyped = complaint.retyped
    before = Complaint.objects.filter(pk=complaint.pk).first() if changed else None
    if "company" in changed and complaint.company_fixed:
        raise ValidationError(
            {"company": _("The complaint was forwarded to its company; it cannot be moved to another.")}
        )
    with transaction.atomic():
        if retyped:
            clocks_retype(complaint)
            if update_fields is not None:
                update_fields = {*update_fields, "next_due", "calendar_missing"}
        complaint.save(update_fields=update_fields)
        changes = [
            [name, FactEdit.stored(before, name), FactEdit.stored(complaint, name)]
            for name in changed
            if before is not None and name in FIELD_NAMES
        ]
        changes = [change for change in changes if change[1] != change[2]]
        if changes:  # the history says what changed, from what to what
            by_staff = by if getattr(by, "is_authenticated", False) else None
            FactEdit.objects.create(complaint=complaint, by=by_staff, changes=changes)
        if "assignee" in changed and complaint.assignee_id and complaint.assignee != by:
            announce(complaint, "assigned", by=by, assignee=complaint.assignee)
    return complaint


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
            # The complaint's row before its clocks', in the order recounts and extensions take
            # them. FOR NO KEY UPDATE: writers of this complaint wait for each other, while rows
            # that only refer to it (a sweep's notices and events) commit without waiting.
            Complaint.objects.select_for_update(no_key=True).filter(pk=complaint.pk).values_list("pk").first()
            # The change itself; django-fsm-log writes its history row.
            method(by=actors.as_log_user(actor), description=note.strip() or None, **params)
            # Clocks ended, started, paused or resumed, and the next due date.
            clocks_follow(complaint=complaint, transition=name)
            complaint.save()
            # Notices to the complainant (and staff, and the company), in the same transaction.
            announce(complaint, name, by=actor)
            # The green channel: the complainant chose to go to the company first (ODR).
            if name == "accept" and complaint.green_channel and complaint.company.answers_online:
                complaint_transition(
                    complaint=complaint,
                    name="forward_to_company",
                    actor=actors.SYSTEM,
                    note=_("The complainant chose to go to the company first."),
                )
    except (ConcurrentTransition, TransitionNotAllowed):
        # Saved meanwhile, or changed meanwhile so that the transition's conditions no longer
        # hold (checked again under the lock).
        raise ComplaintChanged
    except ValidationError:
        complaint.refresh_from_db()
        raise
    return complaint


def complaint_write_to_company(*, complaint: Complaint, text: str, version: int | None = None):
    """The complainant writes to the company a complaint was forwarded to (the company and staff
    see it; the company is told). ``version``: the one the complainant's page showed; the same
    form sent twice is refused the second time."""
    if not text.strip():
        raise ValidationError(_("Write your message."))
    with transaction.atomic():
        current = Complaint.objects.select_for_update(no_key=True).get(pk=complaint.pk)
        if version is not None and version != current.version:
            raise ValidationError(CHANGED_MEANWHILE)
        if not current.company_answering():
            raise ValidationError(
                _("The company is not handling this complaint now; write to staff instead.")
            )
        message = current.add_message(ComplaintMessage.Kind.TO_COMPANY, text.strip())
        current.touched_at = message.created_at
        current.save(update_fields=["touched_at"])  # a new version: the page changed
        announce(current, "to_company", message=message)
    return message


def complaint_add_message(*, complaint: Complaint, kind: str, body: str, by, version: int | None = None):
    """Staff write on a complaint: a reply the complainant reads (and is told of), an internal
    note, or material the complainant gave by phone or letter. ``version``: the one the writer
    saw; the same form sent twice is refused the second time."""
    if kind not in ComplaintMessage.STAFF_KINDS:
        raise ValidationError(_("Staff cannot write this kind of message."))
    if not body.strip():
        raise ValidationError(_("Write the text."))
    with transaction.atomic():
        current = Complaint.objects.select_for_update(no_key=True).get(pk=complaint.pk)
        if version is not None and version != current.version:
            raise ValidationError(CHANGED_MEANWHILE)
        message = current.add_message(kind, body.strip(), author=by)
        current.touched_at = message.created_at
        current.save(update_fields=["touched_at"])  # a new version: the page changed
        announce(current, "message", by=by, message=message)
    return message


def complaint_assign(*, complaints, assignee, by) -> int:
    """Assign complaints to a handler; returns how many changed."""
    if not by.has_perm("complaints.assign_complaint"):
        raise PermissionDenied(_("You may not assign complaints."))
    if assignee is not None and not (assignee.is_staff and assignee.is_active):
        raise ValidationError(_("Complaints can only be assigned to active staff."))
    changed = 0
    with transaction.atomic():
        for complaint in complaints.select_for_update(no_key=True, of=("self",)):
            if complaint.assignee_id != getattr(assignee, "pk", None):
                complaint.assignee = assignee
                complaint.save(update_fields=["assignee"])
                if assignee is not None and assignee != by:
                    announce(complaint, "assigned", by=by, assignee=assignee)
                changed += 1
    return changed


def complaints_reassign(*, handler, to, by) -> dict:
    """Everything open of ``handler`` (away, or leaving) to the staff in ``to``: to one person,
    or spread so that each ends with as even a share of open complaints as can be, the most
    urgent first. Returns {user: how many they received}; each is told as any assignee is."""
    if not by.has_perm("complaints.assign_complaint"):
        raise PermissionDenied(_("You may not assign complaints."))
    to = [user for user in to if user != handler]
    if not to:
        raise ValidationError(_("Choose who takes the complaints over."))
    if any(not (user.is_staff and user.is_active) for user in to):
        raise ValidationError(_("Complaints can only be assigned to active staff."))
    load = {user: Complaint.objects.open().filter(assignee=user).count() for user in to}
    given = dict.fromkeys(to, 0)
    with transaction.atomic():
        waiting = Complaint.objects.open().filter(assignee=handler)
        waiting = waiting.order_by(F("next_due").asc(nulls_last=True), "pk")
        for complaint in waiting.select_for_update(no_key=True, of=("self",)):
            taker = min(to, key=lambda user: (load[user], to.index(user)))
            complaint.assignee = taker
            complaint.save(update_fields=["assignee"])
            if taker != by:
                announce(complaint, "assigned", by=by, assignee=taker)
            load[taker] += 1
            given[taker] += 1
    return given


def complaints_close_expired_appeals(*, today=None) -> int:
    """Close resolved complaints whose appeal window passed without an appeal."""
    today = today or timezone.localdate()
    closed = 0
    expired = Clock.objects.filter(
        step=DeadlineRule.Kind.APPEAL_WINDOW,
        state=Clock.State.RUNNING,
        due__lt=today,
        complaint__status=Status.RESOLVED,
    ).order_by()
    for pk in expired.values_list("complaint_id", flat=True).iterator():
        complaint = Complaint.objects.get(pk=pk)
        try:
            complaint_transition(complaint=complaint, name="close_unappealed", actor=actors.SYSTEM)
        except (ComplaintChanged, TransitionRefused):
            continue  # appealed or closed meanwhile
        closed += 1
    return closed
