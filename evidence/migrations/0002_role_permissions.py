from django.contrib.auth.management import create_permissions
from django.db import migrations

from complaints import roles

GRANTS = {
    roles.INTAKE_OFFICER: ["view_evidence", "add_evidence", "change_evidence"],
    roles.CASE_HANDLER: ["view_evidence", "add_evidence", "change_evidence"],
    roles.SUPERVISOR: ["view_evidence", "add_evidence", "change_evidence", "view_evidencedownload"],
}


def grant(apps, schema_editor):
    config = apps.get_app_config("evidence")
    previous = getattr(config, "models_module", None)
    config.models_module = previous or True
    create_permissions(config, verbosity=0, apps=apps)
    config.models_module = previous
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in GRANTS.items():
        group = Group.objects.get(name=role)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="evidence", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [("evidence", "0001_initial"), ("complaints", "0002_roles_and_deadline_rules")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
