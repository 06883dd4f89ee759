"""What each transition does to a complaint's statutory clocks, and how a change of the
official calendar moves them. Nothing else writes a clock."""

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from workcalendar.services import WorkCalendar

from .models import Clock, ClockRecount, Complaint, DeadlineRule

logger = logging.getLogger(__name__)

Kind = DeadlineRule.Kind

# The event each step counts from.
STARTS_AT = {
    Kind.ACCEPTANCE: "submitted_at",
    Kind.REPLY: "accepted_at",
    Kind.MEDIATION: "accepted_at",
    Kind.REVIEW: "appealed_at",
    Kind.APPEAL_WINDOW: "resolved_at",
}
# The complaint's column that shows each step's due date in lists and notices.
DUE_FIELDS = {
    Kind.ACCEPTANCE: "acceptance_due",
    Kind.REPLY: "reply_due",
    Kind.MEDIATION: "mediation_due",
    Kind.REVIEW: "review_due",
    Kind.APPEAL_WINDOW: "appeal_deadline",
}


@dataclass(frozen=True)
class Follow:
    """What a transition does to the clocks: steps it ends (met), steps it starts, whether it
    pauses or resumes them, or cancels every clock still running."""

    end: tuple = ()
    start: tuple = ()
    pause: bool = False
    resume: bool = False
    cancel: bool = False


FOLLOWS = {
    "accept": Follow(end=(Kind.ACCEPTANCE,), start=(Kind.REPLY, Kind.MEDIATION)),
    "reject": Follow(end=(Kind.ACCEPTANCE,)),
    "request_information": Follow(pause=True),
    "resume": Follow(resume=True),
    "resolve": Follow(end=(Kind.REPLY, Kind.MEDIATION), start=(Kind.APPEAL_WINDOW,)),
    "close_satisfied": Follow(cancel=True),
    "close_unappealed": Follow(end=(Kind.APPEAL_WINDOW,)),
    "appeal": Follow(end=(Kind.APPEAL_WINDOW,), start=(Kind.REVIEW,)),
    "decide_appeal": Follow(end=(Kind.REVIEW,), start=(Kind.APPEAL_WINDOW,)),
    "withdraw": Follow(cancel=True),
}


def clocks_follow(*, complaint: Complaint, transition: str) -> None:
    """Apply ``transition``'s effect on the clocks (inside the transition's transaction), then
    show the due dates on the complaint. Called by ``complaint_transition`` before it saves."""
    follow = FOLLOWS.get(transition)
    if follow is None:
        return
    now, today, calendar = timezone.now(), timezone.localdate(), WorkCalendar()
    live = complaint.clocks.filter(state__in=Clock.LIVE)
    if follow.cancel:
        live.update(state=Clock.State.CANCELLED, ended_at=now, ended_by=transition)
    if follow.end:
        live.filter(step__in=follow.end).update(state=Clock.State.MET, ended_at=now, ended_by=transition)
    if follow.pause:
        live.filter(state=Clock.State.RUNNING).update(state=Clock.State.PAUSED, paused_since=today)
    if follow.resume:
        _resume(complaint, live.filter(state=Clock.State.PAUSED), calendar, today)
    if follow.start:
        clocks_start(complaint=complaint, steps=follow.start, calendar=calendar)
    clocks_show(complaint)


def clocks_start(*, complaint: Complaint, steps, calendar=None) -> list[Clock]:
    """Start the clocks of ``steps`` from their events, each under the rule in force now."""
    calendar, rules = calendar or WorkCalendar(), DeadlineRule.for_type(complaint.complaint_type)
    planned = [
        Clock.planned(
            complaint, step, started_at=getattr(complaint, STARTS_AT[step]), calendar=calendar, rules=rules
        )
        for step in steps
    ]
    return Clock.objects.bulk_create([clock for clock in planned if clock is not None])


def _resume(complaint, paused, calendar, today):
    skip = complaint.waiting_days()
    for clock in paused:
        clock.paused_days += calendar.working_days_between(clock.paused_since, today)
        clock.count(calendar, skip)
        clock.state, clock.paused_since = Clock.State.RUNNING, None
        clock.save(update_fields=["paused_days", "due", "provisional_years", "state", "paused_since"])


