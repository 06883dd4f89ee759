"""Two people acting on one complaint at once: one wins, the other is told to reload."""

import pytest
from django.db import transaction

from complaints.choices import Status
from complaints.models import Complaint
from complaints.services import ComplaintChanged, complaint_transition


@pytest.mark.django_db
def test_second_transition_on_a_stale_copy_is_refused(make_complaint, alice, carol):
    complaint = make_complaint()
    seen_by_alice = Complaint.objects.get(pk=complaint.pk)
    seen_by_carol = Complaint.objects.get(pk=complaint.pk)
    complaint_transition(complaint=seen_by_carol, name="accept", actor=carol)
    with pytest.raises(ComplaintChanged):
        complaint_transition(complaint=seen_by_alice, name="reject", actor=alice, reason="duplicate")
    stored = Complaint.objects.get(pk=complaint.pk)
    assert stored.status == Status.ACCEPTED
    assert stored.rejection_reason == ""
    assert not stored.messages.exists()


@pytest.mark.django_db
def test_stale_version_is_refused_even_for_a_fresh_copy(make_complaint, alice, carol):
    complaint = make_complaint()
    version_alice_saw = complaint.version
    complaint.complainant_name = "李四"
    complaint.save()
    fresh = Complaint.objects.get(pk=complaint.pk)
    with pytest.raises(ComplaintChanged):
        complaint_transition(complaint=fresh, name="accept", actor=alice, version=version_alice_saw)
    assert Complaint.objects.get(pk=complaint.pk).status == Status.SUBMITTED


@pytest.mark.django_db
def test_plain_saves_do_not_overwrite_each_other(make_complaint, bob, carol):
    from django_fsm import ConcurrentTransition

    complaint = make_complaint()
    first = Complaint.objects.get(pk=complaint.pk)
    second = Complaint.objects.get(pk=complaint.pk)
    first.assignee = bob
    first.save()
    second.assignee = carol
    with pytest.raises(ConcurrentTransition), transaction.atomic():
        second.save()
    assert Complaint.objects.get(pk=complaint.pk).assignee == bob
