"""Which events write which notices (the rows; delivery is tested with the real worker)."""

import pytest
from django.urls import reverse

from notifications.models import Notice


@pytest.mark.django_db
def test_complainant_is_told_of_each_step(complaint_in, drive):
    complaint = complaint_in("submitted", contact_preference="sms")
    drive(
        complaint, "accept", "start", "request_information", "resume", "resolve", "appeal", "start_rereview"
    )
    drive(complaint, "decide_appeal")
    events = list(Notice.objects.filter(complaint=complaint).order_by("pk").values_list("event", flat=True))
    assert events == [
        "receipt",
        "accepted",
        "information_requested",
        "resolved",
        "appeal_received",
        "appeal_decided",
    ]
    sms = Notice.objects.get(event="accepted")
    assert sms.channel == "sms" and complaint.due.get("reply").isoformat() in sms.body
    # What the text was made of, for an SMS gateway's template.
    assert sms.params == {"number": complaint.number, "reply_due": complaint.due.get("reply").isoformat()}


@pytest.mark.django_db
def test_assignment_tells_the_handler(client, make_complaint, alice, bob):
    bob.email = "bob@example.com"
    bob.save()
    complaint = make_complaint()
    client.force_login(alice)
    client.post(
        reverse("admin:complaints_complaint_changelist"),
        {"action": "assign_selected", "assignee": bob.pk, "_selected_action": [complaint.pk]},
    )
    notice = Notice.objects.get(event="assigned")
    assert notice.recipient == "bob@example.com" and complaint.number in notice.subject
    assert f"/admin/complaints/complaint/{complaint.pk}/change/" in notice.body


@pytest.mark.django_db
def test_failed_notices_are_visible_and_retried_from_the_admin(client, make_complaint, carol):
    complaint = make_complaint()
    notice = Notice.objects.get(complaint=complaint)
    Notice.objects.filter(pk=notice.pk).update(
        status="failed", attempts=5, last_error="SMTPRecipientsRefused: 550"
    )
    client.force_login(carol)
    page = client.get(reverse("admin:notifications_notice_changelist") + "?status__exact=failed")
    assert "SMTPRecipientsRefused: 550" in page.content.decode()
    client.post(
        reverse("admin:notifications_notice_changelist"), {"action": "retry", "_selected_action": [notice.pk]}
    )
    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == ("pending", 0)
