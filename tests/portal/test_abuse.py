"""What a flood of posts can make the portal keep: nothing before the checks, little after them."""

import pytest
from django.test import Client

from complaints.models import Complaint
from evidence.models import StagedUpload
from portal import services
from tests.evidence.conftest import stored_files
from tests.evidence.samples import image, upload
from tests.portal.conftest import TELECOM

WRONG_CODE = {**TELECOM, "action": "submit", "code": "000000"}


def with_file(name="截图.jpg"):
    return {**WRONG_CODE, "files": [upload(name, image())]}


@pytest.mark.django_db
def test_no_file_is_kept_once_the_address_is_over_its_limit(client, settings, private_storage):
    settings.PORTAL_RATE = "3/h"
    settings.CAPTCHA_AFTER_FAILURES = settings.CAPTCHA_AFTER_FAILURES_PER_ADDRESS = 100
    statuses = [client.post("/file/telecom/", with_file()).status_code for _ in range(6)]
    assert statuses == [400, 400, 400, 429, 429, 429]
    assert StagedUpload.objects.count() == 3
    assert len(stored_files(private_storage)) == 3


@pytest.mark.django_db
def test_no_file_is_kept_from_a_post_that_fails_the_captcha(client, settings, private_storage):
    settings.CAPTCHA_AFTER_FAILURES = 2
    for _ in range(2):
        client.post("/file/telecom/", WRONG_CODE)
    response = client.post("/file/telecom/", {**with_file(), "captcha_0": "x", "captcha_1": "wrong"})
    assert response.status_code == 400 and response.context["captcha"].errors
    assert not StagedUpload.objects.exists()
    assert not stored_files(private_storage)


@pytest.mark.django_db
def test_a_client_without_cookies_is_asked_for_the_captcha_too(settings):
    settings.CAPTCHA_AFTER_FAILURES_PER_ADDRESS = 3
    for _ in range(3):
        response = Client().post("/file/telecom/", WRONG_CODE)  # a new session every time
        assert response.context["captcha"] is None
    response = Client().post("/file/telecom/", WRONG_CODE)
    assert response.context["captcha"] is not None
    assert 'name="captcha_0"' in response.content.decode()


@pytest.mark.django_db
def test_staged_bytes_are_capped_per_session(client, settings, private_storage):
    settings.CAPTCHA_AFTER_FAILURES = settings.CAPTCHA_AFTER_FAILURES_PER_ADDRESS = 100
    size = len(image())
    settings.STAGED_MAX_BYTES_PER_SESSION = 2 * size
    for _ in range(4):
        response = client.post("/en/file/telecom/", with_file())
    assert StagedUpload.objects.count() == 2
    assert "uploaded too much" in response.content.decode()


@pytest.mark.django_db
def test_staged_bytes_are_capped_per_address_whatever_the_session(settings, private_storage):
    settings.CAPTCHA_AFTER_FAILURES = settings.CAPTCHA_AFTER_FAILURES_PER_ADDRESS = 100
    settings.STAGED_MAX_BYTES_PER_ADDRESS = 3 * len(image())
    for _ in range(5):
        response = Client().post("/en/file/telecom/", with_file())
    assert StagedUpload.objects.count() == 3
    assert len(stored_files(private_storage)) == 3
    assert "uploaded too much" in response.content.decode()


@pytest.mark.django_db
def test_files_kept_by_a_request_that_fails_are_removed(
    client, private_storage, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "filing_submit", broken)
    client.post("/file/telecom/", {**TELECOM, "action": "send_code"})
    client.raise_request_exception = False
    with django_capture_on_commit_callbacks(execute=True):  # as each request's own commits would
        response = client.post("/file/telecom/", {**with_file(), "code": "123456"})
    assert response.status_code == 500
    assert not StagedUpload.objects.exists()
    assert not stored_files(private_storage)
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_code_requests_keep_no_file_once_the_address_is_over_its_limit(client, settings, private_storage):
    settings.PORTAL_RATE = "2/h"
    no_phone = {"action": "send_code", "complainant_phone": ""}
    statuses = [client.post("/file/telecom/", {**with_file(), **no_phone}).status_code for _ in range(5)]
    assert statuses == [200, 200, 429, 429, 429]
    assert StagedUpload.objects.count() == 2
    assert len(stored_files(private_storage)) == 2
