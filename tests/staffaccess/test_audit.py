"""Staff access to personal data leaves a record nobody can change or delete, and a log line."""

import csv
import io
import json
import logging

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from evidence.services import evidence_attach
from staffaccess.models import AccessRecord
from tests.evidence.samples import image, upload
from tests.exports import post_export


def trail():
    return list(AccessRecord.objects.order_by("pk").values_list("username", "action", "subject"))


@pytest.mark.django_db
def test_opening_a_case_is_recorded_with_address_and_request_id_but_the_list_is_not(
    client, make_complaint, bob, caplog
):
    complaint = make_complaint()
    client.force_login(bob)
    assert client.get(reverse("admin:complaints_complaint_changelist")).status_code == 200
    assert trail() == []
    with caplog.at_level(logging.INFO, logger="staffaccess.audit"):
        page = client.get(
            reverse("admin:complaints_complaint_change", args=[complaint.pk]), REMOTE_ADDR="10.1.2.3"
        )
    assert page.status_code == 200
    assert trail() == [("bob", "viewed_details", complaint.number)]
    entry = AccessRecord.objects.get()
    assert entry.address == "10.1.2.3" and entry.request_id == page["X-Request-ID"]
    logged = [r for r in caplog.records if r.name == "staffaccess.audit"]
    assert [(r.action, r.subject, r.user) for r in logged] == [("viewed_details", complaint.number, bob.pk)]


@pytest.mark.django_db
def test_evidence_downloads_and_exports_are_recorded(client, make_complaint, bob, carol):
    complaint = make_complaint()
    evidence = evidence_attach(complaint=complaint, uploads=[upload("截图.jpg", image())]).saved[0]
    client.force_login(bob)
    assert client.get(reverse("evidence:staff-download", args=[evidence.pk]) + "?inline=1").status_code == 200
    assert trail() == []  # a preview on the case page, whose opening is recorded
    assert client.get(reverse("evidence:staff-download", args=[evidence.pk])).status_code == 200
    client.force_login(carol)
    export = reverse("admin:complaints_complaint_export") + f"?company__id__exact={complaint.company_id}"
    rows = list(csv.DictReader(io.StringIO(post_export(client, export).content.decode("utf-8-sig"))))
    assert len(rows) == 1
    assert trail() == [
        ("bob", "downloaded_evidence", f"{complaint.number} · {evidence.pk}"),
        ("carol", "exported", f"1 · company__id__exact={complaint.company_id}"),
    ]


@pytest.mark.django_db
def test_supervisors_read_the_trail_and_nobody_changes_or_deletes_it(client, make_complaint, bob, carol):
    complaint = make_complaint()
    client.force_login(bob)
    client.get(reverse("admin:complaints_complaint_change", args=[complaint.pk]))
    entry = AccessRecord.objects.get()
    assert client.get(reverse("admin:staffaccess_accessrecord_changelist")).status_code == 403
    client.force_login(carol)
    listing = client.get(reverse("admin:staffaccess_accessrecord_changelist"))
    assert listing.status_code == 200 and complaint.number in listing.content.decode()
    assert client.post(reverse("admin:staffaccess_accessrecord_delete", args=[entry.pk])).status_code == 403
    edit = client.post(reverse("admin:staffaccess_accessrecord_change", args=[entry.pk]), {"username": "x"})
    assert edit.status_code == 403
    carol.is_superuser = True
    carol.save()
    assert client.post(reverse("admin:staffaccess_accessrecord_delete", args=[entry.pk])).status_code == 403
    assert trail() == [("bob", "viewed_details", complaint.number)]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_refuses_to_change_or_delete_a_record(client, make_complaint, bob):
    complaint = make_complaint()
    client.force_login(bob)
    client.get(reverse("admin:complaints_complaint_change", args=[complaint.pk]))
    for attempt in (
        lambda: AccessRecord.objects.update(subject="nothing"),
        lambda: AccessRecord.objects.all().delete(),
    ):
        with pytest.raises(DatabaseError, match="never changed or deleted"), transaction.atomic():
            attempt()
    assert trail() == [("bob", "viewed_details", complaint.number)]


@pytest.mark.django_db
def test_an_export_searched_by_phone_keeps_the_phone_out_of_the_trail_and_the_log(
    client, make_complaint, carol, capfd
):
    from config.logs import JsonFormatter

    make_complaint(complainant_phone="+8613912345678", complainant_email="wang@example.com")
    client.force_login(carol)
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    audit_log = logging.getLogger("staffaccess.audit")
    audit_log.addHandler(handler)
    export = reverse("admin:complaints_complaint_export") + "?q=13912345678"
    try:
        assert post_export(client, export).status_code == 200
    finally:
        audit_log.removeHandler(handler)
    line = json.loads(capfd.readouterr().err.strip().splitlines()[-1])
    assert (line["action"], line["subject"], line["user"]) == ("exported", "1 · q=…", carol.pk)
    assert trail() == [("carol", "exported", "1 · q=…")]
