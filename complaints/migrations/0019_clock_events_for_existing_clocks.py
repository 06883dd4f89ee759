"""What the complaint's columns knew, moved onto the clocks: the warnings each rule asks for
(and the notice step of Art. 21), the working days each ended step took, which steps ended
late (breached, with a breach event for the report), and the warnings of running clocks
(those whose day has passed count as sent: nobody is told twice)."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations
from django.utils import timezone

from complaints import roles

NOTICE_BASIS = "市场监督管理投诉举报处理暂行办法 第二十一条：终止调解之日起7个工作日内告知投诉人和被投诉人"
OWED = "('acceptance', 'reply', 'mediation', 'review', 'notice')"


def _sql(vendor):
    """Vendor expressions: the local date of a timestamp column, a day after a date column as
    the local midnight timestamp, and the day after a date column."""
    offset = int(dt.datetime.now(ZoneInfo(settings.TIME_ZONE)).utcoffset().total_seconds() // 60)
    if vendor == "postgresql":
        zone = settings.TIME_ZONE.replace("'", "")
        return {
            "local": lambda col: f"CAST({col} AT TIME ZONE '{zone}' AS date)",
            "midnight_after": lambda col: f"(CAST({col} + 1 AS timestamp) AT TIME ZONE '{zone}')",
            "day_after": lambda col: f"({col} + 1)",
        }
    return {
        "local": lambda col: f"date({col}, '{offset:+d} minutes')",
        "midnight_after": lambda col: f"datetime({col}, '+1 day', '{-offset:+d} minutes')",
        "day_after": lambda col: f"date({col}, '+1 day')",
    }


def rules(apps):
    DeadlineRule = apps.get_model("complaints", "DeadlineRule")
    DeadlineRule.objects.filter(kind="appeal_window").update(warn_at_percent="", warn_days_before=0)
    staff_steps = ["acceptance", "reply", "mediation", "review"]
    DeadlineRule.objects.filter(kind__in=staff_steps).update(escalate_after_days=3)
    DeadlineRule.objects.get_or_create(
        kind="notice",
        complaint_type="",
        defaults={"days": 7, "unit": "working", "legal_basis": NOTICE_BASIS, "escalate_after_days": 3},
    )


def clock_history(apps, schema_editor, first_id=0):
    """Also used by ``seed_bulk`` for the complaints it writes (ids from ``first_id``)."""
    connection = schema_editor.connection
    table = {
        name: apps.get_model("complaints", name)._meta.db_table
        for name in ("Clock", "ClockEvent", "Complaint", "DeadlineRule")
    }
    clock, event, complaint, rule = (
        table["Clock"],
        table["ClockEvent"],
        table["Complaint"],
        table["DeadlineRule"],
    )
    x = _sql(connection.vendor)
    mine = f"complaint_id >= {int(first_id)}"
    late = f"{x['local']('k.ended_at')} > k.due"
    with connection.cursor() as cursor:
        # The rule's warnings, for the clocks still open (ended ones never warn).
        cursor.execute(
            f"""UPDATE {clock} AS k SET warn_at_percent = r.warn_at_percent,
                warn_days_before = r.warn_days_before, escalate_after_days = r.escalate_after_days
            FROM {rule} r WHERE r.id = k.rule_id AND k.ended_at IS NULL AND k.{mine}"""  # noqa: S608
        )
        _working_day_numbers(apps, cursor)
        # What each step took, and whether it was taken late (a breach).
        cursor.execute(
            f"""UPDATE {clock} AS k SET taken_days = e.n - s.n,
                state = CASE WHEN k.step IN {OWED} AND {late} THEN 'breached' ELSE k.state END,
                breached_at = CASE WHEN k.step IN {OWED} AND {late}
                    THEN {x["midnight_after"]("k.due")} END
            FROM clock_history_days e, clock_history_days s
            WHERE e.day = {x["local"]("k.ended_at")} AND s.day = {x["local"]("k.started_at")}
                AND k.state = 'met' AND k.{mine}"""  # noqa: S608
        )
        cursor.execute("DROP TABLE clock_history_days")
        # The stored working days to the first result: the reply took them less the acceptance's.
        cursor.execute(
            f"""UPDATE {clock} AS k SET taken_days = c.handling_working_days - a.taken_days
            FROM {complaint} c, {clock} a
            WHERE c.id = k.complaint_id AND a.complaint_id = c.id AND a.step = 'acceptance'
                AND a.taken_days IS NOT NULL AND c.handling_working_days >= a.taken_days
                AND k.step IN ('reply', 'mediation') AND k.taken_days IS NOT NULL AND k.{mine}"""  # noqa: S608
        )
        # Steps still waiting past their due date.
        cursor.execute(
            f"""UPDATE {clock} AS k SET state = 'breached', breached_at = {x["midnight_after"]("k.due")}
            WHERE k.step IN {OWED} AND k.state = 'running' AND k.ended_at IS NULL AND k.due < %s
                AND k.{mine}""",  # noqa: S608
            [timezone.localdate()],
        )
        # Breaches of steps already taken, for the report (nobody is told now).
        cursor.execute(
            f"""INSERT INTO {event} (clock_id, kind, due_on, fired_at, told, handler_id)
            SELECT k.id, 'breach', {x["day_after"]("k.due")}, k.breached_at, '[]', c.assignee_id
            FROM {clock} k, {complaint} c WHERE k.complaint_id = c.id AND k.state = 'breached'
            AND k.ended_at IS NOT NULL AND k.{mine}"""  # noqa: S608
        )
    _plan_open_clocks(apps, first_id)


def _working_day_numbers(apps, cursor):
    """A temporary table: each day from the first clock's start to the last end, with the
    number of working days from the first up to and including it (the official calendar)."""
    from workcalendar.services import WorkCalendar

    Clock = apps.get_model("complaints", "Clock")
    first = Clock.objects.order_by("started_at").values_list("started_at", flat=True).first()
    last = (
        Clock.objects.exclude(ended_at=None).order_by("-ended_at").values_list("ended_at", flat=True).first()
    )
    cursor.execute("CREATE TEMPORARY TABLE clock_history_days (day date PRIMARY KEY, n integer)")
    if first is None or last is None:
        return
    calendar, day, end, n, rows = (
        WorkCalendar(shared=False),
        timezone.localdate(first) - dt.timedelta(days=1),
        timezone.localdate(last) + dt.timedelta(days=1),
        0,
        [],
    )
    while day <= end:
        n += calendar.is_working_day(day)
        rows.append((day, n))
        day += dt.timedelta(days=1)
    cursor.executemany("INSERT INTO clock_history_days (day, n) VALUES (%s, %s)", rows)


def _plan_open_clocks(apps, first_id):
    """The warnings, breach and second level of every clock still running or paused, planned
    as the clock itself plans them; those whose day has passed count as sent, except a breach
    nobody was told of yet."""
    from complaints.models import Clock as CurrentClock
    from workcalendar.services import WorkCalendar

    Clock = apps.get_model("complaints", "Clock")
    ClockEvent = apps.get_model("complaints", "ClockEvent")
    current = {f.attname for f in CurrentClock._meta.concrete_fields}
    fields = [f.attname for f in Clock._meta.concrete_fields if f.attname in current and f.attname != "moves"]
    calendar, today, now = WorkCalendar(shared=False), timezone.localdate(), timezone.now()
    # {(complaint, due date told of): assignee}: breaches the old sweep reported.
    told_of_breach = {
        (pk, day): assignee
        for pk, day, assignee in apps.get_model("complaints", "Complaint")
        .objects.filter(pk__gte=first_id, overdue_notified_for__isnull=False)
        .exclude(next_due=None)
        .values_list("pk", "overdue_notified_for", "assignee_id")
    }
    open_clocks = Clock.objects.filter(
        complaint_id__gte=first_id, ended_at=None, state__in=["running", "paused", "breached"]
    )
    batch = []
    for values in open_clocks.order_by("pk").values_list(*fields).iterator(chunk_size=2000):
        clock = CurrentClock(**dict(zip(fields, values, strict=True)))
        for planned in clock.plan_events(calendar, None):
            sent = planned.due_on <= today and (
                planned.kind != "breach" or (clock.complaint_id, clock.due) in told_of_breach
            )
            event = ClockEvent(clock_id=clock.pk, kind=planned.kind, due_on=planned.due_on, told=[])
            if sent and planned.kind == "breach":  # reported then: the breach's own date and handler
                event.fired_at = clock.breached_at or now
                event.handler_id = told_of_breach[(clock.complaint_id, clock.due)]
            elif sent:
                event.fired_at = now
            batch.append(event)
        if len(batch) >= 5000:
            ClockEvent.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    ClockEvent.objects.bulk_create(batch, ignore_conflicts=True)


def forwards(apps, schema_editor):
    roles.grant(apps, "complaints", {roles.SUPERVISOR: ["view_clockevent"]})
    roles.sync_roles(apps)  # the directors, told at the second level
    rules(apps)
    clock_history(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("complaints", "0018_clock_events")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
