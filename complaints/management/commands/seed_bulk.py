"""Fill PostgreSQL with a large, realistic set of complaints for benchmarks (COPY, minutes)."""

import bisect
import datetime as dt
import importlib
import json
import random
import types
from zoneinfo import ZoneInfo

from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from complaints.choices import TYPE_REQUIRED_FIELDS, Channel, ComplaintType, Outcome, RejectionReason, Status
from complaints.models import Company, Complaint, DailySequence
from workcalendar.services import WorkCalendar

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Share of complaints in each state, roughly as a platform two years old would hold them.
STATES = [
    (Status.CLOSED, 45),
    (Status.REJECTED, 8),
    (Status.WITHDRAWN, 5),
    (Status.RESOLVED, 9),
    (Status.IN_PROGRESS, 12),
    (Status.ACCEPTED, 5),
    (Status.SUBMITTED, 9),
    (Status.AWAITING_COMPLAINANT, 3),
    (Status.APPEALED, 2),
    (Status.UNDER_REREVIEW, 2),
]
FINISHED = [(Status.CLOSED, 80), (Status.REJECTED, 11), (Status.WITHDRAWN, 7), (Status.RESOLVED, 2)]
TYPES = [
    (ComplaintType.TELECOM, 24),
    (ComplaintType.ONLINE_SERVICE, 30),
    (ComplaintType.CUSTOMER_SERVICE, 10),
    (ComplaintType.INFORMATION_ERROR, 8),
    (ComplaintType.MALFUNCTION, 8),
    (ComplaintType.PHONE_ROBOT, 7),
    (ComplaintType.PRIVACY_LEAK, 5),
    (ComplaintType.FALSE_ADVERTISING, 5),
    (ComplaintType.OTHER, 3),
]
CHANNELS = [
    (Channel.WEB, 70),
    (Channel.HOTLINE, 15),
    (Channel.SOCIAL_MEDIA, 5),
    (Channel.THIRD_PARTY, 6),
    (Channel.LETTER_VISIT, 2),
    (Channel.API, 2),
]
ACCEPTED = {
    Status.ACCEPTED,
    Status.IN_PROGRESS,
    Status.AWAITING_COMPLAINANT,
    Status.RESOLVED,
    Status.APPEALED,
    Status.UNDER_REREVIEW,
    Status.CLOSED,
}
RESOLVED = {Status.RESOLVED, Status.APPEALED, Status.UNDER_REREVIEW, Status.CLOSED}
PATH = {
    Status.SUBMITTED: [],
    Status.REJECTED: [("reject", Status.SUBMITTED, Status.REJECTED)],
    Status.WITHDRAWN: [("withdraw", Status.SUBMITTED, Status.WITHDRAWN)],
    Status.ACCEPTED: [("accept", Status.SUBMITTED, Status.ACCEPTED)],
}
PATH[Status.IN_PROGRESS] = [*PATH[Status.ACCEPTED], ("start", Status.ACCEPTED, Status.IN_PROGRESS)]
PATH[Status.AWAITING_COMPLAINANT] = [
    *PATH[Status.IN_PROGRESS],
    ("request_information", Status.IN_PROGRESS, Status.AWAITING_COMPLAINANT),
]
PATH[Status.RESOLVED] = [*PATH[Status.IN_PROGRESS], ("resolve", Status.IN_PROGRESS, Status.RESOLVED)]
PATH[Status.CLOSED] = [*PATH[Status.RESOLVED], ("close_satisfied", Status.RESOLVED, Status.CLOSED)]
PATH[Status.APPEALED] = [*PATH[Status.RESOLVED], ("appeal", Status.RESOLVED, Status.APPEALED)]
PATH[Status.UNDER_REREVIEW] = [
    *PATH[Status.APPEALED],
    ("start_rereview", Status.APPEALED, Status.UNDER_REREVIEW),
]

