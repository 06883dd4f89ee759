from dataclasses import dataclass

from django_fsm_log.models import StateLog

from complaints.actors import ComplainantActor
from complaints.models import ComplaintMessage

from .content import EVENT_LABELS

COMPLAINANT_ACTIONS = ("withdraw", "close_satisfied", "appeal")


@dataclass(frozen=True)
class Event:
    at: object
    title: str
    text: str = ""
    from_staff: bool = False


def public_timeline(complaint) -> list[Event]:
    """What the complainant may see happened, oldest first. Staff notes on transitions and
    internal notes are never included."""
    events = [Event(complaint.submitted_at, str(EVENT_LABELS["submit"]))]
    for log in StateLog.objects.for_(complaint).only("timestamp", "transition"):
        events.append(Event(log.timestamp, str(EVENT_LABELS.get(log.transition, log.transition))))
    for message in complaint.messages.filter(kind__in=ComplaintMessage.PUBLIC_KINDS):
        events.append(
            Event(message.created_at, "", message.body, message.kind == ComplaintMessage.Kind.REPLY)
        )
    return sorted(events, key=lambda e: e.at)


def complainant_actions(complaint) -> set[str]:
    actor = ComplainantActor(complaint.pk)
    names = {t.name for t in complaint.get_available_user_status_transitions(actor)}
    return names & set(COMPLAINANT_ACTIONS)
