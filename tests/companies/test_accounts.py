"""A company applies for an account with codes and its licence; staff approve or refuse it in
the admin; the approved contact chooses a password from the emailed link and signs in."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import translation

from companies.models import CompanyApplication, CompanyMember
from complaints import roles
from complaints.models import Company
from notifications import sms
from notifications.models import Notice
from notifications.services import notice_deliver
from tests.evidence.conftest import private_storage, stored_files  # noqa: F401 (a folder per test)
from tests.evidence.samples import archive, image, office, upload
from tests.portal.conftest import (  # noqa: F401 (codes delivered at once, as in the portal tests)
    _codes_delivered_when_written,
    last_code,
    last_email_code,
    sms_outbox,
)

# A working Monday afternoon in Shanghai, as a timestamp (the process time zone stays).
DAYTIME = dt.datetime(2026, 11, 30, 14, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))).timestamp()
APPLY, APPLY_CODE, LOGIN = "/en/company/apply/", "/en/company/apply/code/", "/en/company/login/"
CREDIT_CODE = "91440300708461136T"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PASSWORD = "Kestrel-harbour-42"
APPLICATION = {
    "name": "深圳市示例科技有限公司",
    "credit_code": CREDIT_CODE,
    "contact_name": "李四",
    "contact_mobile": "13912345678",
    "contact_email": "Li.Si@Example.com",
    "commitment": "on",
}


@pytest.fixture(autouse=True)
def _pinned_clock():
    with time_machine.travel(DAYTIME, tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _roles_granted(db):
    """The role groups with the company-account permissions, as ``sync_roles`` grants them."""
    roles.sync_roles(apps)


@pytest.fixture
def apply(client, mailoutbox):
    """Apply as a company would: ask for both codes, then send the form with the licence."""

    def send(licence=None, **changes):
        data = {name: value for name, value in {**APPLICATION, **changes}.items() if value is not None}
        client.post(APPLY_CODE, {**data, "channel": "sms"})
        client.post(APPLY_CODE, {**data, "channel": "email"})
        if "mobile_code" not in data:
            data["mobile_code"] = last_code(sms.outbox)
        if "email_code" not in data:
            data["email_code"] = last_email_code(mailoutbox, data["contact_email"].lower())
        return client.post(APPLY, {**data, "licence": licence or upload("营业执照.pdf", PDF)})

    return send


def admin_url(name, *args):
    with translation.override("en"):
        return reverse(f"admin:companies_companyapplication_{name}", args=args)


def staff_client(user):
    staff = Client()
    staff.force_login(user)
    return staff


def decide(user, application, **data):
    return staff_client(user).post(admin_url("decide", application.pk), data, follow=True)


def emailed(mailoutbox, event):
    """Deliver the latest notice of ``event`` as the worker would; the email it sent."""
    notice = Notice.objects.filter(event=event).latest("pk")
    assert notice_deliver(notice.pk) is None
    return [message for message in mailoutbox if notice.recipient in message.to][-1]


def password_link(message):
    return urlsplit(re.search(r"https?://\S+/company/password/\S+/", message.body).group()).path


def choose_password(client, link, password=PASSWORD):
    """Open the emailed link and set ``password``; the page the user lands on."""
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    data = {"new_password1": password, "new_password2": password}
    return client.post(form_page.redirect_chain[-1][0], data, follow=True)


def sign_in(client, email, password=PASSWORD):
    return client.post(LOGIN, {"username": email, "password": password})


@pytest.mark.django_db
def test_an_approved_company_gets_a_manager_who_chooses_a_password_and_signs_in(
    client, apply, carol, mailoutbox
):
    sent = apply()
    assert sent.status_code == 302 and sent["Location"] == "/en/company/apply/sent/"
    assert "Staff check the application" in client.get(sent["Location"]).content.decode()
    application = CompanyApplication.objects.get()
    assert (application.status, application.licence_type) == ("pending", "application/pdf")

    page = staff_client(carol).get(admin_url("change", application.pk)).content.decode()
    assert "营业执照.pdf" in page and 'value="approve"' in page
    approved = decide(carol, application, decision="approve")
    assert "was sent a link to choose a password" in approved.content.decode()

    company = Company.objects.get(credit_code=CREDIT_CODE)
    assert company.odr_enrolled and not company.needs_review
    assert (company.contact_email, str(company.contact_phone)) == ("li.si@example.com", "+8613912345678")
    manager = CompanyMember.objects.get(company=company)
    assert manager.is_manager and not manager.user.is_staff and not manager.user.has_usable_password()
    assert manager.user.username == manager.user.email == "li.si@example.com"

    message = emailed(mailoutbox, "company_approved")
    assert message.subject == f"Your company account for {company.name} is approved"
    link = password_link(message)
    assert link not in Notice.objects.get(event="company_approved").body  # kept out of the outbox
    landed = choose_password(client, link)
    assert "Your password is set" in landed.content.decode()
    signed_in = sign_in(client, "li.si@example.com")
    assert signed_in.status_code == 302 and signed_in["Location"] == "/en/company/"


@pytest.mark.django_db
def test_approval_enrols_the_company_already_known_by_its_name(apply, carol, company):
    company.needs_review = True
    company.save()
    apply(name=company.name.upper())
    decide(carol, CompanyApplication.objects.get(), decision="approve")
    company.refresh_from_db()
    assert company.odr_enrolled and company.credit_code == CREDIT_CODE and not company.needs_review
    assert Company.objects.count() == 1


@pytest.mark.django_db
def test_a_refusal_needs_a_reason_which_is_sent_to_the_company(apply, carol, mailoutbox):
    apply()
    application = CompanyApplication.objects.get()
    without = decide(carol, application, decision="refuse", reason="  ")
    assert "Give the reason for refusing" in without.content.decode()
    application.refresh_from_db()
    assert application.status == "pending" and not Notice.objects.filter(event="company_refused").exists()

    refused = decide(carol, application, decision="refuse", reason="The licence is not legible.")
    assert "is refused; the reason was sent to li.si@example.com" in refused.content.decode()
    application.refresh_from_db()
    assert (application.status, application.decided_by) == ("refused", carol)
    message = emailed(mailoutbox, "company_refused")
    assert "The licence is not legible." in message.body
    assert not Company.objects.filter(credit_code=CREDIT_CODE).exists()
    assert not CompanyMember.objects.exists()


@pytest.mark.django_db
def test_an_intake_officer_sees_the_application_and_its_licence_but_cannot_decide(apply, alice):
    apply()
    application = CompanyApplication.objects.get()
    staff = staff_client(alice)
    listed = staff.get(admin_url("changelist"))
    assert application.name in listed.content.decode()
    page = staff.get(admin_url("change", application.pk)).content.decode()
    assert 'value="approve"' not in page

    licence = staff.get(admin_url("licence", application.pk))
    assert b"".join(licence.streaming_content) == PDF
    assert licence["Content-Disposition"].startswith("attachment")
    assert licence["X-Content-Type-Options"] == "nosniff"
    assert licence["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "no-store" in licence["Cache-Control"]

    assert staff.post(admin_url("decide", application.pk), {"decision": "approve"}).status_code == 403
    application.refresh_from_db()
    assert application.status == "pending" and not CompanyMember.objects.exists()


@pytest.mark.django_db
def test_staff_without_the_view_permission_cannot_download_the_licence(apply, bob):
    apply()
    application = CompanyApplication.objects.get()
    assert staff_client(bob).get(admin_url("licence", application.pk)).status_code == 403


@pytest.mark.django_db
def test_the_applications_waiting_come_first(apply, carol):
    apply()
    later = CompanyApplication.objects.create(
        name="已拒绝的公司",
        credit_code="91110108551385082Q",
        contact_name="王五",
        contact_mobile="+8613912345670",
        contact_email="wang@example.com",
        licence="licences/refused.pdf",
        committed_at=dt.datetime(2026, 11, 30, 15, tzinfo=dt.UTC),
        submitted_at=dt.datetime(2026, 11, 30, 15, tzinfo=dt.UTC),
        status=CompanyApplication.Status.REFUSED,
    )
    rows = staff_client(carol).get(admin_url("changelist")).context["cl"].result_list
    assert [row.status for row in rows] == ["pending", "refused"] and rows[1] == later


@pytest.mark.django_db
def test_an_email_already_used_by_someone_cannot_become_the_manager(apply, carol, rival):
    apply(contact_email=rival.user.email)
    answer = decide(carol, CompanyApplication.objects.get(), decision="approve")
    assert "agent@rival.example already exists" in answer.content.decode()
    assert CompanyApplication.objects.get().status == "pending"
    assert not Company.objects.filter(credit_code=CREDIT_CODE).exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"credit_code": "91440300708461136X"}, "Enter a valid 18-character unified social credit code."),
        ({"contact_mobile": "10086", "mobile_code": "123456"}, "Enter a valid"),
        ({"mobile_code": "000000"}, "The code is wrong or has expired."),
        ({"email_code": ""}, "Enter the code. Press “Send code” to get one."),
        ({"commitment": None}, "only for companies that commit to answering in time"),
        ({"licence": upload("licence.docx", office("docx"))}, "must be a PDF file or an image"),
        ({"licence": upload("licence.zip", archive())}, "archives are not accepted"),
        ({"licence": upload("licence.pdf", b"")}, "The submitted file is empty."),
    ],
)
@pytest.mark.django_db
def test_bad_input_is_refused_on_the_form_and_nothing_is_kept(apply, changes, message, private_storage):  # noqa: F811
    answer = apply(**changes)
    page = answer.content.decode()
    assert answer.status_code == 400 and message in page
    assert APPLICATION["name"] in page  # what was typed stays
    assert not CompanyApplication.objects.exists() and not stored_files(private_storage)


@pytest.mark.django_db
def test_a_right_code_stays_usable_while_the_other_is_wrong(client, apply, mailoutbox):
    wrong = apply(email_code="000000")
    assert "The code is wrong or has expired." in wrong.content.decode()
    data = {
        **APPLICATION,
        "mobile_code": last_code(sms.outbox),
        "email_code": last_email_code(mailoutbox, "li.si@example.com"),
        "licence": upload("执照.jpg", image()),
    }
    assert client.post(APPLY, data).status_code == 302
    assert CompanyApplication.objects.get().licence_type == "image/jpeg"


@pytest.mark.django_db
def test_a_second_application_for_the_same_code_is_refused(apply, carol, _pinned_clock):
    apply()
    _pinned_clock.shift(dt.timedelta(minutes=2))  # new codes may be sent
    again = apply()
    assert again.status_code == 400
    assert "already waiting for a decision" in again.content.decode()
    decide(carol, CompanyApplication.objects.get(), decision="approve")
    _pinned_clock.shift(dt.timedelta(minutes=2))
    after_approval = apply(contact_email="other@example.com")
    assert "This company already has an account." in after_approval.content.decode()
    assert CompanyApplication.objects.count() == 1


@pytest.mark.django_db
def test_a_code_needs_a_valid_address_first(client):
    answer = client.post(APPLY_CODE, {**APPLICATION, "contact_mobile": "12345", "channel": "sms"})
    assert answer.status_code == 400 and "Enter a valid mobile number first." in answer.content.decode()
    assert not sms.outbox
    sent = client.post(APPLY_CODE, {**APPLICATION, "channel": "sms"})
    assert "A code was sent to 139****5678" in sent.content.decode()  # as every page masks a phone
    assert APPLICATION["name"] in sent.content.decode()


@pytest.mark.django_db
def test_codes_are_limited_per_address(client, settings):
    settings.PORTAL_RATE = "2/h"
    statuses = [
        client.post(
            APPLY_CODE, {**APPLICATION, "contact_mobile": f"1391234567{n}", "channel": "sms"}
        ).status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 400]


@pytest.mark.django_db
def test_the_hidden_field_turns_bots_away(apply):
    assert apply(website="http://spam.example").status_code == 403
    assert not CompanyApplication.objects.exists()
