"""Two beats started at once: only the one holding the lock in Redis sends the schedules, each
slot once; when it stops, the other takes over."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.db import connection
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from tests.notifications.conftest import private_redis  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
TASK = "complaints.tasks.deadline_sweep"


def beat(redis_url, database_url, log):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "CELERY_BROKER_URL": redis_url,
        "DATABASE_URL": database_url,
        "BEAT_LOCK_SECONDS": "3",
    }
    command = [sys.executable, "-m", "celery", "-A", "config", "beat", "-l", "INFO", "--max-interval", "1"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def database_url():
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


def queued(client):
    return [json.loads(message)["headers"]["task"] for message in client.lrange("celery", 0, -1)]


def wait_for_leader(logs, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if any("now sends the schedules" in Path(log.name).read_text() for log in logs):
            return
        time.sleep(0.2)


@pytest.mark.django_db(transaction=True)
def test_two_beats_send_each_schedule_once(private_redis, reference_data, tmp_path):  # noqa: F811
    PeriodicTask.objects.update(enabled=False)
    every_second, _created = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(name="every second", task=TASK, interval=every_second)
    client = redis.Redis.from_url(private_redis.url)
    logs = [open(tmp_path / f"beat{n}.log", "w+") for n in (1, 2)]  # noqa: SIM115
    beats = [beat(private_redis.url, database_url(), log) for log in logs]
    try:
        wait_for_leader(logs)  # however long the two took to start on a busy machine
        time.sleep(6)
        outputs = [Path(log.name).read_text() for log in logs]
        senders = [n for n, text in enumerate(outputs) if "Sending due task" in text]
        assert len(senders) == 1  # the other beat sends nothing
        leader, other = senders[0], 1 - senders[0]
        sent = outputs[leader].count(f"Sending due task every second ({TASK})")
        assert sent >= 4 and queued(client).count(TASK) == sent  # each one-second slot once
        assert "now sends the schedules" in outputs[leader]
        beats[leader].terminate()
        beats[leader].wait(timeout=20)
        time.sleep(6)  # the lock lapses after 3 s; the other beat takes over
        taken_over = Path(logs[other].name).read_text()
        assert "now sends the schedules" in taken_over and "Sending due task" in taken_over
    finally:
        for process in beats:
            process.terminate()
            process.wait(timeout=20)
        for log in logs:
            log.close()
