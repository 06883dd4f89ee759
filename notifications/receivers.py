"""Events of the complaints core become notices, in the same transaction."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from django_fsm.signals import post_transition

from complaints.choices import RejectionReason
from complaints.models import Complaint, ComplaintMessage
from complaints.signals import complaint_assigned, deadlines_reached

from .events import TRANSITION_EVENTS
from .services import (
    build_notice,
    complainant_channels,
    complainant_context,
    notices_create_many,
    notify_complainant,
    notify_staff,
    supervisors,
)


@receiver(post_save, sender=Complaint, dispatch_uid="notices-receipt")
def on_filed(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        notify_complainant(instance, "receipt")


def _last_reply(complaint):
    message = (
        complaint.messages.filter(kind=ComplaintMessage.Kind.REPLY).order_by("-created_at", "-pk").first()
    )
    return message.body if message else ""


@receiver(post_transition, sender=Complaint, dispatch_uid="notices-transition")
def on_transition(sender, instance, name, source, target, **kwargs):
    event = TRANSITION_EVENTS.get(name)
    if event is None or "exception" in kwargs:
        return
    extra = {
        "reply_due": instance.reply_due,
        "review_due": instance.review_due,
        "outcome": instance.get_outcome_display(),
    }
    if event == "rejected":
        extra["reason"] = RejectionReason(instance.rejection_reason).label
        extra["details"] = instance.rejection_details
    elif event in ("information_requested", "resolved", "appeal_decided"):
        extra["message"] = extra["reply"] = _last_reply(instance)
    # One notice per transition: the version identifies it (it rises with every save).
    notify_complainant(instance, event, occurrence=f"v{instance.version}", **extra)


@receiver(complaint_assigned, dispatch_uid="notices-assigned")
def on_assigned(sender, complaint, assignee, by, **kwargs):
    if assignee is not None and assignee != by:
        notify_staff([assignee], "assigned", complaint=complaint, occurrence=f"v{complaint.version}")


@receiver(deadlines_reached, dispatch_uid="notices-deadlines")
def on_deadlines(sender, due_soon, overdue, **kwargs):
    """One email per person listing their complaints (not one per complaint), and a notice to
    each complainant whose deadline passed, written in one batch."""
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    related = Complaint.objects.select_related("company", "assignee").order_by("next_due")
    chiefs = list(supervisors())
    handlers = {}
    for complaint in related.filter(pk__in=due_soon):
        for person in [complaint.assignee] if complaint.assignee_id else chiefs:
            handlers.setdefault(person, []).append(complaint)
    for person, items in handlers.items():
        notify_staff([person], "due_soon", occurrence=stamp, items=items, count=len(items))
    late = list(related.filter(pk__in=overdue))
    if late:
        notify_staff(chiefs, "escalation", occurrence=stamp, items=late, count=len(late))
    notices = [
        build_notice(
            event="deadline_passed",
            recipient=address,
            channel=channel,
            language=complaint.language,
            context=complainant_context(complaint, due=complaint.next_due),
            complaint=complaint,
            occurrence=str(complaint.next_due),
        )
        for complaint in late
        for channel, address in complainant_channels(complaint)
    ]
    notices_create_many(notices)
