"""Events of the complaints core become notices, in the same transaction."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django_fsm.signals import post_transition

from complaints.choices import RejectionReason
from complaints.models import Complaint, ComplaintMessage
from complaints.signals import complaint_assigned, deadline_due_soon, deadline_passed

from .events import TRANSITION_EVENTS
from .services import notify_complainant, notify_staff, supervisors


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


@receiver(deadline_due_soon, dispatch_uid="notices-due-soon")
def on_due_soon(sender, complaint, **kwargs):
    people = [complaint.assignee] if complaint.assignee_id else list(supervisors())
    notify_staff(
        people, "due_soon", complaint=complaint, occurrence=str(complaint.next_due), due=complaint.next_due
    )


@receiver(deadline_passed, dispatch_uid="notices-overdue")
def on_overdue(sender, complaint, **kwargs):
    due = complaint.next_due
    notify_staff(supervisors(), "escalation", complaint=complaint, occurrence=str(due), due=due)
    notify_complainant(complaint, "deadline_passed", occurrence=str(due), due=due)
