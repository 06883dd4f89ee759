"""The complaint's due-date columns, notification claims and step dates: the clocks hold them
now (0019 moved what they held onto the clocks)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("complaints", "0019_clock_events_for_existing_clocks")]

    operations = [
        migrations.RemoveIndex(
            model_name='complaint',
            name='complaint_status_appeal',
        ),
        migrations.RemoveField(
            model_name='complaint',
            name='acceptance_due',
        ),
        migrations.RemoveField(
            model_name='complaint',
            name='appeal_deadline',
        ),
        migrations.RemoveField(
            model_name='complaint',
            name='appeal_decided_on',
        ),
        migrations.RemoveField(
            model_name='complaint',
            name='decided_on',
        ),
        migrations.RemoveField(
            model_name='complaint',
            name='due_soon_notified_for',
        ),
        migrations.RemoveField(
            model_name='complaint',
            name='handling_working_days',
        ),
        migrations.RemoveField(
            model_name='complaint',
            name='mediation_due',
        ),
        migrations.RemoveField(
            model_name='complaint',
            name='overdue_notified_for',
        ),
        migrations.RemoveField(
            model_name='complaint',
            name='replied_on',
        ),
        migrations.RemoveField(
            model_name='complaint',
            name='reply_due',
        ),
        migrations.RemoveField(
            model_name='complaint',
            name='review_due',
        ),
    ]
