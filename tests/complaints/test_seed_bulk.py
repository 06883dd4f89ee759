import pytest
from django.core.management import call_command
from django.db import connection
from django_fsm_log.models import StateLog

from complaints.models import Clock, ClockEvent, Complaint, ComplaintMessage
from evidence.models import Evidence


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="seed_bulk writes with PostgreSQL's COPY")
def test_seed_bulk_is_realistic_valid_and_repeatable(reference_data, capsys):
    call_command("seed_bulk", "--complaints", "400", "--companies", "50", "--handlers", "5", "--seed", "7")
    assert Complaint.objects.count() == 400
    statuses = set(Complaint.objects.values_list("status", flat=True))
    assert {"closed", "submitted", "in_progress", "rejected"} <= statuses
    assert StateLog.objects.count() > 400 and Evidence.objects.count() > 100
    resolved = Complaint.objects.filter(clocks__step="reply", clocks__taken_days__isnull=False)
    assert resolved.exists() and not resolved.exclude(messages__kind=ComplaintMessage.Kind.REPLY).exists()
    assert ComplaintMessage.objects.filter(kind=ComplaintMessage.Kind.INTERNAL).exists()
    for complaint in Complaint.objects.order_by("?")[:25]:
        complaint.full_clean()
        assert complaint.next_due is None or complaint.is_open
        live = complaint.clocks.filter(state__in=["running", "paused", "breached"], ended_at=None)
        assert complaint.next_due is None or complaint.next_due in {c.due for c in live}
    # What the old columns held became clocks: steps taken late are breaches, open ones warn.
    assert Clock.objects.filter(state="breached", ended_at__isnull=False).exists()
    assert ClockEvent.objects.filter(kind="used:50", fired_at=None).exists()
    numbers = list(Complaint.objects.order_by("pk").values_list("number", "status")[:50])
    Complaint.objects.all().delete()
    StateLog.objects.all().delete()
    call_command("seed_bulk", "--complaints", "400", "--companies", "50", "--handlers", "5", "--seed", "7")
    assert [s for _n, s in Complaint.objects.order_by("pk").values_list("number", "status")[:50]] == [
        s for _n, s in numbers
    ]
