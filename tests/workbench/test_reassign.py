"""A handler away: everything open of theirs goes to one person, or is spread so that each
taker ends with as even a load as can be; closed complaints stay where they were."""

import pytest
from django.urls import reverse

from complaints.models import Complaint


@pytest.fixture
def bobs(complaint_in, bob, alice):
    mine = [complaint_in("in_progress", assignee=bob) for _ in range(5)]
    closed = complaint_in("closed", assignee=bob)
    for _ in range(2):
        complaint_in("in_progress", assignee=alice)
    return mine, closed


def loads(*users):
    return [Complaint.objects.open().filter(assignee=user).count() for user in users]


@pytest.mark.django_db
def test_spread_evenly_over_several_and_closed_ones_stay(client, bobs, bob, alice, carol):
    _mine, closed = bobs
    client.force_login(carol)
    page = reverse("admin:complaints_complaint_reassign")
    answer = client.post(page, {"handler": bob.pk, "to": [alice.pk, carol.pk]}, follow=True)
    assert answer.status_code == 200
    assert loads(bob, alice, carol) == [0, 4, 3]
    assert Complaint.objects.get(pk=closed.pk).assignee == bob
    assert "5" in str(list(answer.context["messages"])[0])


@pytest.mark.django_db
def test_all_to_one_person(client, bobs, bob, alice, carol):
    client.force_login(carol)
    client.post(reverse("admin:complaints_complaint_reassign"), {"handler": bob.pk, "to": [alice.pk]})
    assert loads(bob, alice) == [0, 7]


@pytest.mark.django_db
def test_only_those_who_assign_may_and_bad_choices_are_explained(client, bobs, bob, alice, carol):
    client.force_login(bob)
    assert client.get(reverse("admin:complaints_complaint_reassign")).status_code == 403
    client.force_login(carol)
    refused = client.post(reverse("admin:complaints_complaint_reassign"), {"handler": bob.pk, "to": [bob.pk]})
    assert refused.status_code == 200 and refused.context["form"].errors["to"]
    empty = client.post(reverse("admin:complaints_complaint_reassign"), {"handler": bob.pk})
    assert empty.status_code == 200 and empty.context["form"].errors["to"]
    assert loads(bob) == [5]
