"""Start-up reads its settings strictly, and production mode passes Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "k3y-" + "x7Qp9vL2mR8tW4zB6nD1fH5jK0sG3cY" * 2,
    "ALLOWED_HOSTS": "complaints.example.gov.cn",
}


def manage(*args, tmp_path, **env):
    dropped = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in dropped}
    environment.update({"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "VAR_DIR": str(tmp_path)})
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_mode_passes_check_deploy(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", tmp_path=tmp_path, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "maybe"),
        ("DATABASE_URL", "nosuchdb://somewhere/x"),
        ("CELERY_BROKER_URL", "127.0.0.1:6379"),
        ("CONN_MAX_AGE", "forever"),
        ("DUE_SOON_WORKING_DAYS", "0"),
        ("EMAIL_URL", "pigeon://loft"),
        ("TRUSTED_PROXY_HOPS", "-1"),
        ("TRUSTED_PROXY_HOPS", "two"),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_variable(variable, value, tmp_path):
    env = {variable: value}
    if variable == "CONN_MAX_AGE":
        env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/postgres"
    result = manage("check", tmp_path=tmp_path, **env)
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert "ImproperlyConfigured" in last_line and variable in last_line


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_its_secrets(missing, tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = manage("check", tmp_path=tmp_path, **env)
    assert result.returncode != 0
    assert missing in result.stderr.strip().splitlines()[-1]


def test_production_refuses_debug(tmp_path):
    result = manage("check", tmp_path=tmp_path, DEBUG="true", **PRODUCTION)
    assert result.returncode != 0
    assert "DEBUG" in result.stderr.strip().splitlines()[-1]


def celery_settings(tmp_path, **env):
    """What a worker started with ``celery -A config`` reads, with no DJANGO_SETTINGS_MODULE."""
    dropped = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "ALLOWED_HOSTS"}
    environment = {k: v for k, v in os.environ.items() if k not in dropped}
    environment.update({"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "VAR_DIR": str(tmp_path)})
    environment.update(env)
    code = (
        "from config.celery import app; app.conf.broker_url; "
        "from django.conf import settings; print(settings.DEBUG, settings.SECRET_KEY[:4])"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_a_worker_without_settings_module_refuses_to_start_without_production_secrets(tmp_path):
    result = celery_settings(tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr.strip().splitlines()[-1]


def test_a_worker_without_settings_module_runs_with_production_settings(tmp_path):
    secrets = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = celery_settings(tmp_path, **secrets)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "k3y-"]
