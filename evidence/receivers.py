"""A complaint's evidence changed: the complaint records it (pages built from it go stale)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from complaints.models import Complaint

from .models import Evidence


@receiver(post_save, sender=Evidence, dispatch_uid="complaint-touch-evidence-saved")
@receiver(post_delete, sender=Evidence, dispatch_uid="complaint-touch-evidence-deleted")
def touch_on_evidence(sender, instance, raw=False, **kwargs):
    if not raw:
        Complaint.touch(instance)
