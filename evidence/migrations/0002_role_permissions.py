from django.db import migrations

from complaints import roles

GRANTS = {
    roles.INTAKE_OFFICER: ["view_evidence", "add_evidence", "change_evidence"],
    roles.CASE_HANDLER: ["view_evidence", "add_evidence", "change_evidence"],
    roles.SUPERVISOR: ["view_evidence", "add_evidence", "change_evidence", "view_evidencedownload"],
}


def grant(apps, schema_editor):
    roles.grant(apps, "evidence", GRANTS)


class Migration(migrations.Migration):
    dependencies = [("evidence", "0001_initial"), ("complaints", "0002_roles_and_deadline_rules")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
