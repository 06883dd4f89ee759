"""What the complainant can do from the tracking page."""

import pytest
from django.utils import timezone

from complaints.choices import Status
from complaints.models import Complaint
from tests.evidence.samples import image, upload
from tests.portal.conftest import last_email_code


def url(complaint, action=""):
    return f"/track/{complaint.access_token}/{action + '/' if action else ''}"


@pytest.mark.django_db
def test_add_material_while_open_and_resume_when_asked(client, complaint_in):
    complaint = complaint_in("awaiting_complainant")
    response = client.post(
        url(complaint, "material"),
        {"text": "补充：扣费短信截图", "files": [upload("短信.png", image("PNG"))]},
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS
    assert complaint.evidence.get().original_name == "短信.png"
    assert complaint.messages.filter(kind="complainant", body="补充：扣费短信截图").exists()


@pytest.mark.django_db
def test_no_material_after_closing(client, complaint_in):
    complaint = complaint_in("closed")
    client.post(url(complaint, "material"), {"text": "还有问题"})
    assert not complaint.messages.filter(body="还有问题").exists()


@pytest.mark.django_db
def test_edit_before_acceptance_shows_changes_then_saves(client, make_complaint):
    complaint = make_complaint()
    page = client.get(url(complaint, "edit"))
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["occurred_at"] = timezone.localtime(complaint.occurred_at).strftime("%Y-%m-%dT%H:%M")
    data["service_account"] = "9999"
    data["version"] = complaint.version
    confirm = client.post(url(complaint, "edit"), data)
    assert confirm.status_code == 200
    assert [c[1:] for c in confirm.context["changes"]] == [("2000123456", "9999")]
    complaint.refresh_from_db()
    assert complaint.service_account == "2000123456"  # nothing saved before confirmation
    client.post(url(complaint, "edit"), {**data, "confirm": "yes"})
    complaint.refresh_from_db()
    assert complaint.service_account == "9999"
    assert complaint.messages.filter(kind="complainant", body__contains="9999").exists()


@pytest.mark.django_db
def test_no_edit_after_acceptance(client, complaint_in):
    complaint = complaint_in("accepted")
    response = client.post(url(complaint, "edit"), {"service_account": "9999", "version": complaint.version})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.service_account == "2000123456"


@pytest.mark.django_db
def test_withdraw_needs_confirmation(client, make_complaint):
    complaint = make_complaint()
    client.post(url(complaint, "withdraw"), {"version": complaint.version})
    assert Complaint.objects.get(pk=complaint.pk).status == Status.SUBMITTED
    client.post(
        url(complaint, "withdraw"), {"version": complaint.version, "confirm": "on", "reason": "已解决"}
    )
    assert Complaint.objects.get(pk=complaint.pk).status == Status.WITHDRAWN


@pytest.mark.django_db
def test_rate_satisfied_closes(client, complaint_in):
    complaint = complaint_in("resolved")
    client.post(url(complaint, "rate"), {"version": complaint.version, "verdict": "satisfied"})
    complaint.refresh_from_db()
    assert (complaint.status, complaint.satisfaction) == (Status.CLOSED, "satisfied")


@pytest.mark.django_db
def test_appeal_needs_a_reason_then_shows_routes_once_decided(client, complaint_in, drive):
    complaint = complaint_in("resolved")
    response = client.post(url(complaint, "rate"), {"version": complaint.version, "verdict": "unsatisfied"})
    assert response.status_code == 400 and response.context["form"].errors["comment"]
    client.post(
        url(complaint, "rate"), {"version": complaint.version, "verdict": "unsatisfied", "comment": "未赔偿"}
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.APPEALED
    assert "12315" not in client.get(url(complaint)).content.decode().split("<footer")[0]
    drive(complaint, "start_rereview", "decide_appeal")
    page = client.get(url(complaint)).content.decode().split("<footer")[0]
    assert "12315" in page and "12377" in page


@pytest.mark.django_db
def test_stale_page_cannot_act(client, make_complaint, alice):
    from complaints.services import complaint_transition

    complaint = make_complaint()
    seen = complaint.version
    complaint_transition(complaint=complaint, name="accept", actor=alice)
    client.post(url(complaint, "withdraw"), {"version": seen, "confirm": "on"})
    assert Complaint.objects.get(pk=complaint.pk).status == Status.ACCEPTED


@pytest.mark.django_db
def test_complainant_changes_how_they_are_contacted(client, make_complaint, mailoutbox):
    complaint = make_complaint(contact_preference="sms", complainant_email="")
    response = client.post(
        url(complaint, "contact"), {"contact_preference": "email", "complainant_email": ""}
    )
    assert response.status_code == 400 and response.context["form"].errors["complainant_email"]
    data = {"contact_preference": "both", "complainant_email": "z@example.com"}
    client.post(url(complaint, "contact"), data)  # a code goes to the new address first
    client.post(
        url(complaint, "contact"), {**data, "contact_code": last_email_code(mailoutbox, "z@example.com")}
    )
    complaint.refresh_from_db()
    assert (complaint.contact_preference, complaint.complainant_email) == ("both", "z@example.com")
