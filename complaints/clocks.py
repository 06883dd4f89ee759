"""What each transition does to a complaint's statutory clocks, and how a change of the
official calendar moves them. Nothing else writes a clock."""

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from workcalendar.services import WorkCalendar

from .models import Clock, ClockEvent, ClockRecount, Complaint, ComplaintPause, DeadlineRule

logger = logging.getLogger(__name__)

Kind = DeadlineRule.Kind

# The event each step counts from.
STARTS_AT = {
    Kind.ACCEPTANCE: "submitted_at",
    Kind.REPLY: "accepted_at",
    Kind.MEDIATION: "accepted_at",
    Kind.REVIEW: "appealed_at",
    Kind.APPEAL_WINDOW: "resolved_at",
    Kind.NOTICE: "resolved_at",
    Kind.COMPANY: "forwarded_at",
}
ALL = "all"


@dataclass(frozen=True)
class Follow:
    """What a transition does to the clocks: steps it ends (met, or breached if late), steps it
    starts, whether it pauses or resumes them, and the steps it cancels (``ALL``: every one)."""

    end: tuple = ()
    start: tuple = ()
    pause: bool = False
    resume: bool = False
    cancel: tuple | str = ()


FOLLOWS = {
    "accept": Follow(end=(Kind.ACCEPTANCE,), start=(Kind.REPLY, Kind.MEDIATION)),
    "reject": Follow(end=(Kind.ACCEPTANCE,)),
    "request_information": Follow(pause=True),
    "resume": Follow(resume=True),
    "forward_to_company": Follow(start=(Kind.COMPANY,)),
    # The company's first answer of any kind (a reply, a question, a proposal, declining) is
    # its answer in time or late; later ones change no clock.
    "record_company_answer": Follow(end=(Kind.COMPANY,)),
    "company_reply": Follow(end=(Kind.COMPANY,)),
    "company_ask": Follow(end=(Kind.COMPANY,)),
    "company_propose": Follow(end=(Kind.COMPANY,)),
    "company_decline": Follow(end=(Kind.COMPANY,)),
    # Settled with the company: a result like staff's, with its appeal window and notice.
    "accept_proposal": Follow(
        end=(Kind.REPLY, Kind.MEDIATION, Kind.COMPANY),
        start=(Kind.APPEAL_WINDOW, Kind.NOTICE),
        resume=True,
    ),
    "resolve": Follow(
        end=(Kind.REPLY, Kind.MEDIATION), start=(Kind.APPEAL_WINDOW, Kind.NOTICE), cancel=(Kind.COMPANY,)
    ),
    "record_notice": Follow(end=(Kind.NOTICE,)),
    "close_satisfied": Follow(cancel=(Kind.APPEAL_WINDOW,)),
    "close_unappealed": Follow(end=(Kind.APPEAL_WINDOW,)),
    "appeal": Follow(end=(Kind.APPEAL_WINDOW,), start=(Kind.REVIEW,)),
    "decide_appeal": Follow(end=(Kind.REVIEW,), start=(Kind.APPEAL_WINDOW,)),
    "withdraw": Follow(cancel=ALL),
}


def clocks_follow(*, complaint: Complaint, transition: str) -> None:
    """Apply ``transition``'s effect on the clocks (inside the transition's transaction), then
    show the next due date on the complaint. Called by ``complaint_transition`` before it saves."""
    follow = FOLLOWS.get(transition)
    if follow is None:
        return
    now, calendar = timezone.now(), WorkCalendar()
    today = timezone.localdate(now)
    pending = complaint.clocks.filter(state__in=Clock.OPEN, ended_at=None)
    if follow.cancel:
        cancelled = pending if follow.cancel == ALL else pending.filter(step__in=follow.cancel)
        _drop_unsent(cancelled)
        cancelled.update(state=Clock.State.CANCELLED, ended_at=now, ended_by=transition)
    if follow.end:
        skip = complaint.waiting_days()
        for clock in pending.filter(step__in=follow.end):
            clock.end(at=now, by=transition, calendar=calendar, skip=skip)
            clock.save(update_fields=["state", "ended_at", "ended_by", "taken_days", "breached_at"])
            if clock.state == Clock.State.BREACHED:  # taken late, before a sweep told anyone
                clock.events.filter(kind__in=ClockEvent.BREACHES, fired_at=None).update(
                    fired_at=now,
                    handler_id=complaint.assignee_id,
                    complaint_type=complaint.complaint_type,
                    company_id=complaint.company_id,
                )
            _drop_unsent([clock])
    if follow.pause:
        # Only the staff's clocks wait for the complainant; the company's runs on.
        waiting = pending.filter(state=Clock.State.RUNNING, step__in=Clock.BY_STAFF)
        waiting.update(state=Clock.State.PAUSED, paused_since=today)
    if follow.resume:
        _resume(complaint, pending.filter(state=Clock.State.PAUSED), calendar, today)
    if follow.start:
        clocks_start(complaint=complaint, steps=follow.start, calendar=calendar)
    clocks_show(complaint)


