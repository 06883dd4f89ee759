from django.db import migrations

from complaints import roles


def grant(apps, schema_editor):
    roles.grant(apps, "complaints", {roles.SUPERVISOR: ["view_statistics", "export_complaint"]})


class Migration(migrations.Migration):
    dependencies = [("complaints", "0005_statistics")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
