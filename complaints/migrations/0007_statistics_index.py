"""A covering index for the statistics: every figure of a period is read from the index alone
(PostgreSQL; SQLite has no INCLUDE and does not need it at its sizes)."""

from django.db import migrations

COLUMNS = (
    "id, status, complaint_type, channel, company_id, accepted_at, decided_on, acceptance_due, replied_on, "
    "reply_due, mediation_due, appeal_decided_on, review_due, satisfaction, appeal_count, handling_working_days"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS complaint_statistics ON complaints_complaint (submitted_at) "
            f"INCLUDE ({COLUMNS})"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS complaint_statistics")


class Migration(migrations.Migration):
    dependencies = [("complaints", "0006_statistics_permissions")]
    operations = [migrations.RunPython(create, drop)]
