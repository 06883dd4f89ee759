from django.contrib.auth.management import create_permissions
from django.db import migrations

from complaints.roles import sync_roles

# Defaults; supervisors change them in the admin.
DEFAULT_RULES = [
    ("acceptance", "", 7, "working", "市场监督管理投诉举报处理暂行办法 第十四条：7个工作日内作出受理或不予受理决定"),
    ("reply", "", 15, "working", "平台承诺：受理后15个工作日内书面答复"),
    ("mediation", "", 45, "working", "市场监督管理投诉举报处理暂行办法 第二十一条：自受理之日起45个工作日内终结调解"),
    ("review", "", 15, "working", "平台承诺：收到申诉后15个工作日内作出复核决定"),
    ("appeal_window", "", 15, "calendar", "平台规则：答复后15日内可提出申诉，逾期视为满意"),
    ("acceptance", "telecom", 5, "working", "电信用户申诉处理办法 第十七条：5个工作日内决定是否受理"),
    ("reply", "telecom", 30, "calendar", "电信用户申诉处理办法 第十七条：受理之日起30日内答复"),
]


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for app_label in ("complaints", "workcalendar", "django_fsm_log", "auth", "contenttypes"):
        config = apps.get_app_config(app_label)
        previous = getattr(config, "models_module", None)
        config.models_module = previous or True
        create_permissions(config, verbosity=0, apps=apps)
        config.models_module = previous
    sync_roles(apps)


def create_rules(apps, schema_editor):
    DeadlineRule = apps.get_model("complaints", "DeadlineRule")
    for kind, complaint_type, days, unit, basis in DEFAULT_RULES:
        DeadlineRule.objects.get_or_create(
            kind=kind,
            complaint_type=complaint_type,
            defaults={"days": days, "unit": unit, "legal_basis": basis},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0001_initial"),
        ("workcalendar", "0001_initial"),
        ("django_fsm_log", "__latest__"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_roles, migrations.RunPython.noop),
        migrations.RunPython(create_rules, migrations.RunPython.noop),
    ]
