"""Every transition from every state: the allowed ones change the status and write history;
the forbidden ones raise and change nothing."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django_fsm_log.models import StateLog

from complaints.actors import SYSTEM, ComplainantActor
from complaints.choices import RejectionReason, Status
from complaints.services import TransitionRefused, complaint_transition, transition_names
from tests.conftest import PARAMS, PATHS

CST = dt.timezone(dt.timedelta(hours=8))

ALLOWED = {
    "submitted": {"accept": "accepted", "reject": "rejected", "withdraw": "withdrawn"},
    "accepted": {"start": "in_progress", "withdraw": "withdrawn", "forward_to_company": "accepted"},
    "in_progress": {
        "request_information": "awaiting_complainant",
        "resolve": "resolved",
        "withdraw": "withdrawn",
        "forward_to_company": "in_progress",
    },
    "awaiting_complainant": {
        "resume": "in_progress",
        "withdraw": "withdrawn",
        "forward_to_company": "awaiting_complainant",
    },
    "resolved": {"close_satisfied": "closed", "appeal": "appealed", "record_notice": "resolved"},
    "appealed": {"start_rereview": "under_rereview", "withdraw": "withdrawn"},
    "under_rereview": {"decide_appeal": "resolved", "withdraw": "withdrawn"},
    "rejected": {},
    "closed": {"record_notice": "closed"},
    "withdrawn": {},
}
ALL = sorted(transition_names())
CASES = [(state, name) for state in PATHS for name in ALL]


def test_the_table_covers_every_state_and_transition():
    assert set(ALLOWED) == set(Status.values)
    # Taken only once their time has come: after the appeal window, after forwarding (the
    # company's answers), once the company proposed a settlement, after its promised date.
    later = {"close_unappealed", "record_company_answer", "accept_proposal", "reject_proposal"}
    later |= {"company_reply", "company_ask", "company_propose", "company_decline", "confirm_performance"}
    assert {n for moves in ALLOWED.values() for n in moves} | later == set(ALL)


def _actor(name, complaint, carol):
    return ComplainantActor(complaint.pk) if name in ("appeal", "close_satisfied") else carol


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "name"), CASES)
def test_transition(state, name, complaint_in, carol, bob):
    complaint = complaint_in(state, assignee=bob)
    history_before = StateLog.objects.count()
    version_before = complaint.version
    target = ALLOWED[state].get(name)
    if target:
        complaint_transition(
            complaint=complaint,
            name=name,
            actor=_actor(name, complaint, carol),
            note="checked",
            **PARAMS.get(name, {}),
        )
        complaint.refresh_from_db()
        assert complaint.status == target
        log = StateLog.objects.order_by("-pk").first()
        assert (log.source_state, log.state, log.transition) == (state, target, name)
        assert StateLog.objects.count() == history_before + 1
    else:
        with pytest.raises(TransitionRefused):
            complaint_transition(
                complaint=complaint, name=name, actor=_actor(name, complaint, carol), **PARAMS.get(name, {})
            )
        complaint.refresh_from_db()
        assert complaint.status == state
        assert complaint.version == version_before
        assert StateLog.objects.count() == history_before


@pytest.mark.django_db
def test_status_cannot_be_written_by_hand(make_complaint):
    complaint = make_complaint()
    with pytest.raises(AttributeError):
        complaint.status = Status.CLOSED


@pytest.mark.django_db
def test_start_needs_an_assignee(complaint_in, carol):
    complaint = complaint_in("accepted")
    with pytest.raises(TransitionRefused):
        complaint_transition(complaint=complaint, name="start", actor=carol)
    assert complaint.status == Status.ACCEPTED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "name", "params", "field"),
    [
        ("submitted", "reject", {"reason": RejectionReason.OTHER, "details": " "}, "details"),
        ("submitted", "reject", {"reason": "bored"}, "reason"),
        ("in_progress", "resolve", {"outcome": "mediated", "reply": ""}, "reply"),
        ("in_progress", "resolve", {"outcome": "", "reply": "done"}, "outcome"),
        ("in_progress", "request_information", {"message": ""}, "message"),
        ("resolved", "appeal", {"reason": ""}, "reason"),
    ],
)
def test_required_notes_are_enforced(state, name, params, field, complaint_in, carol):
    complaint = complaint_in(state)
    history_before = StateLog.objects.count()
    messages_before = complaint.messages.count()
    with pytest.raises(ValidationError) as error:
        complaint_transition(complaint=complaint, name=name, actor=carol, **params)
    assert field in error.value.message_dict
    complaint.refresh_from_db()
    assert complaint.status == state
    assert StateLog.objects.count() == history_before
    assert complaint.messages.count() == messages_before


@pytest.mark.django_db
def test_appeal_only_inside_the_window_and_only_once(complaint_in, drive):
    complaint = complaint_in("resolved")
    assert complaint.appeal_deadline is not None
    after_window = dt.datetime.combine(complaint.appeal_deadline + dt.timedelta(days=1), dt.time(10), CST)
    with time_machine.travel(after_window, tick=False), pytest.raises(TransitionRefused):
        drive(complaint, "appeal")
    drive(complaint, "appeal", "start_rereview", "decide_appeal")
    assert complaint.status == Status.RESOLVED
    with pytest.raises(TransitionRefused):
        drive(complaint, "appeal")


@pytest.mark.django_db
def test_resolved_complaint_closes_when_the_window_passes(complaint_in):
    complaint = complaint_in("resolved")
    with pytest.raises(TransitionRefused):
        complaint_transition(complaint=complaint, name="close_unappealed", actor=SYSTEM)
    later = dt.datetime.combine(complaint.appeal_deadline + dt.timedelta(days=1), dt.time(10), CST)
    with time_machine.travel(later, tick=False):
        complaint_transition(complaint=complaint, name="close_unappealed", actor=SYSTEM)
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    log = StateLog.objects.order_by("-pk").first()
    assert log.by is None and log.transition == "close_unappealed"


@pytest.mark.django_db
def test_unknown_transition_name_is_refused(make_complaint, carol):
    complaint = make_complaint()
    with pytest.raises(TransitionRefused):
        complaint_transition(complaint=complaint, name="save", actor=carol)
