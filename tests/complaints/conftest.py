import pytest


@pytest.fixture
def recount_here(monkeypatch, django_capture_on_commit_callbacks):
    """Calendar changes enqueue the recount after commit; here the committed callbacks run and
    the task runs in this process (tests/complaints/test_clocks.py runs it in a real worker)."""
    from complaints.tasks import recalculate_clocks

    monkeypatch.setattr(recalculate_clocks, "delay", lambda **kw: recalculate_clocks.apply(kwargs=kw))
    # The change's transaction is the test's: the recount is asked for as it would be after commit.
    return django_capture_on_commit_callbacks
