"""Filing through the public form: server-side validation is the truth."""

import pytest
from django.core import mail

from complaints.models import Company, Complaint
from evidence.models import Evidence, StagedUpload
from portal.models import VerificationCode
from tests.evidence.conftest import stored_files
from tests.evidence.samples import REFUSED, image, upload
from tests.portal.conftest import TELECOM, last_code


@pytest.mark.django_db
def test_file_a_telecom_complaint_with_evidence(file_telecom, client, private_storage):
    response = file_telecom(files=[upload("截图.jpg", image()), upload("账单.pdf", b"%PDF-1.4\n%%EOF\n")])
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/receipt/{complaint.access_token}/"
    assert (complaint.status, complaint.channel, complaint.complaint_type) == ("submitted", "web", "telecom")
    assert complaint.company.name == "中国移动通信集团有限公司" and complaint.company.needs_review
    assert complaint.privacy_consent_at and not complaint.share_identity
    assert sorted(complaint.evidence.values_list("original_name", flat=True)) == ["截图.jpg", "账单.pdf"]
    receipt = client.get(response["Location"]).content.decode()
    assert complaint.number in receipt
    assert complaint.due.get("acceptance").strftime("%Y-%m-%d") in receipt
    assert all(e.sha256 in receipt for e in complaint.evidence.all())
    assert not StagedUpload.objects.exists()
    assert len(stored_files(private_storage)) == 2


@pytest.mark.django_db
def test_known_company_is_reused(file_telecom):
    Company.objects.create(name="中国移动通信集团有限公司")
    file_telecom()
    assert Company.objects.count() == 1 and not Company.objects.get().needs_review


@pytest.mark.django_db
@pytest.mark.parametrize("missing", ["service_phone", "service_account"])
def test_missing_type_fields_are_refused_next_to_the_field(missing, file_telecom):
    response = file_telecom({missing: ""})
    assert response.status_code == 400
    assert response.context["form"].errors[missing]
    assert f'id="id_{missing}_error"' in response.content.decode()
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_online_service_needs_the_order_number(client, sms_outbox):
    data = {**TELECOM, "company_name": "京东", "action": "submit", "code": "123456"}
    response = client.post("/file/online_service/", data)
    assert "order_number" in response.context["form"].errors