def clocks_start(*, complaint: Complaint, steps, calendar=None) -> list[Clock]:
    """Start the clocks of ``steps`` from their events, each under the rule in force now, with
    the warnings its rule asks for."""
    calendar = calendar or WorkCalendar()
    return clocks_save(clocks_plan(complaint=complaint, steps=steps, calendar=calendar), calendar)


def clocks_plan(*, complaint: Complaint, steps, calendar) -> list[Clock]:
    """The clocks ``steps`` would start now (unsaved; the complaint may be unsaved too)."""
    rules = DeadlineRule.for_type(complaint.complaint_type)
    planned = [
        Clock.planned(
            complaint, step, started_at=getattr(complaint, STARTS_AT[step]), calendar=calendar, rules=rules
        )
        for step in steps
    ]
    return [clock for clock in planned if clock is not None]


def clocks_save(clocks, calendar) -> list[Clock]:
    """Write planned clocks and the warnings each one's rule asks for."""
    clocks = Clock.objects.bulk_create(clocks)
    ClockEvent.objects.bulk_create([event for clock in clocks for event in clock.plan_events(calendar, None)])
    return clocks


def _replan(clock, calendar, skip, sent_on=None):
    """The clock's due date moved (or it replaces ``sent_on``, a clock of the same step): its
    warnings not yet sent move with it; none already sent is planned again."""
    clock.events.filter(fired_at=None).delete()
    sent = set(
        ClockEvent.objects.filter(clock=sent_on or clock)
        .exclude(fired_at=None)
        .values_list("kind", flat=True)
    )
    planned = [event for event in clock.plan_events(calendar, skip) if event.kind not in sent]
    ClockEvent.objects.bulk_create(planned, ignore_conflicts=True)


def _drop_unsent(clocks):
    """A clock ended or was cancelled: what it had not yet sent never will be."""
    ClockEvent.objects.filter(clock__in=clocks, fired_at=None).delete()


def _resume(complaint, paused, calendar, today):
    skip = complaint.waiting_days()
    for clock in paused:
        clock.paused_days += calendar.working_days_between(clock.paused_since, today)
        clock.count(calendar, skip)
        clock.state, clock.paused_since = Clock.State.RUNNING, None
        clock.save(update_fields=["paused_days", "due", "provisional_years", "state", "paused_since"])
        _replan(clock, calendar, skip)


def clocks_show(complaint: Complaint, clocks=None) -> None:
    """Show on the complaint the earliest due date of the steps staff owe now (running or
    breached, not paused), and the years live clocks reach without the official calendar
    (the lists, the queues and the tracking page read them there). ``clocks``: all of the
    complaint's clocks when the caller has them (they are not read again)."""
    complaint.forget_clocks()
    if clocks is not None:
        complaint.__dict__["clock_list"] = list(clocks)
    owed, years = [], set()
    for clock in complaint.clock_list:
        if clock.ended_at is None and clock.state in Clock.OPEN:
            years.update(int(y) for y in clock.provisional_years.split(",") if y)
            if clock.step in Clock.BY_STAFF and clock.state != Clock.State.PAUSED:
                owed.append(clock.due)
    complaint.next_due = min(owed, default=None)
    complaint.calendar_missing = ",".join(map(str, sorted(years)))


def clocks_retype(complaint: Complaint) -> None:
    """The complaint's type changed: its live clocks start again, from the same events, under
    the new type's rules, keeping what they lived through (pauses, the extension granted, up to
    what the new rule allows)."""
    calendar, rules = WorkCalendar(), DeadlineRule.for_type(complaint.complaint_type)
    skip = complaint.waiting_days()
    for old in complaint.clocks.filter(state__in=Clock.OPEN, ended_at=None):
        new = Clock.planned(complaint, old.step, started_at=old.started_at, calendar=calendar, rules=rules)
        if new is not None:
            new.extended_days = min(old.extended_days, new.max_extension_days)
            new.state, new.paused_since, new.paused_days = old.state, old.paused_since, old.paused_days
            new.count(calendar, skip)
        _drop_unsent([old])
        old.state, old.ended_at, old.ended_by = Clock.State.CANCELLED, timezone.now(), "retype"
        old.save(update_fields=["state", "ended_at", "ended_by"])
        if new is not None:
            new.save()
            _replan(new, calendar, skip, sent_on=old)
    clocks_show(complaint)


def recount_request(*, years, dates=()) -> ClockRecount:
    """Ask for the live clocks a calendar change reaches (``years`` entered or removed, days
    ``dates`` changed) to be counted again, in the change's transaction; a worker does it once
    that commits."""
    recount = ClockRecount.objects.create(
        years=",".join(map(str, sorted(years))), dates=",".join(d.isoformat() for d in sorted(dates))
    )
    transaction.on_commit(lambda: _enqueue(recount.pk))
    return recount


def _enqueue(recount_id):
    from .tasks import recalculate_clocks

    try:
        recalculate_clocks.delay(recount_id=recount_id)
    except Exception:  # noqa: BLE001 (the request stays; the next sweep runs it)
        logger.warning("Broker unavailable; clock recount %s waits for the sweep", recount_id, exc_info=True)


