"""Extensions (延期): the handler asks for more time with a reason, a supervisor decides, the
rule caps it; every step is on the clock's record and in the complaint's notes."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from complaints.choices import ComplaintType
from complaints.extensions import extension_decide, extension_request
from complaints.models import ClockExtension, ComplaintMessage

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
D = dt.date


def at(day, hour=10):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI)


def notes(complaint):
    return list(complaint.messages.filter(kind=ComplaintMessage.Kind.INTERNAL).values_list("body", flat=True))


@pytest.mark.django_db
def test_an_approved_extension_moves_the_due_date_and_is_recorded(reply_clock, bob, carol):
    extension = extension_request(clock=reply_clock, days=5, reason="需调取企业通话录音。", by=bob)
    reply_clock.refresh_from_db()
    assert reply_clock.due == D(2026, 11, 23)  # nothing moves before a supervisor decides
    extension_decide(extension=extension, approve=True, by=carol, note="同意。")
    reply_clock.refresh_from_db()
    complaint = reply_clock.complaint
    complaint.refresh_from_db()
    assert (reply_clock.extended_days, reply_clock.due) == (5, D(2026, 11, 30))
    assert complaint.due.get("reply") == complaint.next_due == D(2026, 11, 30)
    assert reply_clock.moves[-1]["why"] == "extension"
    assert len(notes(complaint)) == 2 and "需调取企业通话录音" in notes(complaint)[0]


@pytest.mark.django_db
def test_a_refused_extension_moves_nothing(reply_clock, bob, carol):
    extension = extension_request(clock=reply_clock, days=5, reason="需要更多时间。", by=bob)
    extension_decide(extension=extension, approve=False, by=carol)
    reply_clock.refresh_from_db()
    assert (reply_clock.extended_days, reply_clock.due) == (0, D(2026, 11, 23))
    assert ClockExtension.objects.get().decision == "refused"
    with pytest.raises(ValidationError):
        extension_decide(extension=extension, approve=True, by=carol)  # decided once


@pytest.mark.django_db
def test_the_rule_caps_the_extension_and_only_the_handler_or_a_supervisor_asks(
    reply_clock, bob, carol, alice
):
    with pytest.raises(ValidationError):
        extension_request(clock=reply_clock, days=11, reason="太多了。", by=bob)
    with pytest.raises(PermissionDenied):
        extension_request(clock=reply_clock, days=2, reason="不是我的案件。", by=alice)
    first = extension_request(clock=reply_clock, days=8, reason="第一次。", by=bob)
    with pytest.raises(ValidationError):
        extension_request(clock=reply_clock, days=1, reason="还在等。", by=bob)  # one waits already
    with pytest.raises(PermissionDenied):
        extension_decide(extension=first, approve=True, by=bob)  # a handler does not decide
    extension_decide(extension=first, approve=True, by=carol)
    with pytest.raises(ValidationError):
        extension_request(clock=reply_clock, days=3, reason="再延。", by=bob)  # 8 + 3 > 10


@pytest.mark.django_db
def test_a_rule_without_extensions_allows_none(make_complaint, drive, carol):
    complaint = drive(make_complaint(complaint_type=ComplaintType.OTHER), "accept")
    with pytest.raises(ValidationError):
        extension_request(clock=complaint.clocks.get(step="reply"), days=1, reason="无。", by=carol)


@pytest.mark.django_db
def test_asking_and_deciding_in_the_admin(client, reply_clock, bob, carol):
    client.force_login(bob)
    page = client.get(f"/en/admin/complaints/complaint/{reply_clock.complaint_id}/change/").content.decode()
    assert f"/en/admin/complaints/clockextension/add/?clock={reply_clock.pk}" in page
    response = client.post(
        "/en/admin/complaints/clockextension/add/",
        {"clock": reply_clock.pk, "days": "20", "reason": "x"},
    )
    assert response.status_code == 200 and "allows 10 more days" in response.content.decode()
    response = client.post(
        "/en/admin/complaints/clockextension/add/",
        {"clock": reply_clock.pk, "days": "5", "reason": "需调取录音。"},
    )
    assert response.status_code == 302
    extension = ClockExtension.objects.get()
    client.force_login(carol)
    response = client.post(
        "/en/admin/complaints/clockextension/",
        {"action": "approve", "_selected_action": [extension.pk]},
    )
    assert response.status_code == 302
    reply_clock.refresh_from_db()
    assert reply_clock.due == D(2026, 11, 30)


@pytest.mark.django_db
def test_a_supervisor_does_not_approve_their_own_request(reply_clock, carol):
    from django.contrib.auth.models import Group

    from complaints import roles
    from tests.conftest import _staff

    extension = extension_request(clock=reply_clock, days=2, reason="主管自己申请。", by=carol)
    with pytest.raises(PermissionDenied):
        extension_decide(extension=extension, approve=True, by=carol)
    other = _staff("dora", roles.SUPERVISOR)
    assert Group.objects.get(name=roles.SUPERVISOR) in other.groups.all()
    extension_decide(extension=extension, approve=True, by=other)
    reply_clock.refresh_from_db()
    assert reply_clock.extended_days == 2
