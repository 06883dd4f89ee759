import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from complaints.choices import Status
from complaints.models import Complaint


@pytest.mark.django_db
def test_seed_demo_fills_every_state_once_and_prints_passwords_in_development(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    first = capsys.readouterr().out
    call_command("seed_demo")
    assert Complaint.objects.count() == 11
    assert set(Complaint.objects.values_list("status", flat=True)) == set(Status.values)
    assert "supervisor / demo-complaints-2026" in first
    assert authenticate(
        RequestFactory().post("/admin/login/"), username="handler", password="demo-complaints-2026"
    )


@pytest.mark.django_db
def test_seed_demo_never_gives_passwords_in_production(settings, capsys):
    settings.DEBUG = False
    call_command("seed_demo")
    assert "demo-complaints-2026" not in capsys.readouterr().out
    assert (
        authenticate(
            RequestFactory().post("/admin/login/"), username="handler", password="demo-complaints-2026"
        )
        is None
    )


def staff_login(password):
    return authenticate(RequestFactory().post("/admin/login/"), username="handler", password=password)
