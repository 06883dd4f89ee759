"""Images that would take gigabytes to decode, sent through the public forms: a clear refusal,
never a server error, and nothing of them kept."""

import datetime as dt

import pytest
from django.utils import timezone

from complaints.choices import Status
from complaints.models import Complaint
from evidence.models import Evidence, StagedUpload
from tests.evidence.conftest import stored_files
from tests.evidence.samples import image, jpeg_claiming, png_claiming, upload
from tests.portal.conftest import TELECOM

BOMBS = {"bomb.png": lambda: png_claiming(30000, 30000), "bomb.jpg": lambda: jpeg_claiming(65000, 65000)}


def recently():
    """When it happened, as the form expects it, whatever today's date is."""
    return timezone.localtime(timezone.now() - dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")


def page_messages(response):
    return [str(m) for m in response.context["messages"]]


def refused_as_too_large(name, response):
    return any(name in text and "image is too large" in text for text in page_messages(response))


@pytest.mark.django_db
@pytest.mark.parametrize("name", BOMBS)
@pytest.mark.parametrize("action", ["send_code", "submit"])
def test_filing_refuses_a_bomb_and_keeps_nothing(client, private_storage, name, action):
    data = {**TELECOM, "occurred_at": recently(), "action": action, "code": "000000"}
    data["files"] = [upload(name, BOMBS[name]())]
    response = client.post("/en/file/telecom/", data)
    assert response.status_code == (200 if action == "send_code" else 400)
    assert refused_as_too_large(name, response)
    assert stored_files(private_storage) == []
    assert not StagedUpload.objects.exists() and not Complaint.objects.exists()


@pytest.mark.django_db
def test_filing_with_a_good_file_and_a_bomb_files_the_good_one(file_telecom, client, private_storage):
    files = [upload("截图.jpg", image()), upload("bomb.png", BOMBS["bomb.png"]())]
    response = file_telecom({"occurred_at": recently()}, files=files)
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.original_name == "截图.jpg"
    assert stored_files(private_storage) == [evidence.file.name]


@pytest.mark.django_db
@pytest.mark.parametrize("name", BOMBS)
def test_add_material_refuses_a_bomb_after_a_good_file(client, complaint_in, private_storage, name):
    complaint = complaint_in("in_progress")
    response = client.post(
        f"/en/track/{complaint.access_token}/material/",
        {"text": "", "files": [upload("短信.png", image("PNG")), upload(name, BOMBS[name]())]},
        follow=True,
    )
    assert response.redirect_chain[-1] == (f"/en/track/{complaint.access_token}/", 302)
    assert refused_as_too_large(name, response)
    evidence = complaint.evidence.get()
    assert evidence.original_name == "短信.png"
    assert stored_files(private_storage) == [evidence.file.name]


@pytest.mark.django_db
def test_add_material_with_only_a_bomb_keeps_nothing_and_waits_on(client, complaint_in, private_storage):
    complaint = complaint_in("awaiting_complainant")
    response = client.post(
        f"/en/track/{complaint.access_token}/material/",
        {"text": "", "files": [upload("bomb.jpg", BOMBS["bomb.jpg"]())]},
        follow=True,
    )
    assert response.status_code == 200 and refused_as_too_large("bomb.jpg", response)
    complaint.refresh_from_db()
    assert complaint.status == Status.AWAITING_COMPLAINANT
    assert stored_files(private_storage) == [] and not Evidence.objects.exists()
