"""The default beat schedules (editable in the admin: Periodic tasks) and who may see notices."""

import json

from django.db import migrations

from complaints import roles

TZ = "Asia/Shanghai"
# name, task, crontab (minute, hour) or None for every minute
SCHEDULES = [
    ("Deadline sweep (hourly)", "complaints.tasks.deadline_sweep", ("5", "*")),
    ("Staff digest (09:00 on working days)", "notifications.tasks.staff_digest", ("0", "9")),
    ("Re-dispatch pending notices (every minute)", "notifications.tasks.dispatch_pending", None),
    ("Close complaints after the appeal window (hourly)", "complaints.tasks.close_expired_appeals", ("15", "*")),
    ("Purge abandoned uploads (daily)", "evidence.tasks.purge_staged_uploads", ("30", "3")),
]


def create_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    for name, task, cron in SCHEDULES:
        if cron is None:
            interval, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
            schedule = {"interval": interval}
        else:
            crontab, _ = CrontabSchedule.objects.get_or_create(
                minute=cron[0], hour=cron[1], day_of_week="*", day_of_month="*", month_of_year="*", timezone=TZ
            )
            schedule = {"crontab": crontab}
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "args": json.dumps([]), **schedule})


def grant(apps, schema_editor):
    roles.grant(apps, "notifications", {roles.SUPERVISOR: ["view_notice", "change_notice"]})


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("complaints", "0002_roles_and_deadline_rules"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [
        migrations.RunPython(create_schedules, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
