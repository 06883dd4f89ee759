"""Downloads go through a checked view: the complainant's link or staff with the permission."""

import pytest
from django.urls import reverse

from evidence.models import EvidenceDownload
from evidence.services import evidence_attach
from tests.evidence.samples import image, upload


@pytest.fixture
def evidence(make_complaint):
    complaint = make_complaint()
    return evidence_attach(complaint=complaint, uploads=[upload("付款 截图.jpg", image())]).saved[0]


def complainant_url(evidence, token=None):
    return reverse(
        "evidence:complainant-download", args=[token or evidence.complaint.access_token, evidence.pk]
    )


@pytest.mark.django_db
def test_complainant_downloads_as_an_attachment(client, evidence):
    response = client.get(complainant_url(evidence))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E4%BB%98%E6%AC%BE%20%E6%88%AA%E5%9B%BE.jpg" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == evidence.file.open("rb").read()


@pytest.mark.django_db
def test_another_complainant_cannot_download(client, evidence, make_complaint):
    other = make_complaint()
    assert client.get(complainant_url(evidence, token=other.access_token)).status_code == 404
    assert client.get(f"/track/guess/evidence/{evidence.pk}/").status_code == 404


@pytest.mark.django_db
def test_staff_need_the_permission_and_downloads_are_recorded(client, evidence, dave, bob):
    url = reverse("evidence:staff-download", args=[evidence.pk])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(dave)
    assert client.get(url).status_code == 403
    assert not EvidenceDownload.objects.exists()
    client.force_login(bob)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    inline = client.get(url + "?inline=1")
    assert inline["Content-Disposition"].startswith("inline;")
    # The preview (inline) shows on the case page, whose opening is recorded; the download is.
    assert list(EvidenceDownload.objects.values_list("user__username", flat=True)) == ["bob"]
