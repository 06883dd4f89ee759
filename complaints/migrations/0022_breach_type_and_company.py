"""Each sent deadline event keeps the complaint's type and company as they were when it was sent
(the breach report counts by them without reading every breach's clock and complaint)."""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor, first_id=0):
    """Also used by ``seed_bulk`` for the complaints it writes (ids from ``first_id``)."""
    event, clock, complaint = (
        apps.get_model("complaints", name)._meta.db_table for name in ("ClockEvent", "Clock", "Complaint")
    )
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE {event} SET complaint_type = c.complaint_type, company_id = c.company_id
            FROM {clock} k, {complaint} c
            WHERE {event}.clock_id = k.id AND k.complaint_id = c.id AND {event}.fired_at IS NOT NULL
                AND c.id >= %s""",  # noqa: S608
            [first_id],
        )


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0021_statistics_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='clockevent',
            name='company',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='complaints.company', verbose_name='company'),
        ),
        migrations.AddField(
            model_name='clockevent',
            name='complaint_type',
            field=models.CharField(blank=True, db_default='', default='', max_length=32, verbose_name='complaint type'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