COLUMNS = [
    "id",
    "number",
    "access_token",
    "status",
    "version",
    "complaint_type",
    "channel",
    "company_id",
    "source_ref",
    "complainant_name",
    "complainant_phone",
    "complainant_email",
    "complainant_id_number",
    "contact_preference",
    "share_identity",
    "language",
    "occurred_at",
    "location_system",
    "location_function",
    "observed",
    "expected",
    "consequence",
    "demands",
    "demand_other",
    "service_phone",
    "service_account",
    "order_number",
    "caller_number",
    "product_name",
    "leaked_data",
    "service_channel",
    "advert_location",
    "assignee_id",
    "rejection_reason",
    "rejection_details",
    "outcome",
    "satisfaction",
    "appeal_reason",
    "appeal_count",
    "submitted_at",
    "accepted_at",
    "resolved_at",
    "appealed_at",
    "closed_at",
    "acceptance_due",
    "reply_due",
    "mediation_due",
    "review_due",
    "appeal_deadline",
    "next_due",
    "calendar_missing",
    "decided_on",
    "replied_on",
    "appeal_decided_on",
    "handling_working_days",
]
# Columns complaints had before their clocks: the rows are written with them, as a database
# of that time held them, and the clock migrations (0014, 0019) turn them into clocks.
LEGACY = {
    "acceptance_due": "date",
    "reply_due": "date",
    "mediation_due": "date",
    "review_due": "date",
    "appeal_deadline": "date",
    "decided_on": "date",
    "replied_on": "date",
    "appeal_decided_on": "date",
    "handling_working_days": "smallint",
    "due_soon_notified_for": "date",
    "overdue_notified_for": "date",
}
TYPE_FIELDS = COLUMNS[COLUMNS.index("service_phone") : COLUMNS.index("advert_location") + 1]
LOG_COLUMNS = [
    "timestamp",
    "source_state",
    "state",
    "transition",
    "content_type_id",
    "object_id",
    "description",
    "by_id",
]
EVIDENCE_COLUMNS = [
    "complaint_id",
    "file",
    "original_name",
    "kind",
    "mime_type",
    "size",
    "sha256",
    "description",
    "uploaded_at",
]
MESSAGE_COLUMNS = ["complaint_id", "kind", "body", "author_id", "created_at"]
# What staff wrote at each step the complainant sees, and the notes they keep to themselves.
STEP_MESSAGES = {
    "reject": ("reply", "您反映的问题不属于本平台受理范围，建议向有关主管部门反映。"),
    "request_information": ("reply", "请补充扣费短信截图和账单明细，以便我们与企业核实。"),
    "resolve": ("reply", "经与企业核实，企业同意退还多收费用，款项将在七个工作日内原路退回。"),
    "appeal": ("complainant", "不满意处理结果：退款金额少于实际多扣费用。"),
}
INTERNAL_NOTE = "已电话联系企业客服负责人，对方承诺三日内回复。"
COMPLAINANT_NOTE = "补充说明：企业客服曾口头承诺退款，但至今未到账。"
BATCH = 50_000
FILLERS = {
    "service_phone": "+8613800138000",
    "service_account": "2000123456",
    "order_number": "202501010001",
    "caller_number": "95018",
    "product_name": "光猫",
    "leaked_data": "手机号",
    "service_channel": "客服热线",
    "advert_location": "商品详情页",
    "location_system": "App",
    "expected": "应正常显示。",
}


def weighted(rng, table):
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights)[0]


class WorkingDays:
    """Working-day arithmetic over a fixed span, precomputed for speed (the same calendar as
    WorkCalendar, looked up by index instead of day by day)."""

    def __init__(self, first, last):
        calendar = WorkCalendar()
        self.days, day = [], first
        while day <= last:
            if calendar.is_working_day(day):
                self.days.append(day)
            day += dt.timedelta(days=1)

    def add(self, start, count):
        return self.days[bisect.bisect_right(self.days, start) + count - 1]

    def between(self, start, end):
        return bisect.bisect_right(self.days, end) - bisect.bisect_right(self.days, start)


