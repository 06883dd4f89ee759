from django.db import migrations

from complaints import roles


def grant(apps, schema_editor):
    roles.grant(apps, "staffaccess", {roles.SUPERVISOR: ["view_accessrecord"]})


class Migration(migrations.Migration):
    dependencies = [("complaints", "0025_proposal_status_words"), ("staffaccess", "0001_access_record")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
