import datetime as dt

import pytest
import time_machine

from complaints.choices import ComplaintType
from complaints.models import DeadlineRule

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def recount_here(monkeypatch, django_capture_on_commit_callbacks):
    """Calendar changes enqueue the recount after commit; here the committed callbacks run and
    the task runs in this process (tests/complaints/test_clocks.py runs it in a real worker)."""
    from complaints.tasks import recalculate_clocks

    monkeypatch.setattr(recalculate_clocks, "delay", lambda **kw: recalculate_clocks.apply(kwargs=kw))
    # The change's transaction is the test's: the recount is asked for as it would be after commit.
    return django_capture_on_commit_callbacks


@pytest.fixture
def reply_clock(make_complaint, drive, bob):
    """A reply clock running from 2 Nov 2026 (due 23 Nov), on which up to 10 days may be granted."""
    DeadlineRule.objects.filter(kind="reply", complaint_type="").update(max_extension_days=10)
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, tzinfo=SHANGHAI), tick=False):
        filed = dt.datetime(2026, 11, 1, 10, tzinfo=SHANGHAI)
        complaint = make_complaint(complaint_type=ComplaintType.OTHER, occurred_at=filed)
        complaint.assignee = bob
        complaint.save()
        drive(complaint, "accept", "start")
    assert complaint.due.get("reply") == dt.date(2026, 11, 23)  # 15 working days
    return complaint.clocks.get(step="reply")
