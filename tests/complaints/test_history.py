import pytest
from django_fsm_log.models import StateLog

from complaints.actors import ComplainantActor
from complaints.choices import ComplaintType
from complaints.services import complaint_transition


@pytest.mark.django_db
def test_every_transition_is_recorded_with_who_when_from_to_and_note(make_complaint, alice, bob, drive):
    complaint = make_complaint()
    complaint_transition(complaint=complaint, name="accept", actor=alice, note="材料齐全")
    complaint.assignee = bob
    complaint.save()
    complaint_transition(complaint=complaint, name="start", actor=bob)
    complaint_transition(
        complaint=complaint, name="withdraw", actor=ComplainantActor(complaint.pk), note="已自行解决"
    )
    rows = list(StateLog.objects.for_(complaint).order_by("timestamp", "pk"))
    assert [(r.transition, r.source_state, r.state, r.by, r.description) for r in rows] == [
        ("accept", "submitted", "accepted", alice, "材料齐全"),
        ("start", "accepted", "in_progress", bob, None),
        ("withdraw", "in_progress", "withdrawn", None, "已自行解决"),
    ]
    assert all(r.timestamp for r in rows)


@pytest.mark.django_db
def test_public_replies_and_reasons_become_messages(complaint_in):
    complaint = complaint_in("resolved", complaint_type=ComplaintType.TELECOM)
    kinds = list(complaint.messages.values_list("kind", "body"))
    assert ("reply", "企业同意退还多扣费用。") in kinds
    assert ("reply", "请补充扣费短信截图。") not in kinds