def clocks_show(complaint: Complaint) -> None:
    """Copy each step's latest due date, and the years live clocks reach without the official
    calendar, onto the complaint (the lists, the queues and the notices read them there)."""
    latest, years = {}, set()
    for clock in complaint.clocks.all():
        latest[clock.step] = clock
        if clock.is_live:
            years.update(int(y) for y in clock.provisional_years.split(",") if y)
    for step, field in DUE_FIELDS.items():
        setattr(complaint, field, latest[step].due if step in latest else None)
    complaint.calendar_missing = ",".join(map(str, sorted(years)))


def clocks_retype(complaint: Complaint) -> None:
    """The complaint's type changed: its live clocks start again, from the same events, under
    the new type's rules."""
    live = list(complaint.clocks.filter(state__in=Clock.LIVE))
    complaint.clocks.filter(pk__in=[c.pk for c in live]).update(
        state=Clock.State.CANCELLED, ended_at=timezone.now(), ended_by="retype"
    )
    clocks_start(complaint=complaint, steps=[clock.step for clock in live])


def recount_request(*, years) -> ClockRecount:
    """Ask for the live clocks reaching into ``years`` to be counted again, in the calendar
    change's transaction; a worker does it once that commits."""
    recount = ClockRecount.objects.create(years=",".join(map(str, sorted(years))))
    transaction.on_commit(lambda: _enqueue(recount.pk))
    return recount


def _enqueue(recount_id):
    from .tasks import recalculate_clocks

    try:
        recalculate_clocks.delay(recount_id=recount_id)
    except Exception:  # noqa: BLE001 (the request stays; the next sweep runs it)
        logger.warning("Broker unavailable; clock recount %s waits for the sweep", recount_id, exc_info=True)


def recount_run(*, recount_id) -> int | None:
    """Run a requested recount once (claimed with a conditional update, so a task delivered
    twice, or the sweep at the same time, does nothing more); returns how many moved."""
    now = timezone.now()
    if not ClockRecount.objects.filter(pk=recount_id, started_at=None).update(started_at=now):
        return None
    moved = clocks_recalculate(years=ClockRecount.objects.get(pk=recount_id).year_list)
    ClockRecount.objects.filter(pk=recount_id).update(finished_at=timezone.now(), moved=moved)
    return moved


def recounts_pending() -> int:
    """Run recounts no worker took (the broker was down): the sweep calls this."""
    waiting = ClockRecount.objects.filter(
        started_at=None, requested_at__lt=timezone.now() - dt.timedelta(minutes=1)
    )
    return sum(recount_run(recount_id=pk) or 0 for pk in waiting.values_list("pk", flat=True))


def clocks_recalculate(*, years) -> int:
    """Count again, on their frozen rules, the live clocks whose window reaches into ``years``;
    record each move and show it on the complaint. Returns how many moved; running it twice
    moves nothing more."""
    first, last = dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)
    reaching = Q(due__gte=first) & Q(started_at__date__lte=last)
    for year in years:
        reaching |= Q(provisional_years__contains=str(year))
    moved, calendar = 0, WorkCalendar()
    for clock in Clock.objects.filter(reaching, state__in=Clock.LIVE).select_related("complaint").iterator():
        moved += _recount(clock, calendar, years)
    return moved


def _recount(clock, calendar, years) -> bool:
    before, provisional = clock.due, clock.provisional_years
    clock.count(calendar, clock.complaint.waiting_days())
    if (clock.due, clock.provisional_years) == (before, provisional):
        return False
    if clock.due != before:
        why = f"official calendar changed: {', '.join(map(str, sorted(years)))}"
        move = {"at": timezone.now().isoformat(), "from": str(before), "to": str(clock.due), "why": why}
        clock.moves = [*clock.moves, move]
    with transaction.atomic():
        clock.save(update_fields=["due", "provisional_years", "moves"])
        complaint = Complaint.objects.select_for_update().get(pk=clock.complaint_id)
        clocks_show(complaint)
        complaint.save(update_fields=[*DUE_FIELDS.values(), "calendar_missing"])
    return clock.due != before
