"""What each role may do, and that the complainant acts only on their own complaint."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from complaints import roles
from complaints.actors import SYSTEM, ComplainantActor
from complaints.services import complaint_transition
from tests.conftest import PARAMS

# (state, transition) -> roles allowed to take it
RULES = [
    ("submitted", "accept", {"alice", "carol"}),
    ("submitted", "reject", {"alice", "carol"}),
    ("accepted", "start", {"bob", "carol"}),
    ("in_progress", "request_information", {"bob", "carol"}),
    ("awaiting_complainant", "resume", {"bob", "carol"}),
    ("in_progress", "resolve", {"bob", "carol"}),
    ("appealed", "start_rereview", {"carol"}),
    ("under_rereview", "decide_appeal", {"carol"}),
    ("submitted", "withdraw", {"alice", "bob", "carol"}),
    ("resolved", "appeal", {"alice", "bob", "carol"}),
    ("resolved", "close_satisfied", {"alice", "bob", "carol"}),
]
PEOPLE = ["alice", "bob", "carol", "dave"]


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "name", "allowed"), RULES)
@pytest.mark.parametrize("who", PEOPLE)
def test_role_permissions(state, name, allowed, who, request, complaint_in, bob):
    user = request.getfixturevalue(who)
    complaint = complaint_in(state, assignee=bob)
    names = {t.name for t in complaint.get_available_user_status_transitions(user)}
    if who in allowed:
        assert name in names
        complaint_transition(complaint=complaint, name=name, actor=user, **PARAMS.get(name, {}))
        assert complaint.status != state
    else:
        assert name not in names
        with pytest.raises(PermissionDenied):
            complaint_transition(complaint=complaint, name=name, actor=user, **PARAMS.get(name, {}))
        complaint.refresh_from_db()
        assert complaint.status == state


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "name", "allowed"),
    [
        ("submitted", "withdraw", True),
        ("resolved", "appeal", True),
        ("resolved", "close_satisfied", True),
        ("awaiting_complainant", "resume", True),
        ("submitted", "accept", False),
        ("in_progress", "resolve", False),
        ("under_rereview", "decide_appeal", False),
    ],
)
def test_complainant_permissions(state, name, allowed, complaint_in):
    complaint = complaint_in(state)
    own, other = ComplainantActor(complaint.pk), ComplainantActor(complaint.pk + 1000)
    with pytest.raises(PermissionDenied):
        complaint_transition(complaint=complaint, name=name, actor=other, **PARAMS.get(name, {}))
    if allowed:
        complaint_transition(complaint=complaint, name=name, actor=own, **PARAMS.get(name, {}))
        assert complaint.status != state
    else:
        with pytest.raises(PermissionDenied):
            complaint_transition(complaint=complaint, name=name, actor=own, **PARAMS.get(name, {}))


@pytest.mark.django_db
def test_scheduler_may_only_close_after_the_window(complaint_in):
    complaint = complaint_in("submitted")
    with pytest.raises(PermissionDenied):
        complaint_transition(complaint=complaint, name="accept", actor=SYSTEM)


@pytest.fixture
def erin(db):
    """A case handler, colleague of bob."""
    user = get_user_model().objects.create_user(username="erin", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.CASE_HANDLER))
    return user


HANDLING = [
    ("accepted", "start"),
    ("in_progress", "request_information"),
    ("awaiting_complainant", "resume"),
    ("in_progress", "resolve"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "name"), HANDLING)
def test_a_handler_cannot_work_a_colleagues_complaint(state, name, complaint_in, bob, erin, client):
    complaint = complaint_in(state, assignee=bob)
    assert name not in {t.name for t in complaint.get_available_user_status_transitions(erin)}
    with pytest.raises(PermissionDenied):
        complaint_transition(complaint=complaint, name=name, actor=erin, **PARAMS.get(name, {}))
    client.force_login(erin)
    page = client.get(reverse("admin:complaints_complaint_change", args=[complaint.pk])).content.decode()
    assert f'value="{name}"' not in page
    complaint.refresh_from_db()
    assert complaint.status == state


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "name"), HANDLING)
@pytest.mark.parametrize("who", ["bob", "carol"])  # the assignee, a supervisor
def test_the_assignee_or_a_supervisor_works_it(state, name, who, request, complaint_in, bob):
    user = request.getfixturevalue(who)
    complaint = complaint_in(state, assignee=bob)
    complaint_transition(complaint=complaint, name=name, actor=user, **PARAMS.get(name, {}))
    assert complaint.status != state