@pytest.mark.django_db
def test_nothing_typed_or_uploaded_is_lost_on_error(client, private_storage):
    data = {**TELECOM, "observed": "", "action": "submit", "code": "000000"}
    response = client.post(
        "/file/telecom/",
        {**data, "files": [upload("截图.jpg", image()), upload("evil.jpg", REFUSED["evil.jpg"][0])]},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'value="2000123456"' in page and "多扣 141 元。" in page
    assert "截图.jpg" in page and "evil.jpg" in page  # kept, and the refusal named
    staged = StagedUpload.objects.get()
    assert f'name="staged" value="{staged.pk}"' in page
    assert len(stored_files(private_storage)) == 1


@pytest.mark.django_db
def test_staged_files_become_evidence_when_the_form_is_finally_right(client, sms_outbox):
    client.post("/file/telecom/", {**TELECOM, "observed": "", "files": [upload("截图.jpg", image())]})
    staged = StagedUpload.objects.get()
    client.post("/file/telecom/", {**TELECOM, "action": "send_code"})
    response = client.post(
        "/file/telecom/",
        {**TELECOM, "staged": [staged.pk], "code": last_code(sms_outbox), "action": "submit"},
    )
    assert response.status_code == 302
    assert Evidence.objects.get().original_name == "截图.jpg"


@pytest.mark.django_db
def test_another_sessions_staged_files_cannot_be_claimed(client, django_user_model, sms_outbox):
    from django.test import Client

    other = Client()
    other.post("/file/telecom/", {**TELECOM, "observed": "", "files": [upload("私人.jpg", image())]})
    foreign = StagedUpload.objects.get()
    client.post("/file/telecom/", {**TELECOM, "action": "send_code"})
    client.post(
        "/file/telecom/",
        {**TELECOM, "staged": [foreign.pk], "code": last_code(sms_outbox), "action": "submit"},
    )
    assert Complaint.objects.get().evidence.count() == 0
    assert StagedUpload.objects.filter(pk=foreign.pk).exists()


@pytest.mark.django_db
def test_wrong_or_missing_code_is_refused(client, sms_outbox):
    response = client.post("/file/telecom/", {**TELECOM, "action": "submit"})
    assert response.context["extras"].errors["code"]
    client.post("/file/telecom/", {**TELECOM, "action": "send_code"})
    right = last_code(sms_outbox)
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    response = client.post("/file/telecom/", {**TELECOM, "code": wrong, "action": "submit"})
    assert response.status_code == 400 and response.context["extras"].errors["code"]
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_code_expires_after_too_many_wrong_tries(client, sms_outbox, settings):
    client.post("/file/telecom/", {**TELECOM, "action": "send_code"})
    right = last_code(sms_outbox)
    for _ in range(settings.CODE_MAX_ATTEMPTS):
        client.post(
            "/file/telecom/", {**TELECOM, "code": f"{(int(right) + 1) % 10**6:06d}", "action": "submit"}
        )
    response = client.post("/file/telecom/", {**TELECOM, "code": right, "action": "submit"})
    assert response.status_code == 400 and not Complaint.objects.exists()


@pytest.mark.django_db
def test_email_code_when_email_is_preferred(client):
    data = {**TELECOM, "contact_preference": "email", "complainant_email": "zhang@example.com"}
    client.post("/file/telecom/", {**data, "action": "send_code"})
    assert mail.outbox[-1].to == ["zhang@example.com"]
    import re

    code = re.search(r"\d{6}", mail.outbox[-1].body).group()
    assert client.post("/file/telecom/", {**data, "code": code, "action": "submit"}).status_code == 302


@pytest.mark.django_db
def test_codes_are_rate_limited_per_number(client, sms_outbox):
    client.post("/file/telecom/", {**TELECOM, "action": "send_code"})
    response = client.post("/file/telecom/", {**TELECOM, "action": "send_code"})
    assert len(sms_outbox) == 1
    assert (
        "Wait a minute" in response.content.decode()
        or "请等待" in response.content.decode()
        or "稍候" in response.content.decode()
    )
    assert VerificationCode.objects.count() == 1


@pytest.mark.django_db
def test_submissions_are_rate_limited_per_address(client, settings):
    settings.PORTAL_RATE = "3/h"
    statuses = [client.post("/file/telecom/", {**TELECOM, "action": "submit"}).status_code for _ in range(4)]
    assert statuses == [400, 400, 400, 429]


@pytest.mark.django_db
def test_captcha_after_repeated_failures(client, settings):
    settings.CAPTCHA_AFTER_FAILURES = 2
    for _ in range(2):
        assert client.post("/file/telecom/", {**TELECOM, "action": "submit"}).context["captcha"] is None
    response = client.post("/file/telecom/", {**TELECOM, "action": "submit"})
    assert response.context["captcha"] is not None
    assert response.context["captcha"].errors["captcha"]
    assert 'name="captcha_0"' in response.content.decode()


@pytest.mark.django_db
def test_honeypot_field_stops_bots(client):
    response = client.post(
        "/file/telecom/", {**TELECOM, "website": "http://spam.example", "action": "submit"}
    )
    assert response.status_code == 403 and not Complaint.objects.exists()


@pytest.mark.django_db
def test_every_type_has_its_form(client):
    from complaints.choices import TYPE_REQUIRED_FIELDS

    for kind, fields in TYPE_REQUIRED_FIELDS.items():
        page = client.get(f"/file/{kind}/").content.decode()
        for field in fields:
            assert f'name="{field}"' in page
    assert client.get("/file/nonsense/").status_code == 404


@pytest.mark.django_db
def test_blank_form_kept_for_speed_never_shows_what_someone_typed(client, sms_outbox):
    """The empty form is built once per type and language; a form sent back with errors is
    built from what was typed, and the next visitor gets the empty one again."""
    client.get("/file/telecom/")
    typed = client.post("/file/telecom/", {**TELECOM, "observed": "", "action": "submit", "code": "000000"})
    assert 'value="2000123456"' in typed.content.decode()
    fresh = type(client)().get("/file/telecom/").content.decode()
    assert "2000123456" not in fresh and 'name="service_account"' in fresh
    english = type(client)().get("/en/file/telecom/").content.decode()
    assert '<html lang="en">' in english and "Send code" in english and "2000123456" not in english


@pytest.mark.django_db
def test_a_first_filing_leaves_no_session_behind(file_telecom, client):
    from django.contrib.sessions.models import Session

    response = file_telecom()
    assert response.status_code == 302
    assert not Session.objects.exists() and "sessionid" not in response.cookies


@pytest.mark.django_db
def test_a_wrong_code_saves_nothing_and_the_right_one_files_once(client, sms_outbox):
    client.post("/file/telecom/", {**TELECOM, "action": "send_code"})
    code = last_code(sms_outbox)
    wrong = client.post(
        "/file/telecom/", {**TELECOM, "code": "000000" if code != "000000" else "111111", "action": "submit"}
    )
    assert wrong.status_code == 400 and not Complaint.objects.exists()
    assert VerificationCode.objects.get().attempts == 1
    assert client.post("/file/telecom/", {**TELECOM, "code": code, "action": "submit"}).status_code == 302
    again = client.post("/file/telecom/", {**TELECOM, "code": code, "action": "submit"})
    assert again.status_code == 400 and Complaint.objects.count() == 1
