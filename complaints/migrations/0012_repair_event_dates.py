"""Complaints filed before event times were bounded may hold one that cannot be read back (year 1
is stored as 1 BC and every page showing the complaint failed). Set it to the filing time and keep
what was stored in an internal note; nothing else of the complaint changes."""

from django.conf import settings
from django.db import migrations
from django.db.models import CharField, F, Q
from django.db.models.functions import Cast
from django.utils import timezone, translation
from django.utils.translation import gettext

from complaints.validators import FUTURE_TOLERANCE, earliest_moment


def repair_event_dates(apps, schema_editor):
    Complaint = apps.get_model("complaints", "Complaint")
    ComplaintMessage = apps.get_model("complaints", "ComplaintMessage")
    out_of_range = Q(occurred_at__lt=earliest_moment()) | Q(occurred_at__gt=F("submitted_at") + FUTURE_TOLERANCE)
    # Only the database's text of the bad value is read: Python cannot hold it as a datetime.
    rows = Complaint.objects.filter(out_of_range).annotate(stored=Cast("occurred_at", CharField()))
    now = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        for pk, stored in rows.values_list("pk", "stored"):
            note = gettext(
                "The time of the event was stored as %(stored)s, outside the dates the desk accepts; "
                "it was set to the time the complaint was filed. Ask the complainant if it matters."
            ) % {"stored": stored}
            ComplaintMessage.objects.create(complaint_id=pk, kind="internal", body=note, created_at=now)
            # A new version: forms and cached pages holding the old value are out of date.
            Complaint.objects.filter(pk=pk).update(
                occurred_at=F("submitted_at"), version=F("version") + 1, touched_at=now
            )


class Migration(migrations.Migration):
    dependencies = [("complaints", "0011_handle_any_complaint")]
    operations = [migrations.RunPython(repair_event_dates, migrations.RunPython.noop)]
