"""What the complaints core announces becomes notices, in the same transaction. The core sends
two signals, each from one service: ``complaint_changed`` (a filing, an assignment, a
transition) and ``deadlines_reached`` (the sweep's warnings, breaches and second levels)."""

import functools

from django.contrib.auth import get_user_model
from django.dispatch import receiver
from django.utils import timezone

from complaints.choices import RejectionReason
from complaints.models import ClockEvent, Complaint, ComplaintMessage, DeadlineRule
from complaints.privacy import for_company
from complaints.roles import DIRECTOR
from complaints.signals import complaint_changed, deadlines_reached

from .dealings import DEALINGS, dealings_notice
from .events import RECORDED_FOR_COMPLAINANT, TRANSITION_EVENTS
from .services import (
    build_notice,
    complainant_channels,
    complainant_context,
    notices_create_many,
    notify_company,
    notify_complainant,
    notify_staff,
    supervisors,
)

Kind = DeadlineRule.Kind
# Steps whose breach the complainant is told of (they are waiting for it).
COMPLAINANT_WAITS_FOR = (Kind.ACCEPTANCE, Kind.REPLY, Kind.REVIEW)


@receiver(complaint_changed, dispatch_uid="notices-complaint-changed")
def on_complaint_changed(sender, complaint, event, by=None, **details):
    if event == "filed":
        notify_complainant(complaint, "receipt", due=complaint.due.get(Kind.ACCEPTANCE))
    elif event == "assigned":
        assignee = details["assignee"]
        notify_staff([assignee], "assigned", complaint=complaint, occurrence=f"v{complaint.version}")
    elif event == "forward_to_company":
        notify_company(
            complaint,
            "forwarded_to_company",
            due=complaint.due.get(Kind.COMPANY),
            observed=for_company(complaint.observed, complaint),
            demand_other=for_company(complaint.demand_other, complaint),
        )
    elif event in TRANSITION_EVENTS:
        _transition_notice(complaint, TRANSITION_EVENTS[event])
    elif event in RECORDED_FOR_COMPLAINANT and getattr(by, "is_staff", False):
        _transition_notice(complaint, RECORDED_FOR_COMPLAINANT[event])
    elif event == "message" and details["message"].kind == ComplaintMessage.Kind.REPLY:
        message = details["message"]
        notify_complainant(complaint, "staff_replied", occurrence=f"m{message.pk}", message=message.body)
    if event in DEALINGS:
        dealings_notice(complaint, event, details.get("message"))


def _last_reply(complaint):
    message = (
        complaint.messages.filter(kind=ComplaintMessage.Kind.REPLY).order_by("-created_at", "-pk").first()
    )
    return message.body if message else ""


def _transition_notice(complaint, event):
    extra = {
        "reply_due": complaint.due.get(Kind.REPLY),
        "review_due": complaint.due.get(Kind.REVIEW),
        "appeal_deadline": complaint.appeal_deadline,
        "outcome": complaint.get_outcome_display(),
    }
    if event == "rejected":
        extra["reason"] = RejectionReason(complaint.rejection_reason).label
        extra["details"] = complaint.rejection_details
    elif event in ("information_requested", "resolved", "appeal_decided"):
        extra["message"] = extra["reply"] = _last_reply(complaint)
    # One notice per transition: the version identifies it (it rises with every save).
    notify_complainant(complaint, event, occurrence=f"v{complaint.version}", **extra)


@receiver(deadlines_reached, dispatch_uid="notices-deadlines")
def on_deadlines(sender, events, **kwargs):
    """Warnings to each assignee (supervisors when nobody is assigned), breaches to the
    supervisors and to the complainant waiting, second levels to the directors: one email per
    person listing their complaints. Returns {event id: [whom it told]}."""
    complaints = (
        Complaint.objects.select_related("company", "assignee")
        .only(*LETTER_FIELDS)
        .in_bulk({e.complaint_id for e in events})
    )
    told = _letters([e for e in events if not _for_the_company(e)], complaints)
    told.update(_company_reminders(filter(_for_the_company, events), complaints))
    notices = []
    for event in events:
        if event.kind == ClockEvent.BREACH and event.step in COMPLAINANT_WAITS_FOR:
            complaint = complaints[event.complaint_id]
            for channel, address in complainant_channels(complaint):
                notices.append(_deadline_passed(complaint, event, channel, address))
                told.setdefault(event.id, []).append(address)
    notices_create_many(notices)
    return told


def _company_reminders(events, complaints):
    """One reminder per complaint to its company, however many of its warnings came due."""
    by_complaint = {}
    for event in events:
        by_complaint.setdefault(event.complaint_id, []).append(event)
    told, today = {}, timezone.localdate()
    for complaint_id, due in by_complaint.items():
        if due[0].due < today:  # too late to remind: staff are told instead
            told.update({event.id: [] for event in due})
            continue
        occurrence = ",".join(sorted(e.kind for e in due))
        addresses = notify_company(complaints[complaint_id], "company_reminder", due[0].due, occurrence)
        told.update({event.id: addresses for event in due})
    return told


def _for_the_company(event):
    """A warning on the company's clock goes to the company; its breach, to staff."""
    return event.step == Kind.COMPANY and event.kind not in (*ClockEvent.BREACHES, ClockEvent.ESCALATION)


def _letters(events, complaints):
    """One letter per person and kind, listing their events; {event id: [emails told]}."""
    chiefs, directors = list(supervisors()), list(_directors())
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    letters, told = {}, {}
    for event in events:
        complaint = complaints[event.complaint_id]
        if event.kind in ClockEvent.BREACHES:
            people, letter = chiefs, "escalation"
        elif event.kind == ClockEvent.ESCALATION:
            people, letter = directors, "supervision"
        else:
            people, letter = ([complaint.assignee] if complaint.assignee_id else chiefs), "due_soon"
        item = _item(complaint, event)
        for person in people:
            if person.email and person.is_active:
                letters.setdefault((letter, person), []).append(item)
                told.setdefault(event.id, []).append(person.email)
    for (letter, person), items in letters.items():
        notify_staff([person], letter, occurrence=stamp, items=items, count=len(items))
    return told


# What the letters and the complainant's notice read of a complaint.
LETTER_FIELDS = (
    "status",  # with ``version``, what the state machine reads on loading
    "version",
    "number",
    "access_token",
    "language",
    "complainant_name",
    "complainant_phone",
    "complainant_email",
    "contact_preference",
    "company__name",
    "assignee__username",
    "assignee__first_name",
    "assignee__last_name",
    "assignee__email",
    "assignee__is_active",
    "share_identity",
    "company__contact_email",
    "company__contact_phone",
)


@functools.cache
def _what(kind):
    """The event's label (lazy: each letter renders it in its own language)."""
    return ClockEvent(kind=kind).label


def _deadline_passed(complaint, event, channel, address):
    return build_notice(
        event="deadline_passed",
        recipient=address,
        channel=channel,
        language=complaint.language,
        context=complainant_context(complaint, due=event.due),
        complaint=complaint,
        occurrence=f"{event.step}:{event.due}",
    )


def _item(complaint, event):
    return {
        "number": complaint.number,
        "company": complaint.company.name,
        "step": Kind(event.step).label,
        "what": _what(event.kind),
        "due": event.due,
        "assignee": str(complaint.assignee or "—"),
    }


def _directors():
    return get_user_model().objects.filter(groups__name=DIRECTOR, is_active=True)
