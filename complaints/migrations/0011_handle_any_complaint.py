from django.db import migrations

from complaints import roles


def grant(apps, schema_editor):
    roles.grant(apps, "complaints", {roles.SUPERVISOR: ["handle_any_complaint"]})


class Migration(migrations.Migration):
    dependencies = [("complaints", "0010_bounded_dates_and_handlers")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
