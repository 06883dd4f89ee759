"""Liveness and readiness: a node whose database, cache or broker does not answer is not ready
(503, naming what failed), and is ready again once it answers."""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command

from tests.notifications.conftest import private_redis  # noqa: F401
from workcalendar.models import CalendarYear

ROOT = Path(__file__).resolve().parents[2]
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def ready(client):
    response = client.get("/health/ready/?format=json")
    return response.status_code, {
        name.split("(")[0]: state for name, state in json.loads(response.content).items()
    }


@pytest.fixture
def calendar(db):
    """The official calendar loaded, on a day whose next 60 days it covers."""
    call_command("load_calendar", verbosity=0)
    with time_machine.travel(dt.datetime(2026, 6, 1, 10, tzinfo=SHANGHAI), tick=True):
        yield


@pytest.mark.django_db
def test_alive_without_asking_anything(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/health/live/").status_code == 200


@pytest.mark.django_db
def test_ready_until_redis_stops_and_again_once_it_is_back(client, settings, private_redis, calendar):  # noqa: F811
    settings.CELERY_BROKER_URL = private_redis.url
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": private_redis.url.replace("/0", "/1"),
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        },
    }
    status, checks = ready(client)
    assert status == 200 and set(checks.values()) == {"OK"}
    assert set(checks) >= {
        "Database",
        "SharedCache",
        "Broker",
        "Storage",
        "MigrationsApplied",
        "CalendarKnown",
    }
    private_redis.stop()
    status, checks = ready(client)
    assert status == 503
    assert checks["SharedCache"] != "OK" and checks["Broker"] != "OK" and checks["Database"] == "OK"
    private_redis.start()
    assert ready(client)[0] == 200


@pytest.mark.django_db(transaction=True)  # the checks run in threads of their own: commit
def test_not_ready_without_this_years_calendar_and_warned_without_the_next(client, reference_data):
    CalendarYear.objects.filter(year=2026).delete()
    with time_machine.travel(dt.datetime(2026, 12, 15, 10, tzinfo=SHANGHAI), tick=True):
        status, checks = ready(client)
        assert status == 503 and checks["CalendarKnown"].startswith("Unavailable")
        call_command("load_calendar", verbosity=0)  # up to 2026; 2027 is not published yet
        status, checks = ready(client)
    assert (
        status == 200 and checks["CalendarKnown"].startswith("Warning") and "2027" in checks["CalendarKnown"]
    )


def test_not_ready_when_the_database_does_not_answer():
    probe = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/health/ready/?format=json', HTTP_HOST='localhost');"
        "print(r.status_code, json.dumps(json.loads(r.content)))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/nowhere",
        "CELERY_BROKER_URL": "memory://",
    }
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    ).stdout
    status, checks = (out.strip() or "no output").split(" ", 1)
    assert status == "503" and "Database" in checks and "Unavailable" in checks
