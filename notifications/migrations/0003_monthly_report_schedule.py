import json

from django.db import migrations


def create(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    # Daily on the 1st–7th at 09:00; the task acts only on the month's first working day.
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="9", day_of_week="*", day_of_month="1-7", month_of_year="*", timezone="Asia/Shanghai"
    )
    PeriodicTask.objects.get_or_create(
        name="Monthly report to supervisors (first working day)",
        defaults={"task": "notifications.tasks.monthly_report", "crontab": crontab, "args": json.dumps([])},
    )


class Migration(migrations.Migration):
    dependencies = [("notifications", "0002_schedules_and_permissions")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
