"""Evidence in the staff admin: inline previews, uploads, and the integrity check."""

import pytest
from django.urls import reverse

from evidence.models import Evidence
from evidence.services import evidence_attach
from tests.evidence.conftest import stored_files
from tests.evidence.samples import REFUSED, image, upload, wav


@pytest.fixture
def complaint_with_evidence(make_complaint):
    complaint = make_complaint()
    evidence_attach(complaint=complaint, uploads=[upload("截图.jpg", image()), upload("通话.wav", wav())])
    return complaint


@pytest.mark.django_db
def test_complaint_page_shows_thumbnail_player_hash_and_checked_link(client, bob, complaint_with_evidence):
    client.force_login(bob)
    page = client.get(reverse("admin:complaints_complaint_change", args=[complaint_with_evidence.pk]))
    html = page.content.decode()
    picture, recording = complaint_with_evidence.evidence.order_by("pk")
    assert f'<img src="/evidence/{picture.pk}/?inline=1"' in html
    assert f'<audio controls preload="none" src="/evidence/{recording.pk}/?inline=1">' in html
    assert picture.sha256 in html and recording.sha256 in html
    assert f'<a href="/evidence/{picture.pk}/">截图.jpg</a>' in html


@pytest.mark.django_db
def test_staff_upload_through_the_admin(client, alice, make_complaint, private_storage):
    complaint = make_complaint()
    client.force_login(alice)
    url = reverse("admin:evidence_evidence_add")
    refused = client.post(
        url, {"complaint": complaint.pk, "file": upload("logo.svg", REFUSED["logo.svg"][0])}
    )
    assert refused.status_code == 200
    assert "logo.svg" in str(refused.context["adminform"].form.errors["file"])
    assert stored_files(private_storage) == [] and not Evidence.objects.exists()
    accepted = client.post(
        url,
        {
            "complaint": complaint.pk,
            "file": upload("来信.pdf", b"%PDF-1.4\n%%EOF\n"),
            "description": "投诉人邮寄的书面材料",
        },
    )
    assert accepted.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.uploaded_by, evidence.kind, evidence.original_name) == (alice, "document", "来信.pdf")
    assert stored_files(private_storage) == [evidence.file.name]


@pytest.mark.django_db
def test_integrity_action_catches_a_file_changed_behind_the_apps_back(
    client, carol, complaint_with_evidence, private_storage
):
    picture, recording = complaint_with_evidence.evidence.order_by("pk")
    (private_storage / picture.file.name).write_bytes(b"altered on disk")
    client.force_login(carol)
    response = client.post(
        reverse("admin:evidence_evidence_changelist"),
        {"action": "verify_integrity", "_selected_action": [picture.pk, recording.pk]},
        follow=True,
    )
    text = " ".join(str(m) for m in response.context["messages"])
    assert "截图.jpg" in text and "通话.wav" not in text
    picture.refresh_from_db()
    recording.refresh_from_db()
    assert (picture.integrity_ok, recording.integrity_ok) == (False, True)
    assert picture.verified_at is not None
