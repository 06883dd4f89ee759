"""Dates people enter are bounded (not before 1990, not more than a day ahead), and complaints
stored with an impossible one before are repaired without losing anything else."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from complaints.models import Company, Complaint, ComplaintMessage

CST = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 11, 30, 14, tzinfo=CST)
# 1 January of year 1 at Shanghai's local mean time, as PostgreSQL got it: stored as 1 BC.
YEAR_1 = "0001-01-01 00:00:00+08:05:43"

FILING = {
    "company_name": "中国移动通信集团有限公司",
    "service_phone": "13800138000",
    "service_account": "2000123456",
    "observed": "套餐被擅自变更为 199 元。",
    "demands": ["refund"],
    "complainant_name": "张三",
    "complainant_phone": "13912345678",
    "contact_preference": "sms",
    "privacy_consent": "on",
    "code": "123456",
    "action": "submit",
}
repair_event_dates = importlib.import_module(
    "complaints.migrations.0012_repair_event_dates"
).repair_event_dates


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("when", "code"),
    [
        ("0001-01-01T00:00", "too_early"),
        ("1000-01-01T00:00", "too_early"),
        ("1989-12-31T23:59", "too_early"),
        ("2026-12-02T10:00", "in_future"),  # more than a day after now
    ],
)
def test_filing_refuses_an_impossible_event_date(client, time_machine, when, code):
    time_machine.move_to(NOW, tick=False)
    response = client.post("/file/telecom/", {**FILING, "occurred_at": when})
    assert response.status_code == 400
    [error] = response.context["form"].errors.as_data()["occurred_at"]
    assert error.code == code
    assert str(response.context["form"].errors["occurred_at"][0]) in response.content.decode()
    assert not Complaint.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("when", ["1990-01-01T00:00", "2026-12-01T10:00"])
def test_filing_accepts_the_edges(client, time_machine, when):
    time_machine.move_to(NOW, tick=False)
    response = client.post("/file/telecom/", {**FILING, "occurred_at": when})
    assert "occurred_at" not in response.context["form"].errors


@pytest.mark.django_db
def test_staff_cannot_enter_year_1_either(client, alice, company, time_machine):
    time_machine.move_to(NOW, tick=False)
    client.force_login(alice)
    data = {
        "complaint_type": "other",
        "channel": "hotline",
        "company": company.pk,
        "complainant_name": "王五",
        "complainant_phone": "13700137000",
        "contact_preference": "sms",
        "occurred_at_0": "0001-01-01",
        "occurred_at_1": "00:00:00",
        "observed": "退款未到账。",
        "demands": ["refund"],
    }
    for prefix in ("messages", "pauses", "django_fsm_log-statelog-content_type-object_id", "evidence"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client.post(reverse("admin:complaints_complaint_add"), data)
    assert response.status_code == 200
    assert "occurred_at" in response.context["adminform"].form.errors
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_a_stored_year_1_is_repaired_and_staff_pages_work_again(client, carol, make_complaint, time_machine):
    time_machine.move_to(NOW, tick=False)
    broken, fine = make_complaint(observed="扣费。"), make_complaint()
    # What an attacker's filing left before dates were bounded, written as the database got it.
    with connection.cursor() as cursor:
        table = Complaint._meta.db_table
        cursor.execute(f"UPDATE {table} SET occurred_at = %s WHERE id = %s", [YEAR_1, broken.pk])  # noqa: S608
    fine_version = fine.version

    repair_event_dates(apps, None)

    broken.refresh_from_db()
    assert broken.occurred_at == broken.submitted_at
    assert (broken.observed, broken.complainant_name, broken.number) == ("扣费。", "张三", broken.number)
    note = ComplaintMessage.objects.get(complaint=broken, kind=ComplaintMessage.Kind.INTERNAL)
    assert "0001" in note.body
    fine.refresh_from_db()
    assert fine.version == fine_version and not fine.messages.exists()
    client.force_login(carol)
    assert client.get(reverse("admin:complaints_complaint_changelist")).status_code == 200
    assert client.get(reverse("admin:complaints_complaint_change", args=[broken.pk])).status_code == 200


@pytest.mark.django_db
def test_a_company_record_date_is_bounded_too(time_machine):
    time_machine.move_to(NOW, tick=False)
    with pytest.raises(ValidationError) as error:
        Company(name="某公司", created_at=dt.datetime(1, 1, 1, tzinfo=CST)).full_clean()
    assert "created_at" in error.value.message_dict