class Command(BaseCommand):
    help = "Fill the database with N realistic complaints, with history and evidence rows (PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--complaints", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--companies", type=int, default=2000)
        parser.add_argument("--handlers", type=int, default=60)

    def handle(self, *args, complaints, seed, companies, handlers, **options):
        if connection.vendor != "postgresql":
            raise CommandError("seed_bulk writes with COPY and needs PostgreSQL (set DATABASE_URL).")
        rng = random.Random(seed)  # noqa: S311 (repeatable benchmark data, not secrets)
        today = timezone.localdate()
        self.span = WorkingDays(today - dt.timedelta(days=760), today + dt.timedelta(days=400))
        with transaction.atomic():
            self._legacy_columns("ADD COLUMN {} {}")
            company_ids = self._companies(companies)
            handler_ids = self._handlers(handlers)
            first_id = (Complaint.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
            sequences, totals = {}, [0, 0, 0]
            for start in range(0, complaints, BATCH):  # in batches: memory stays flat
                rows, logs, evidence, messages = [], [], [], []
                for offset in range(start, min(start + BATCH, complaints)):
                    row, path = self._complaint(
                        rng, first_id + offset, today, company_ids, handler_ids, sequences
                    )
                    rows.append(row)
                    logs.extend(path)
                    evidence.extend(self._evidence(rng, row))
                    messages.extend(self._messages(rng, row, path))
                self._copy("complaints_complaint", COLUMNS, rows)
                self._copy("django_fsm_log_statelog", LOG_COLUMNS, logs)
                self._copy("evidence_evidence", EVIDENCE_COLUMNS, evidence)
                self._copy("complaints_complaintmessage", MESSAGE_COLUMNS, messages)
                totals[0] += len(logs)
                totals[1] += len(evidence)
                totals[2] += len(messages)
            for day, last in sequences.items():
                DailySequence.objects.update_or_create(day=day, defaults={"last": last})
            # Clocks from the due dates written, as the migrations give existing complaints.
            editor = types.SimpleNamespace(connection=connection)
            backfill = importlib.import_module("complaints.migrations.0014_clocks_for_existing_complaints")
            backfill.create_clocks(django_apps, editor, first_id)
            history = importlib.import_module("complaints.migrations.0019_clock_events_for_existing_clocks")
            history.clock_history(_apps_before(history), editor, first_id)
            self._legacy_columns("DROP COLUMN {}")
            importlib.import_module("complaints.migrations.0022_breach_type_and_company").fill(
                django_apps, editor, first_id
            )
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence('complaints_complaint', 'id'), "
                    "(SELECT MAX(id) FROM complaints_complaint))"
                )
        with connection.cursor() as cursor:  # statistics and the visibility map for index-only scans
            for table in (
                "complaints_complaint",
                "complaints_clock",
                "django_fsm_log_statelog",
                "evidence_evidence",
                "complaints_complaintmessage",
            ):
                cursor.execute(f"VACUUM ANALYZE {table}")
        self.stdout.write(
            f"{complaints} complaints, {totals[0]} history rows, {totals[1]} evidence rows, "
            f"{totals[2]} messages"
        )

    @staticmethod
    def _legacy_columns(template):
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # checks the rows written before
            for name, kind in LEGACY.items():
                cursor.execute(f"ALTER TABLE complaints_complaint {template.format(name, kind)}")

    def _companies(self, count):
        existing = Company.objects.count()
        Company.objects.bulk_create(
            [Company(name=f"演示企业{n:05d}有限公司") for n in range(existing, max(existing, count))],
            batch_size=1000,
        )
        return list(Company.objects.order_by("pk").values_list("pk", flat=True)[:count])

    def _handlers(self, count):
        users = get_user_model()
        for n in range(count):
            users.objects.get_or_create(username=f"handler{n:03d}", defaults={"is_staff": True})
        return list(users.objects.filter(username__startswith="handler").values_list("pk", flat=True))

    def _complaint(self, rng, pk, today, company_ids, handler_ids, sequences):
        age = int(rng.triangular(0, 730, 0))
        # Complaints older than two months have run their course; the open ones are recent.
        status = weighted(rng, STATES if age < 60 else FINISHED)
        kind = weighted(rng, TYPES)
        submitted = timezone.make_aware(
            dt.datetime.combine(today - dt.timedelta(days=age), dt.time(8))
            + dt.timedelta(minutes=rng.randrange(14 * 60)),
            SHANGHAI,
        )
        day = submitted.date()
        sequences[day] = sequences.get(day, 0) + 1
        # Companies follow a long tail: a few generate most complaints.
        company = company_ids[min(int(rng.paretovariate(1.2)) - 1, len(company_ids) - 1)]
        accepted = decided = replied = appealed_on = None
        acceptance_due = self.span.add(day, 5 if kind == ComplaintType.TELECOM else 7)
        if status in ACCEPTED or status in (Status.REJECTED, Status.WITHDRAWN):
            decided = self.span.add(day, rng.randint(1, 9))
        if status in ACCEPTED:
            accepted = dt.datetime.combine(decided, dt.time(10), SHANGHAI)
        reply_due = self.span.add(decided, 15) if accepted else None
        mediation_due = self.span.add(decided, 45) if accepted else None
        if status in RESOLVED:
            replied = self.span.add(decided, rng.randint(3, 20))
        appeal = status in (Status.APPEALED, Status.UNDER_REREVIEW)
        if appeal:
            appealed_on = self.span.add(replied, rng.randint(1, 8))
        review_due = self.span.add(appealed_on, 15) if appealed_on else None
        appeal_deadline = replied + dt.timedelta(days=15) if replied else None
        next_due = {
            Status.SUBMITTED: acceptance_due,
            Status.ACCEPTED: reply_due,
            Status.IN_PROGRESS: reply_due,
            Status.APPEALED: review_due,
            Status.UNDER_REREVIEW: review_due,
        }.get(status)
        at = lambda d: dt.datetime.combine(d, dt.time(15), SHANGHAI) if d else None  # noqa: E731
        closed = at(replied + dt.timedelta(days=rng.randint(1, 15))) if status == Status.CLOSED else None
        if status in (Status.REJECTED, Status.WITHDRAWN):
            closed = at(decided)
        handled = self.span.between(day, replied) if replied else None
        required = TYPE_REQUIRED_FIELDS[kind]
        row = [
            pk,
            f"TS-{day:%Y%m%d}-{sequences[day]:06d}",
            f"{rng.getrandbits(256):064x}",
            status,
            0,
            kind,
            weighted(rng, CHANNELS),
            company,
            "",
            f"用户{pk}",
            f"+86139{rng.randrange(10**8):08d}",
            "",
            "",
            "sms",
            rng.random() < 0.4,
            "zh-hans",
            submitted - dt.timedelta(days=rng.randint(0, 20)),
            FILLERS["location_system"] if "location_system" in required else "",
            "",
            "账单金额与套餐不符，多次联系客服未解决。",
            FILLERS["expected"] if "expected" in required else "",
            "",
            json.dumps(["refund"]),
            "",
            *[FILLERS[f] if f in required else "" for f in TYPE_FIELDS],
            rng.choice(handler_ids) if accepted and status != Status.ACCEPTED else None,
            RejectionReason.OUT_OF_SCOPE if status == Status.REJECTED else "",
            "",
            weighted(rng, [(o, 1) for o in Outcome]) if replied else "",
            ("satisfied" if rng.random() < 0.8 else "unsatisfied")
            if status == Status.CLOSED
            else ("unsatisfied" if appeal else ""),
            "不满意处理结果" if appeal else "",
            1 if appeal else 0,
            submitted,
            accepted,
            at(replied),
            at(appealed_on),
            closed,
            acceptance_due,
            reply_due,
            mediation_due,
            review_due,
            appeal_deadline,
            next_due,
            "",
            decided,
            replied,
            None,
            handled,
        ]
        when = {
            "accept": accepted,
            "reject": at(decided),
            "withdraw": at(decided),
            "start": accepted,
            "request_information": at(self.span.add(decided, 2)) if decided else None,
            "resolve": at(replied),
            "close_satisfied": closed,
            "appeal": at(appealed_on),
            "start_rereview": at(appealed_on),
        }
        complaint_type = self._content_type()
        logs = [
            [when[name] or submitted, source, target, name, complaint_type, pk, "", None]
            for name, source, target in PATH[status]
        ]
        return row, logs

    def _evidence(self, rng, row):
        pk, submitted = row[0], row[COLUMNS.index("submitted_at")]
        count = rng.choices([0, 1, 2, 3], [25, 40, 25, 10])[0]
        return [
            [
                pk,
                f"evidence/{pk}/{rng.getrandbits(64):016x}.jpg",
                f"截图{n + 1}.jpg",
                "image",
                "image/jpeg",
                rng.randint(40_000, 3_000_000),
                f"{rng.getrandbits(256):064x}",
                "",
                submitted,
            ]
            for n in range(count)
        ]

    def _messages(self, rng, row, path):
        """What was written at the steps that carry a message, some internal notes, some
        complainant material; never later than now."""
        pk, handler = row[0], row[COLUMNS.index("assignee_id")]
        now = timezone.now()
        messages = []
        for at, _source, _target, transition, *_rest in path:
            if transition in STEP_MESSAGES:
                kind, text = STEP_MESSAGES[transition]
                messages.append([pk, kind, text, handler if kind == "reply" else None, min(at, now)])
        accepted = row[COLUMNS.index("accepted_at")]
        if accepted and rng.random() < 0.3:
            messages.append(
                [pk, "internal", INTERNAL_NOTE, handler, min(accepted + dt.timedelta(hours=2), now)]
            )
        if rng.random() < 0.1:
            submitted = row[COLUMNS.index("submitted_at")]
            messages.append(
                [pk, "complainant", COMPLAINANT_NOTE, None, min(submitted + dt.timedelta(hours=5), now)]
            )
        return messages

    def _content_type(self):
        if not hasattr(self, "_ct"):
            self._ct = ContentType.objects.get_for_model(Complaint).pk
        return self._ct

    def _copy(self, table, columns, rows):
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(
                f"COPY {table} ({', '.join(columns)}) FROM STDIN"  # noqa: S608 (fixed names)
            ) as copy,
        ):
            for row in rows:
                copy.write_row(row)


def _apps_before(migration):
    """The models as they were just before ``migration`` (with the complaint's old columns)."""
    from django.db.migrations.loader import MigrationLoader

    node = ("complaints", migration.__name__.rsplit(".", 1)[-1])
    return MigrationLoader(connection).project_state(node, at_end=False).apps
