"""Every text the complainant can see sends them a notice, whichever way staff wrote it."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from complaints import actors
from complaints.models import Complaint, ComplaintMessage
from complaints.services import complaint_transition, complaints_close_expired_appeals
from notifications.models import Notice


def told(complaint, event):
    return sorted(Notice.objects.filter(complaint=complaint, event=event).values_list("channel", flat=True))


@pytest.mark.django_db
def test_a_reply_written_on_the_case_page_tells_the_complainant(client, complaint_in, bob):
    complaint = complaint_in(
        "in_progress", assignee=bob, complainant_email="zhang@example.com", contact_preference="email"
    )
    client.force_login(bob)
    write = reverse("admin:complaints_complaint_write", args=[complaint.pk])
    client.post(write, {"kind": "reply", "body": "已联系企业。", "version": complaint.version})
    assert told(complaint, "staff_replied") == ["email"]
    notice = Notice.objects.get(complaint=complaint, event="staff_replied", channel="email")
    assert "已联系企业。" in notice.body
    complaint.refresh_from_db()
    client.post(write, {"kind": "internal", "body": "内部备注", "version": complaint.version})
    assert len(told(complaint, "staff_replied")) == 1  # an internal note tells nobody


@pytest.mark.django_db
def test_a_reply_added_through_the_message_inline_tells_the_complainant_too(client, make_complaint, alice):
    from tests.complaints.test_admin import _change_form_data

    complaint = make_complaint()
    client.force_login(alice)
    facts = reverse("admin:complaints_complaint_facts", args=[complaint.pk])
    data = _change_form_data(client.get(facts))
    data.update(
        {"messages-TOTAL_FORMS": "1", "messages-0-kind": "reply", "messages-0-body": "已电话联系企业。"}
    )
    assert client.post(facts, data).status_code == 302
    assert told(complaint, "staff_replied") == ["sms"]
    assert complaint.messages.get().kind == ComplaintMessage.Kind.REPLY


@pytest.mark.django_db
def test_a_withdrawal_or_satisfaction_recorded_by_staff_tells_the_complainant(complaint_in, carol, bob):
    withdrawn = complaint_in("in_progress", assignee=bob)
    complaint_transition(complaint=withdrawn, name="withdraw", actor=carol, reason="电话撤回")
    assert told(withdrawn, "withdrawal_recorded") == ["sms"]
    resolved = complaint_in("resolved", assignee=bob)
    complaint_transition(complaint=resolved, name="close_satisfied", actor=carol)
    assert told(resolved, "satisfaction_recorded") == ["sms"]


@pytest.mark.django_db
def test_the_complainant_withdrawing_on_the_portal_is_not_told_again(complaint_in):
    complaint = complaint_in("submitted")
    complaint_transition(complaint=complaint, name="withdraw", actor=actors.ComplainantActor(complaint.pk))
    assert told(complaint, "withdrawal_recorded") == []


@pytest.mark.django_db
def test_closing_after_the_appeal_window_tells_the_complainant(complaint_in, bob):
    complaint = complaint_in("resolved", assignee=bob)
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=60), tick=False):
        assert complaints_close_expired_appeals() == 1
    assert Complaint.objects.get(pk=complaint.pk).status == "closed"
    assert told(complaint, "closed_unappealed") == ["sms"]
