"""A database filled before clocks existed, migrated to the latest schema: every due date it
held is kept on a clock, the step dates become what each step took, late steps become breaches,
and nobody is told again of what the old columns say was already told."""

import datetime as dt
import secrets

import pytest
import time_machine
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from complaints.deadlines import breach_report, deadlines_sweep
from complaints.models import Clock, ClockEvent, Complaint
from notifications.models import Notice

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
D = dt.date
BEFORE_CLOCKS = [("complaints", "0013_clocks")]


def at(day, hour=10):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _old_complaint(apps, company, number, **fields):
    Complaint = apps.get_model("complaints", "Complaint")
    values = {
        "number": number,
        "access_token": secrets.token_urlsafe(32),
        "complaint_type": "other",
        "company": company,
        "complainant_name": "张三",
        "complainant_phone": "+8613912345678",
        "occurred_at": at(D(2026, 10, 30)),
        "observed": "套餐被擅自变更。",
        "demands": ["refund"],
        "submitted_at": at(D(2026, 11, 2)),
        "acceptance_due": D(2026, 11, 11),
    }
    return Complaint.objects.create(**{**values, **fields})


@pytest.mark.django_db(transaction=True)
def test_a_database_filled_before_clocks_keeps_its_due_dates_and_history(settings, reference_data, carol):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    # A database whose cache table is not there yet (``createcachetable`` runs after migrate).
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "no_cache_table_yet",
        },
    }
    carol.email = "carol@example.com"
    carol.save()
    try:
        with time_machine.travel(at(D(2026, 11, 20)), tick=False):
            old = _migrate(BEFORE_CLOCKS)
            company = old.get_model("complaints", "Company").objects.create(name="甲通信公司")
            _old_complaint(old, company, "T-1", status="submitted")  # waiting; decision due 11 Nov: late
            _old_complaint(  # late in October, and the old sweep told the supervisors then
                old,
                company,
                "T-2",
                status="submitted",
                submitted_at=at(D(2026, 10, 9)),
                acceptance_due=D(2026, 10, 20),
                next_due=D(2026, 10, 20),
                overdue_notified_for=D(2026, 10, 20),
                assignee_id=carol.pk,
            )
            _old_complaint(
                old,
                company,
                "T-3",  # accepted late (12 Nov), answered on 18 Nov: 8 working days from filing
                status="resolved",
                accepted_at=at(D(2026, 11, 12)),
                resolved_at=at(D(2026, 11, 18)),
                decided_on=D(2026, 11, 12),
                replied_on=D(2026, 11, 18),
                handling_working_days=12,
                reply_due=D(2026, 12, 3),
                mediation_due=D(2027, 1, 27),
                appeal_deadline=D(2026, 12, 3),
            )
            _old_complaint(
                old,
                company,
                "T-4",  # in progress, accepted on time, reply due 1 Dec
                status="in_progress",
                accepted_at=at(D(2026, 11, 9)),
                decided_on=D(2026, 11, 9),
                reply_due=D(2026, 12, 1),
                mediation_due=D(2027, 1, 25),
                next_due=D(2026, 12, 1),
            )
            _migrate(_latest())
        by_number = {c.number: c for c in Complaint.objects.all()}
        due = {n: {k.step: k.due for k in c.clocks.all()} for n, c in by_number.items()}
        assert due["T-3"] == {
            "acceptance": D(2026, 11, 11),
            "reply": D(2026, 12, 3),
            "mediation": D(2027, 1, 27),
            "appeal_window": D(2026, 12, 3),
        }
        assert due["T-4"] == {
            "acceptance": D(2026, 11, 11),
            "reply": D(2026, 12, 1),
            "mediation": D(2027, 1, 25),
        }
        resolved = {k.step: k for k in by_number["T-3"].clocks.all()}
        # Filing to acceptance: 2 Nov to 12 Nov is 8 working days; the stored 12 to the first
        # result leaves 4 for the reply (12 to 18 Nov is 4 working days).
        assert (resolved["acceptance"].taken_days, resolved["reply"].taken_days) == (8, 4)
        assert (resolved["acceptance"].state, resolved["reply"].state) == ("breached", "met")
        assert by_number["T-1"].clocks.get().state == "breached"
        # Warnings of a running clock whose day passed count as sent; the later ones wait.
        reply = by_number["T-4"].clocks.get(step="reply")
        sent = dict(reply.events.values_list("kind", "fired_at"))
        assert sent["used:50"] is not None and sent["breach"] is None
        assert reply.events.filter(fired_at=None).exists()
        with time_machine.travel(at(D(2026, 11, 20), 11), tick=False):
            deadlines_sweep()
        # T-1 was never reported late: now it is, once; T-2 was reported before the migration.
        escalation = Notice.objects.get(event="escalation")
        assert "T-1" in escalation.body and "T-2" not in escalation.body
        # T-1 waiting and T-3 decided late in November; T-2's breach stays in October, with
        # the handler it had.
        assert breach_report(D(2026, 11, 1), D(2026, 11, 30))["total"] == 2
        october = breach_report(D(2026, 10, 1), D(2026, 10, 31))
        assert [(r["handler__username"], r["n"]) for r in october["by_handler"]] == [("carol", 1)]
    finally:
        _migrate(_latest())


@pytest.mark.django_db
def test_clocks_hold_every_due_date_column_the_complaint_had():
    gone = {
        "acceptance_due",
        "reply_due",
        "mediation_due",
        "review_due",
        "appeal_deadline",
        "decided_on",
        "replied_on",
        "appeal_decided_on",
        "handling_working_days",
        "due_soon_notified_for",
        "overdue_notified_for",
    }
    columns = {f.column for f in Complaint._meta.concrete_fields}
    assert not gone & columns and "next_due" in columns
    assert {"taken_days", "breached_at", "due", "state"} <= {f.name for f in Clock._meta.fields}
    assert ClockEvent._meta.get_field("told")
