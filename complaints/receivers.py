"""Keep ``Complaint.touched_at`` current when its messages change."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Complaint, ComplaintMessage


@receiver(post_save, sender=ComplaintMessage, dispatch_uid="complaint-touch-message-saved")
@receiver(post_delete, sender=ComplaintMessage, dispatch_uid="complaint-touch-message-deleted")
def touch_on_message(sender, instance, raw=False, **kwargs):
    if not raw:
        Complaint.touch(instance)
