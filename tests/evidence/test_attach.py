"""Attaching evidence keeps the good files and leaves nothing behind for the refused ones."""

import hashlib

import pytest

from evidence.models import Evidence
from evidence.services import evidence_attach
from tests.evidence.conftest import stored_files
from tests.evidence.samples import MP4, REFUSED, image, upload


@pytest.mark.django_db
def test_good_files_kept_refused_ones_leave_nothing(make_complaint, private_storage):
    complaint = make_complaint()
    jpeg = image()
    result = evidence_attach(
        complaint=complaint,
        uploads=[
            upload("截图.jpg", jpeg),
            upload("evil.jpg", REFUSED["evil.jpg"][0]),
            upload("录屏.mp4", MP4),
        ],
    )
    assert [e.original_name for e in result.saved] == ["截图.jpg", "录屏.mp4"]
    assert len(result.refused) == 1 and "evil.jpg" in result.refused[0]
    files = stored_files(private_storage)
    assert len(files) == 2
    assert all(f.startswith(f"evidence/{complaint.pk}/") for f in files)
    assert {f.rsplit(".", 1)[1] for f in files} == {"jpg", "mp4"}
    stored = Evidence.objects.get(original_name="截图.jpg")
    assert stored.sha256 == hashlib.sha256(jpeg).hexdigest()
    assert stored.size == len(jpeg) and stored.kind == "image" and stored.uploaded_by_complainant
    assert complaint.evidence.count() == 2


@pytest.mark.django_db
def test_the_given_name_is_never_a_path(make_complaint, private_storage):
    complaint = make_complaint()
    result = evidence_attach(complaint=complaint, uploads=[upload("../../etc/passwd.jpg", image())])
    evidence = result.saved[0]
    assert evidence.original_name == "passwd.jpg"
    assert ".." not in evidence.file.name and "passwd" not in evidence.file.name
    assert stored_files(private_storage) == [evidence.file.name]


@pytest.mark.django_db
def test_limits_per_complaint(make_complaint, settings, private_storage):
    settings.EVIDENCE_MAX_FILES = 2
    complaint = make_complaint()
    result = evidence_attach(complaint=complaint, uploads=[upload(f"{i}.jpg", image()) for i in range(3)])
    assert len(result.saved) == 2
    assert "2.jpg" in result.refused[0] and "at most 2" in result.refused[0]
    settings.EVIDENCE_MAX_FILES = 20
    settings.EVIDENCE_MAX_TOTAL_BYTES = sum(e.size for e in result.saved) + 10
    again = evidence_attach(complaint=complaint, uploads=[upload("more.jpg", image())])
    assert not again.saved and "more.jpg" in again.refused[0]
    assert len(stored_files(private_storage)) == 2


@pytest.mark.django_db
def test_evidence_cannot_be_altered(make_complaint):
    complaint = make_complaint()
    evidence = evidence_attach(complaint=complaint, uploads=[upload("a.jpg", image())]).saved[0]
    evidence.sha256 = "0" * 64
    with pytest.raises(ValueError):
        evidence.save()
    evidence.refresh_from_db()
    evidence.description = "付款截图"
    evidence.save()
    assert Evidence.objects.get(pk=evidence.pk).description == "付款截图"


@pytest.mark.django_db
def test_abandoned_staged_uploads_are_purged(private_storage):
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    from evidence.models import StagedUpload
    from evidence.services import evidence_stage

    (old,), _ = evidence_stage(uploads=[upload("old.jpg", image())], owner="s1")
    (fresh,), _ = evidence_stage(uploads=[upload("new.jpg", image())], owner="s2")
    StagedUpload.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(hours=30))
    call_command("purge_staged_uploads", verbosity=0)
    assert list(StagedUpload.objects.all()) == [fresh]
    assert stored_files(private_storage) == [fresh.file.name]


@pytest.mark.django_db
def test_a_photo_dated_year_one_is_kept_and_stays_readable(make_complaint, client):
    complaint = make_complaint()
    photo = upload("old.jpg", image(exif_taken="0001:01:01 00:00:00"))
    assert evidence_attach(complaint=complaint, uploads=[photo]).saved
    assert Evidence.objects.get().captured_at is None
    assert client.get(f"/receipt/{complaint.access_token}/").status_code == 200


@pytest.mark.django_db
def test_stored_capture_times_out_of_range_are_cleared(make_complaint):
    import datetime as dt
    import importlib

    from django.apps import apps
    from django.db import connection

    from tests.complaints.test_event_dates import YEAR_1

    uploads = [upload(f"{i}.jpg", image()) for i in range(3)]
    saved = evidence_attach(complaint=make_complaint(), uploads=uploads).saved
    uploaded = saved[0].uploaded_at
    stored = [None, uploaded + dt.timedelta(days=400), uploaded - dt.timedelta(days=2)]
    for row, value in zip(saved[1:], stored[1:], strict=True):
        Evidence.objects.filter(pk=row.pk).update(captured_at=value)
    # Year 1 at Shanghai's local mean time, written as the database got it (PostgreSQL reads it
    # back as 1 BC, which Python cannot represent).
    with connection.cursor() as cursor:
        table = Evidence._meta.db_table
        cursor.execute(f"UPDATE {table} SET captured_at = %s WHERE id = %s", [YEAR_1, saved[0].pk])  # noqa: S608
    migration = importlib.import_module("evidence.migrations.0004_forget_unreadable_capture_times")
    migration.forget_out_of_range(apps, None)
    rows = Evidence.objects.order_by("pk")
    assert [row.captured_at for row in rows] == [None, None, stored[2]]
    assert [row.sha256 for row in rows] == [row.sha256 for row in saved]
