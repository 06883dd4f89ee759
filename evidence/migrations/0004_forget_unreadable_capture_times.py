"""Capture times read from a photo's EXIF before they were bounded may lie before 1990 (year 1 is
stored as 1 BC, and every page listing the file failed) or far ahead. They are only a copy of what
the file itself still holds, so they are cleared; the file and the rest of the row stay."""

from django.db import migrations
from django.db.models import F, Q

from complaints.validators import FUTURE_TOLERANCE, earliest_moment


def forget_out_of_range(apps, schema_editor):
    for model, stored_at in (("Evidence", "uploaded_at"), ("StagedUpload", "created_at")):
        rows = apps.get_model("evidence", model).objects
        out_of_range = Q(captured_at__lt=earliest_moment()) | Q(
            captured_at__gt=F(stored_at) + FUTURE_TOLERANCE
        )
        rows.filter(out_of_range).update(captured_at=None)


class Migration(migrations.Migration):
    dependencies = [("evidence", "0003_stagedupload"), ("complaints", "0012_repair_event_dates")]
    operations = [migrations.RunPython(forget_out_of_range, migrations.RunPython.noop)]