STALE = dt.timedelta(hours=1)


def recount_run(*, recount_id) -> int | None:
    """Run a requested recount once (claimed with a conditional update, so a task delivered
    twice, or the sweep at the same time, does nothing more; one left unfinished for an hour,
    by a worker that died, is claimed again); returns how many moved."""
    now = timezone.now()
    claimable = Q(started_at=None) | Q(started_at__lt=now - STALE, finished_at=None)
    if not ClockRecount.objects.filter(claimable, pk=recount_id).update(started_at=now):
        return None
    recount = ClockRecount.objects.get(pk=recount_id)
    moved = clocks_recalculate(years=recount.year_list, dates=recount.date_list)
    ClockRecount.objects.filter(pk=recount_id).update(finished_at=timezone.now(), moved=moved)
    return moved


def recounts_pending() -> int:
    """Run recounts no worker took (the broker was down) or finished: the sweep calls this."""
    now = timezone.now()
    waiting = ClockRecount.objects.filter(
        Q(started_at=None, requested_at__lt=now - dt.timedelta(minutes=1))
        | Q(started_at__lt=now - STALE, finished_at=None)
    )
    return sum(recount_run(recount_id=pk) or 0 for pk in waiting.values_list("pk", flat=True))


def clocks_recalculate(*, years, dates=()) -> int:
    """Count again, on their frozen rules, the live clocks a calendar change reaches: every
    clock reaching into ``years`` (a year entered or removed), and those whose window holds one
    of ``dates`` (days whose kind changed in a year already known). Only clocks whose due date
    or provisional years change are written, each through ``clock_move`` (locked, recorded).
    Returns how many moved; running it twice moves nothing more."""
    reaching = Q(pk__in=[])
    for year in years:
        reaching |= Q(due__gte=dt.date(year, 1, 1), started_at__date__lte=dt.date(year, 12, 31))
        reaching |= Q(provisional_years__contains=str(year))
    if dates:
        reaching |= Q(due__gte=min(dates), started_at__date__lt=max(dates)) | Q(
            state=Clock.State.PAUSED, started_at__date__lt=max(dates)
        )
    why = "official calendar changed: " + ", ".join(map(str, sorted({*years, *(d.year for d in dates)})))
    moved, calendar = 0, WorkCalendar()
    candidates = Clock.objects.filter(reaching, state__in=Clock.OPEN, ended_at=None).order_by("pk")
    for batch in _batches(candidates.iterator(chunk_size=2000), 2000):
        waiting = _waiting_days({clock.complaint_id for clock in batch})
        for clock in batch:
            before = (clock.due, clock.provisional_years)
            clock.count(calendar, waiting.get(clock.complaint_id))
            if (clock.due, clock.provisional_years) != before:
                moved += clock_move(clock_id=clock.pk, calendar=calendar, why=why)
    return moved


def _batches(iterable, size):
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _waiting_days(complaint_ids) -> dict:
    """``Complaint.waiting_days`` for many complaints in one query: {complaint id: predicate}."""
    spans = {}
    finished = ComplaintPause.objects.filter(complaint_id__in=complaint_ids).exclude(ended_on=None)
    for complaint_id, start, end in finished.values_list("complaint_id", "started_on", "ended_on"):
        spans.setdefault(complaint_id, []).append((start, end))
    return {pk: ComplaintPause.skipping(pairs) for pk, pairs in spans.items()}


def clock_move(*, clock_id, calendar, why, extend_by=0) -> bool:
    """Count a live clock again (after a calendar change, or with ``extend_by`` more days
    granted), record the move and show it on the complaint; True if its due date moved.

    The complaint is locked first, as transitions lock it, and the clock is read again under
    that lock: a clock a transition has just ended or resumed is never written from a stale
    copy."""
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update(no_key=True, of=("self",)).get(clocks__pk=clock_id)
        # FOR NO KEY UPDATE: a sweep committing events of this clock (their foreign key
        # check takes a key-share lock on it) does not wait for this, nor this for it.
        clock = (
            Clock.objects.select_for_update(no_key=True)
            .filter(pk=clock_id, state__in=Clock.OPEN, ended_at=None)
            .first()
        )
        if clock is None:
            return False
        before, provisional = clock.due, clock.provisional_years
        clock.extended_days += extend_by
        skip = complaint.waiting_days()
        clock.count(calendar, skip)
        if (clock.due, clock.provisional_years) == (before, provisional) and not extend_by:
            return False
        if clock.due != before:
            move = {"at": timezone.now().isoformat(), "from": str(before), "to": str(clock.due), "why": why}
            clock.moves = [*clock.moves, move]
        clock.save(update_fields=["extended_days", "due", "provisional_years", "moves"])
        _replan(clock, calendar, skip)
        clocks_show(complaint)
        complaint.save(update_fields=["next_due", "calendar_missing"])
    return clock.due != before
