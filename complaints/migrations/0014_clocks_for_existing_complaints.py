"""A clock for every step each complaint already went through or is in, with the due date it
had (nothing moves) and the rule in force now as its snapshot. One statement per step, so it
runs in minutes at a million complaints."""

from django.db import migrations

# The (latest) appeal window was ended by the appeal, not by closing or withdrawing.
ENDED_BY_APPEAL = (
    "(c.status IN ('appealed', 'under_rereview') "
    "OR (c.status = 'withdrawn' AND c.appealed_at IS NOT NULL AND c.appeal_decided_on IS NULL))"
)
# step, the complaint's column with its due date, the column with the event it counts from,
# the state (a SQL expression over the complaint ``c``), when it ended. ``{first_result}`` is
# the day of the first result (an appeal's decision overwrites ``resolved_at``), as a timestamp.
STEPS = [
    (
        "acceptance",
        "acceptance_due",
        "submitted_at",
        "CASE WHEN c.status = 'submitted' THEN 'running' "
        "WHEN c.status = 'withdrawn' AND c.accepted_at IS NULL THEN 'cancelled' ELSE 'met' END",
        "CASE WHEN c.status = 'submitted' THEN NULL ELSE COALESCE(c.accepted_at, c.closed_at) END",
    ),
    *[
        (
            step,
            column,
            "accepted_at",
            "CASE WHEN c.status IN ('accepted', 'in_progress') THEN 'running' "
            "WHEN c.status = 'awaiting_complainant' THEN 'paused' "
            "WHEN c.status = 'withdrawn' AND c.replied_on IS NULL THEN 'cancelled' ELSE 'met' END",
            "CASE WHEN c.status IN ('accepted', 'in_progress', 'awaiting_complainant') THEN NULL "
            "WHEN c.appeal_count = 0 THEN COALESCE(c.resolved_at, c.closed_at) "
            "ELSE COALESCE({first_result}, c.resolved_at) END",
        )
        for step, column in [("reply", "reply_due"), ("mediation", "mediation_due")]
    ],
    (
        "review",
        "review_due",
        "appealed_at",
        "CASE WHEN c.status IN ('appealed', 'under_rereview') THEN 'running' "
        "WHEN c.status = 'withdrawn' AND c.appeal_decided_on IS NULL THEN 'cancelled' ELSE 'met' END",
        "CASE WHEN c.status IN ('appealed', 'under_rereview') THEN NULL "
        "WHEN c.status = 'withdrawn' AND c.appeal_decided_on IS NULL THEN c.closed_at "
        "ELSE c.resolved_at END",
    ),
    (
        "appeal_window",
        "appeal_deadline",
        "resolved_at",
        f"CASE WHEN c.status = 'resolved' THEN 'running' WHEN {ENDED_BY_APPEAL} "
        "OR (c.status = 'closed' AND c.satisfaction <> 'satisfied') THEN 'met' ELSE 'cancelled' END",
        f"CASE WHEN c.status = 'resolved' THEN NULL WHEN {ENDED_BY_APPEAL} THEN c.appealed_at "
        "ELSE c.closed_at END",
    ),
]
LIVE = "('running', 'paused')"
# A date as a timestamp at midnight UTC (its local date in Shanghai is the same day).
DAY_AS_TIMESTAMP = {
    "postgresql": "CAST(c.replied_on AS timestamp) AT TIME ZONE 'UTC'",
    "sqlite": "(c.replied_on || ' 00:00:00')",
}


def create_clocks(apps, schema_editor, first_id=0):
    """Also used by ``seed_bulk`` for the complaints it writes (ids from ``first_id``)."""
    complaint = apps.get_model("complaints", "Complaint")._meta.db_table
    clock = apps.get_model("complaints", "Clock")._meta.db_table
    rule = apps.get_model("complaints", "DeadlineRule")._meta.db_table
    pause = apps.get_model("complaints", "ComplaintPause")._meta.db_table
    with schema_editor.connection.cursor() as cursor:
        first_result = DAY_AS_TIMESTAMP[schema_editor.connection.vendor]
        for step, due, start, state, ended in STEPS:
            ended = ended.format(first_result=first_result)
            # Only the models' own table and column names are put into the statement.
            cursor.execute(
                f"""
                INSERT INTO {clock} (complaint_id, step, rule_id, days, unit, legal_basis, started_at,
                    due, provisional_years, paused_days, paused_since, state, ended_at, ended_by, moves)
                SELECT c.id, %s, COALESCE(own.id, general.id), COALESCE(own.days, general.days, 0),
                    COALESCE(own.unit, general.unit, 'working'),
                    COALESCE(own.legal_basis, general.legal_basis, ''), c.{start}, c.{due},
                    CASE WHEN {state} IN {LIVE} THEN c.calendar_missing ELSE '' END, 0,
                    CASE WHEN c.status = 'awaiting_complainant' THEN (SELECT MAX(p.started_on)
                        FROM {pause} p WHERE p.complaint_id = c.id AND p.ended_on IS NULL) END,
                    {state}, {ended}, '', '[]'
                FROM {complaint} c
                LEFT JOIN {rule} own ON own.kind = %s AND own.complaint_type = c.complaint_type
                LEFT JOIN {rule} general ON general.kind = %s AND general.complaint_type = ''
                WHERE c.{due} IS NOT NULL AND c.{start} IS NOT NULL AND c.id >= %s
                """,  # noqa: S608
                [step, step, step, first_id],
            )


class Migration(migrations.Migration):
    dependencies = [("complaints", "0013_clocks")]

    operations = [migrations.RunPython(create_clocks, migrations.RunPython.noop)]
