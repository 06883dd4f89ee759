"""What the case view shows: the header (clocks with their colours, the actions this user may
take now) and one timeline of everything that happened to the complaint, in time order."""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_fsm_log.models import StateLog

from complaints.choices import Status
from complaints.models import Clock, Complaint, ComplaintMessage, Urgency
from evidence.models import Evidence
from notifications.admin import masked_recipient
from notifications.events import event_label
from notifications.models import Notice
from workcalendar.services import WorkCalendar


@dataclass
class Entry:
    at: datetime
    kind: str  # filing, message, internal, change, edit, notice, evidence, proposal
    title: str
    by: str = ""
    body: str = ""
    details: list = field(default_factory=list)
    evidence: Evidence | None = None


def clocks(complaint, today=None):
    """[(clock, urgency, working days in words)] for the steps still owed, most urgent first."""
    calendar = WorkCalendar()
    owed = sorted(
        (c for c in complaint.clocks.all() if c.ended_at is None and c.state in Clock.OPEN),
        key=lambda clock: clock.due,
    )
    return [
        (clock, urgency, days_left(urgency))
        for clock in owed
        for urgency in [Urgency.of(clock.due, today, calendar)]
    ]


def clock_table(complaint):
    """Every clock of the complaint, ended ones too, as the facts page's clock table shows them:
    (headers, rows)."""
    from django.contrib import admin

    from complaints.admin_clocks import ClockInline

    inline = ClockInline(Complaint, admin.site)
    columns = [
        (Clock._meta.get_field("step").verbose_name, lambda c: c.get_step_display()),
        (inline.frozen_rule.short_description, inline.frozen_rule),
        (Clock._meta.get_field("due").verbose_name, lambda c: c.due.isoformat()),
        (Clock._meta.get_field("state").verbose_name, lambda c: c.get_state_display()),
        (
            Clock._meta.get_field("taken_days").verbose_name,
            lambda c: "—" if c.taken_days is None else c.taken_days,
        ),
        (inline.ended.short_description, inline.ended),
        (inline.told.short_description, inline.told),
        (inline.more_time.short_description, inline.more_time),
    ]
    clocks = complaint.clocks.prefetch_related("events").order_by("started_at", "pk")
    return [label for label, _show in columns], [
        [show(clock) for _label, show in columns] for clock in clocks
    ]


def due_badge(due, calendar=None):
    """A due date with its colour and the working days left, as every staff page shows it."""
    urgency = Urgency.of(due, calendar=calendar)
    return format_html(
        '<span class="due due-{}">{} · {}</span>', urgency.level, due.isoformat(), days_left(urgency)
    )


def days_left(urgency):
    days = abs(urgency.days_left)
    if urgency.level == "breached":
        if not days:
            return _("overdue")
        return ngettext("%(days)d working day late", "%(days)d working days late", days) % {"days": days}
    return ngettext("%(days)d working day left", "%(days)d working days left", days) % {"days": days}


def actions(model_admin, request, complaint):
    """[(name, label, url)] of the transitions this user may take now."""
    available = complaint.get_available_user_status_transitions(request.user)
    return [
        (t.name, model_admin.get_fsm_label(t), model_admin._transition_url(complaint, t.name))
        for t in available
        if model_admin.is_fsm_transition_visible(t)
    ]


def timeline(complaint: Complaint) -> list[Entry]:
    entries = [_filing(complaint)]
    entries += [_message(m) for m in complaint.messages.select_related("author")]
    entries += _changes(complaint)
    entries += [
        Entry(
            edit.at,
            "edit",
            _("Facts edited"),
            _name(edit.by),
            details=[[name, f"{before} → {after}"] for name, before, after in edit.shown_changes()],
        )
        for edit in complaint.fact_edits.select_related("by")
    ]
    entries += [_notice(n) for n in Notice.objects.filter(complaint=complaint).order_by("created_at")]
    entries += [
        Entry(e.uploaded_at, "evidence", e.original_name, body=e.description, evidence=e)
        for e in Evidence.objects.filter(complaint=complaint).order_by("uploaded_at", "pk")
    ]
    entries += [
        Entry(
            p.created_at,
            "proposal",
            _("Settlement proposed by the company"),
            body=p.details,
            details=[[_("status"), p.get_status_display()], [_("to be done by"), p.done_by]],
        )
        for p in complaint.proposals.all()
    ]
    return sorted(entries, key=lambda entry: entry.at)


def _name(user):
    return (user.get_full_name() or user.get_username()) if user else ""


def _filing(complaint):
    facts = [
        [Complaint._meta.get_field("complaint_type").verbose_name, complaint.get_complaint_type_display()],
        [Complaint._meta.get_field("channel").verbose_name, complaint.get_channel_display()],
    ]
    return Entry(
        complaint.submitted_at,
        "filing",
        _("Filed by %(name)s") % {"name": complaint.complainant_name},
        body=complaint.observed,
        details=facts,
    )


def _message(message):
    internal = message.kind == ComplaintMessage.Kind.INTERNAL
    return Entry(
        message.created_at,
        "internal" if internal else "message",
        message.get_kind_display(),
        _name(message.author),
        message.body,
    )


def _changes(complaint):
    logs = StateLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Complaint), object_id=str(complaint.pk)
    ).select_related("by")
    transitions = Complaint._meta.get_field("status").get_all_transitions(Complaint)
    labels = {t.name: t.custom.get("label", t.name) for t in transitions}
    return [
        Entry(
            log.timestamp,
            "change",
            str(labels.get(log.transition, log.transition)),
            _name(log.by),
            log.description or "",
            [[_("status"), f"{_status(log.source_state)} → {_status(log.state)}"]],
        )
        for log in logs
    ]


def _status(value):
    return Status(value).label if value in Status.values else value


def _notice(notice):
    return Entry(
        notice.created_at,
        "notice",
        _("Notice: %(event)s") % {"event": event_label(notice.event)},
        details=[
            [_("channel"), notice.get_channel_display()],
            [_("status"), notice.get_status_display()],
            [_("to"), masked_recipient(notice)],
        ],
    )


def next_in_queue(user, after: Complaint):
    """The user's next open complaint by due date (then number), after ``after``."""
    mine = Complaint.objects.open().filter(assignee=user).exclude(pk=after.pk).order_by("next_due", "pk")
    first = None
    if after.next_due:
        later = Q(next_due__gt=after.next_due) | Q(next_due=after.next_due, pk__gt=after.pk)
        first = mine.filter(later).values_list("pk", flat=True).first()
    first = first or mine.values_list("pk", flat=True).first()
    return reverse("admin:complaints_complaint_change", args=[first]) if first else None
