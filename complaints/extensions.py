"""Extensions (延期): more time on a running clock, asked for with a reason by the complaint's
handler and approved or refused by a supervisor, never beyond what the clock's rule allows.
Every request and decision is on the clock's record and in the complaint's notes."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workcalendar.services import WorkCalendar

from . import actors
from .clocks import clock_move
from .models import Clock, ClockExtension, Complaint, ComplaintMessage

can_ask = actors.handler("add_clockextension")


def extension_request(*, clock: Clock, days: int, reason: str, by) -> ClockExtension:
    """Ask for ``days`` more on ``clock``; refused (ValidationError) when the clock is not
    running, a request is already waiting, or the rule's allowance would be passed."""
    complaint = clock.complaint
    with transaction.atomic():
        # The complaint first, then its clock: the order transitions and recounts lock them in.
        Complaint.objects.select_for_update(no_key=True).filter(pk=complaint.pk).values_list("pk").first()
        clock = Clock.objects.select_for_update(no_key=True).get(pk=clock.pk)
        extension_check(clock=clock, days=days, reason=reason, by=by)
        extension = ClockExtension.objects.create(
            clock=clock, days=days, reason=reason.strip(), requested_by=by
        )
        complaint.add_message(
            ComplaintMessage.Kind.INTERNAL,
            _("More time asked for on “%(step)s”: %(days)d days. Reason: %(reason)s")
            % {"step": clock.get_step_display(), "days": days, "reason": reason.strip()},
            by,
        )
    return extension


def extension_check(*, clock: Clock, days: int, reason: str, by) -> None:
    """Why a request for ``days`` more on ``clock`` cannot be made (PermissionDenied or
    ValidationError); nothing when it can."""
    if not can_ask(clock.complaint, by):
        raise PermissionDenied(_("Only the complaint's handler or a supervisor may ask for more time."))
    if not clock.is_open:
        raise ValidationError(_("This clock is no longer running."))
    if clock.extensions.filter(decision=ClockExtension.Decision.PENDING).exists():
        raise ValidationError(_("A request for more time on this clock is already waiting for a supervisor."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for more time.")})
    left = clock.max_extension_days - clock.extended_days
    if days < 1 or days > left:
        raise ValidationError(
            {"days": _("The rule allows %(left)d more days on this clock.") % {"left": max(left, 0)}}
        )


def extension_decide(*, extension: ClockExtension, approve: bool, by, note: str = "") -> ClockExtension:
    """A supervisor approves (the due date moves by the days granted) or refuses the request."""
    if not by.has_perm("complaints.decide_clockextension"):
        raise PermissionDenied(_("Only a supervisor may decide on more time."))
    if extension.requested_by_id == by.pk:
        raise PermissionDenied(_("Another supervisor decides on a request you made."))
    with transaction.atomic():
        # The complaint first, then the request: the order transitions and recounts lock in.
        Complaint.objects.select_for_update(no_key=True, of=("self",)).filter(
            clocks__extensions=extension.pk
        ).values_list("pk").first()
        extension = (
            ClockExtension.objects.select_for_update(no_key=True, of=("self",))
            .select_related("clock")
            .get(pk=extension.pk)
        )
        if extension.decision != ClockExtension.Decision.PENDING:
            raise ValidationError(_("This request was already decided."))
        clock = extension.clock
        if approve:
            _check_still_allowed(clock, extension.days)
            clock_move(clock_id=clock.pk, calendar=WorkCalendar(), why="extension", extend_by=extension.days)
            clock.refresh_from_db()
        extension.decision = ClockExtension.Decision.APPROVED if approve else ClockExtension.Decision.REFUSED
        extension.decided_by, extension.decided_at, extension.decision_note = by, timezone.now(), note.strip()
        extension.save(update_fields=["decision", "decided_by", "decided_at", "decision_note"])
        text = (
            _("More time on “%(step)s” approved: %(days)d days, due %(due)s.")
            if approve
            else _("More time on “%(step)s” refused (%(days)d days asked for).")
        )
        message = text % {"step": clock.get_step_display(), "days": extension.days, "due": clock.due}
        clock.complaint.add_message(ComplaintMessage.Kind.INTERNAL, f"{message} {note.strip()}".strip(), by)
    return extension


def _check_still_allowed(clock, days):
    if not clock.is_open:
        raise ValidationError(_("This clock is no longer running."))
    if clock.extended_days + days > clock.max_extension_days:
        raise ValidationError(_("The rule does not allow that much more time on this clock."))
