"""Indexes the statistics read alone (PostgreSQL; SQLite has no INCLUDE and does not need them
at its sizes): the complaints received in a period (0007's covering index lost the columns 0020
removed), the clocks that ended in a period, and the complaints whose written reply was given.
Built concurrently: filing and handling go on meanwhile."""

from django.db import migrations

INDEXES = {
    "complaint_statistics": (
        "complaints_complaint (submitted_at) INCLUDE "
        "(id, status, complaint_type, channel, company_id, accepted_at, satisfaction, appeal_count)"
    ),
    "clock_statistics": "complaints_clock (step, ended_at) INCLUDE (state, taken_days, complaint_id)",
    "clock_replied": (
        "complaints_clock (complaint_id) "
        "WHERE step = 'reply' AND state IN ('met', 'breached') AND ended_at IS NOT NULL"
    ),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in INDEXES.items():
            schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
            schema_editor.execute(f"CREATE INDEX CONCURRENTLY {name} ON {definition}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("complaints", "0020_remove_complaint_due_columns")]
    operations = [migrations.RunPython(create, drop)]
