"""Codes already written in clear: moved out of the notice (if it may still be sent) or the
notice deleted; and the schedule that purges codes' notices once they expire."""

import json
import re

from django.db import migrations
from django.utils import timezone

MASK = "••••••"
SECRET_EVENTS = ("verification_code",)


def hide_codes(apps, schema_editor):
    Notice = apps.get_model("notifications", "Notice")
    NoticeSecret = apps.get_model("notifications", "NoticeSecret")
    now = timezone.now()
    codes = Notice.objects.filter(event__in=SECRET_EVENTS)
    waiting = codes.filter(status__in=["pending", "sending"], expires_at__gt=now)
    for notice in waiting:
        found = re.search(r"\b\d{6}\b", notice.body)
        if found is None:
            continue
        NoticeSecret.objects.create(notice=notice, params={"code": found.group()})
        notice.body = notice.body.replace(found.group(), MASK)
        notice.html = notice.html.replace(found.group(), MASK)
        notice.save(update_fields=["body", "html"])
    codes.exclude(pk__in=NoticeSecret.objects.values("notice_id")).delete()


def create_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="*/10", hour="*", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Shanghai"
    )
    PeriodicTask.objects.get_or_create(
        name="Purge expired verification-code notices (every 10 minutes)",
        defaults={"task": "notifications.tasks.purge_expired_codes", "crontab": crontab, "args": json.dumps([])},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0004_notice_params_secret_interrupted"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [
        migrations.RunPython(hide_codes, migrations.RunPython.noop),
        migrations.RunPython(create_schedule, migrations.RunPython.noop),
    ]
