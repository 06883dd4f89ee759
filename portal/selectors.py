from dataclasses import dataclass

from django.db.models import Case, TextField, Value, When
from django.shortcuts import get_object_or_404
from django_fsm import can_proceed, has_transition_perm
from django_fsm_log.models import StateLog

from complaints.actors import ComplainantActor
from complaints.choices import ProposalStatus
from complaints.models import Complaint, ComplaintMessage

from .content import EVENT_LABELS

COMPLAINANT_ACTIONS = ("withdraw", "close_satisfied", "appeal")
COMPANY_WRITES = (ComplaintMessage.Kind.COMPANY, ComplaintMessage.Kind.COMPANY_QUESTION)
# What the tracking page shows and what the complainant's transitions check, and no more: the
# complaint has some 60 columns, and building the query for all of them cost more than the rest
# of a cached page. The page's query-count test fails if the page starts to use another one.
TRACKING_FIELDS = (
    "number",
    "access_token",
    "status",
    "version",
    "touched_at",
    "complaint_type",
    "company__name",
    "submitted_at",
    "outcome",
    "assignee",
    "appeal_count",
    "calendar_missing",
    "forwarded_at",
    "company_declined_at",
)


@dataclass(frozen=True)
class Event:
    at: object
    title: str
    text: str = ""
    who: str = "you"  # "staff", "company" or "you"


def tracked_complaint(token) -> Complaint:
    """The complaint behind a private tracking link, with what its page needs (404 if none)."""
    queryset = Complaint.objects.select_related("company").only(*TRACKING_FIELDS).with_appeal_until()
    return get_object_or_404(queryset, access_token=token)


def public_timeline(complaint) -> list[Event]:
    """What the complainant may see happened, oldest first, read in one query (the steps and
    the public messages). Staff notes on transitions and internal notes are never included."""
    text, nobody = Value("", output_field=TextField()), Value("", output_field=TextField())
    steps = (
        StateLog.objects.for_(complaint)
        .annotate(text=text, who=nobody)
        .values_list("timestamp", "transition", "text", "who")
        .order_by()  # sorted below; SQLite allows no ORDER BY inside a UNION
    )
    who = Case(
        When(kind=ComplaintMessage.Kind.REPLY, then=Value("staff")),
        When(kind__in=COMPANY_WRITES, then=Value("company")),
        default=Value("you"),
        output_field=TextField(),
    )
    messages = (
        complaint.messages.filter(kind__in=ComplaintMessage.PUBLIC_KINDS)
        .annotate(title=Value(""), who=who)
        .values_list("created_at", "title", "body", "who")
        .order_by()
    )
    events = [Event(complaint.submitted_at, str(EVENT_LABELS["submit"]))]
    for at, transition, body, writer in steps.union(messages, all=True):
        title = str(EVENT_LABELS.get(transition, transition)) if transition else ""
        events.append(Event(at, title, body, writer or "you"))
    return sorted(events, key=lambda e: e.at)


def complainant_actions(complaint) -> set[str]:
    actor = ComplainantActor(complaint.pk)
    return {
        name
        for name in COMPLAINANT_ACTIONS
        if can_proceed(getattr(complaint, name)) and has_transition_perm(getattr(complaint, name), actor)
    }


@dataclass(frozen=True)
class Dealings:
    """What passes between the complainant and the company, as the tracking page shows it."""

    proposals: list
    open_proposal: object = None  # the one the complainant may accept or reject now
    performance_due: object = None  # the accepted one whose date passed, not yet confirmed
    may_write: bool = False


def company_dealings(complaint) -> Dealings | None:
    """None unless the complaint was forwarded to the company (then two queries)."""
    if complaint.forwarded_at is None:
        return None
    proposals = list(complaint.proposals.all())
    answering = complaint.company_answering()
    return Dealings(
        proposals=proposals,
        open_proposal=next((p for p in proposals if p.status == ProposalStatus.OPEN and answering), None),
        performance_due=next((p for p in proposals if p.performance_due), None),
        may_write=answering,
    )
