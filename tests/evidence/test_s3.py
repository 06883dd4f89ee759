"""The same flow on a real S3-compatible server on loopback (moto in server mode)."""

import urllib.request

import boto3
import pytest
from django.db import transaction
from django.urls import reverse
from moto.server import ThreadedMotoServer

from complaints.models import Complaint
from complaints.services import ComplaintChanged
from evidence.models import Evidence
from evidence.services import evidence_attach
from portal.services import material_add
from tests.evidence.samples import REFUSED, image, jpeg_claiming, upload

BUCKET = "evidence-test"


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(settings, s3_endpoint):
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "access_key": "test",
                "secret_key": "test",
                "signature_version": "s3v4",
                "addressing_style": "path",
                "default_acl": "private",
                "file_overwrite": False,
                "querystring_auth": True,
                "querystring_expire": 300,
            },
        },
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client):
    return [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


@pytest.mark.django_db
def test_upload_refusal_and_presigned_download_on_s3(s3, make_complaint, client, bob):
    complaint = make_complaint()
    jpeg = image()
    result = evidence_attach(
        complaint=complaint,
        uploads=[upload("截图.jpg", jpeg), upload("page.txt", REFUSED["page.txt"][0])],
    )
    assert len(result.saved) == 1 and "page.txt" in result.refused[0]
    evidence = result.saved[0]
    assert keys(s3) == [evidence.file.name]

    response = client.get(
        reverse("evidence:complainant-download", args=[complaint.access_token, evidence.pk])
    )
    assert response.status_code == 302
    url = response["Location"]
    assert "X-Amz-Algorithm=AWS4-HMAC-SHA256" in url and "X-Amz-Expires=300" in url
    with urllib.request.urlopen(url, timeout=10) as fetched:  # noqa: S310 (loopback test server)
        assert fetched.read() == jpeg
        assert fetched.headers["Content-Disposition"].startswith("attachment;")

    client.force_login(bob)
    staff = client.get(reverse("evidence:staff-download", args=[evidence.pk]))
    assert staff.status_code == 302 and "X-Amz-Signature=" in staff["Location"]

    unsigned = url.split("?", 1)[0]
    with pytest.raises(urllib.error.HTTPError) as denied:
        urllib.request.urlopen(unsigned, timeout=10)  # noqa: S310
    assert denied.value.code == 403

    s3.put_object(Bucket=BUCKET, Key=evidence.file.name, Body=b"tampered")
    assert Evidence.objects.get(pk=evidence.pk).verify() is False


@pytest.mark.django_db
def test_a_bomb_after_a_good_file_leaves_only_the_good_object(s3, make_complaint):
    result = evidence_attach(
        complaint=make_complaint(),
        uploads=[upload("截图.jpg", image()), upload("bomb.jpg", jpeg_claiming(65000, 65000))],
    )
    assert "bomb.jpg" in result.refused[0] and "too large" in result.refused[0]
    assert keys(s3) == [result.saved[0].file.name]


@pytest.mark.django_db
def test_a_failure_after_the_write_leaves_no_object(s3, make_complaint):
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        evidence_attach(complaint=make_complaint(), uploads=[upload("截图.jpg", image())])
        assert len(keys(s3)) == 1
        1 / 0  # noqa: B018 (any error after the file was written)
    assert keys(s3) == [] and not Evidence.objects.exists()


@pytest.mark.django_db
def test_add_material_changed_meanwhile_leaves_no_object(s3, complaint_in):
    stale = complaint_in("awaiting_complainant")
    Complaint.objects.get(pk=stale.pk).save()
    with pytest.raises(ComplaintChanged):
        material_add(complaint=stale, text="", uploads=[upload("短信.png", image("PNG"))])
    assert keys(s3) == []
