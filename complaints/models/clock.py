"""Statutory clocks: one per step of a complaint, each frozen on the rule it started under."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workcalendar.services import DayUnit

from .rules import DeadlineRule, percents


class Clock(models.Model):
    """The time allowed for one step of one complaint (the acceptance decision, the written
    reply, the end of mediation, the decision on an appeal, the appeal window).

    It keeps a copy of the rule it was started under (days, unit, legal basis), so editing a
    rule changes only clocks started after the edit, and statistics of the past never move. Its
    due date moves only for what the law says does not count: days waiting for the complainant,
    and corrections of the official calendar (each one recorded in ``moves``)."""

    class State(models.TextChoices):
        RUNNING = "running", _("running")
        PAUSED = "paused", _("paused")
        MET = "met", _("met")
        BREACHED = "breached", _("breached")
        CANCELLED = "cancelled", _("cancelled")

    LIVE = (State.RUNNING, State.PAUSED)  # counting (a calendar change or extension moves them)
    OPEN = (State.RUNNING, State.PAUSED, State.BREACHED)  # not ended while ``ended_at`` is empty
    # Steps the staff owe (their due dates make the complaint's next due date).
    BY_STAFF = (
        DeadlineRule.Kind.ACCEPTANCE,
        DeadlineRule.Kind.REPLY,
        DeadlineRule.Kind.MEDIATION,
        DeadlineRule.Kind.REVIEW,
        DeadlineRule.Kind.NOTICE,
    )
    # Steps that can be breached: the staff's and the company's answer (which runs beside
    # them); the appeal window is the complainant's, and ends without a breach.
    OWED = (*BY_STAFF, DeadlineRule.Kind.COMPANY)

    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.CASCADE, related_name="clocks")
    step = models.CharField(_("step"), max_length=16, choices=DeadlineRule.Kind)
    rule = models.ForeignKey(
        DeadlineRule,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rule"),
    )
    days = models.PositiveSmallIntegerField(_("days"))
    unit = models.CharField(_("unit"), max_length=8, choices=DayUnit)
    legal_basis = models.CharField(_("legal basis"), max_length=255)
    started_at = models.DateTimeField(_("started"))
    due = models.DateField(_("due"))
    # Years the count reached without the State Council's notice: the due date may still move.
    provisional_years = models.CharField(_("years without the official calendar"), max_length=32, blank=True)
    max_extension_days = models.PositiveSmallIntegerField(
        _("extension allowed (days)"), default=0, db_default=0
    )
    extended_days = models.PositiveSmallIntegerField(_("days of extension granted"), default=0, db_default=0)
    warn_at_percent = models.CharField(
        _("warn at (per cent of the time used)"), max_length=32, blank=True, default="", db_default=""
    )
    warn_days_before = models.PositiveSmallIntegerField(
        _("warn when due within (working days)"), default=0, db_default=0
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        _("second level after (working days)"), null=True, blank=True
    )
    paused_days = models.PositiveSmallIntegerField(_("days paused"), default=0)
    paused_since = models.DateField(_("paused since"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State, default=State.RUNNING)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ended_by = models.CharField(_("ended by"), max_length=32, blank=True)
    breached_at = models.DateTimeField(_("breached"), null=True, blank=True)
    # Working days the step took, from its start to its end, less the days paused.
    taken_days = models.PositiveSmallIntegerField(_("working days taken"), null=True, blank=True)
    # [{"at", "from", "to", "why"}]: every move of the due date after the clock started.
    moves = models.JSONField(_("moves"), default=list, blank=True)

    class Meta:
        ordering = ["started_at", "pk"]
        verbose_name = _("clock")
        verbose_name_plural = _("clocks")
        indexes = [
            models.Index(fields=["complaint", "step"], name="clock_complaint_step"),
            models.Index(fields=["state", "due"], name="clock_state_due"),
            models.Index(fields=["step", "ended_at"], name="clock_step_ended"),
        ]

    def __str__(self):
        return f"{self.get_step_display()}: {self.due}"

    @classmethod
    def planned(cls, complaint, step, *, started_at, calendar, rules=None):
        """An unsaved clock for ``step`` of ``complaint`` from ``started_at``, under the rule in
        force now; None when no rule sets a time for that step."""
        rules = DeadlineRule.for_type(complaint.complaint_type) if rules is None else rules
        rule = rules.get(step)
        if rule is None:
            return None
        clock = cls(
            complaint=complaint,
            step=step,
            rule=rule,
            days=rule.days,
            unit=rule.unit,
            legal_basis=rule.official_basis,
            max_extension_days=rule.max_extension_days,
            warn_at_percent=rule.warn_at_percent,
            warn_days_before=rule.warn_days_before,
            escalate_after_days=rule.escalate_after_days,
            started_at=started_at,
        )
        clock.count(calendar, skip=None)
        return clock

    def waits(self, skip):
        """The days this clock does not count: the staff's skip the days spent waiting for the
        complainant (``skip``); the company's answer never waits."""
        return None if self.step == DeadlineRule.Kind.COMPANY else skip

    def count(self, calendar, skip):
        """Set the due date from the frozen rule, the official calendar and the days ``skip``
        excludes (waiting for the complainant)."""
        result = calendar.add(self.started_on, self.days + self.extended_days, self.unit, self.waits(skip))
        self.due = result.date
        self.provisional_years = ",".join(map(str, result.missing_years))

    def end(self, *, at, by, calendar, skip):
        """The step was taken (``by``: the transition) at ``at``: met, or breached if late."""
        ended_on = timezone.localdate(at)
        self.ended_at, self.ended_by = at, by
        self.taken_days = calendar.working_days_between(self.started_on, ended_on, self.waits(skip))
        if ended_on > self.due and self.step in self.OWED:
            self.state, self.breached_at = self.State.BREACHED, self.breached_at or at
        elif self.state != self.State.BREACHED:
            self.state = self.State.MET

    def plan_events(self, calendar, skip) -> list["ClockEvent"]:
        """The warnings, the breach and the second level this clock's snapshot asks for, each
        on the day it is due (unsaved); none for the complainant's appeal window."""
        if self.step not in self.OWED:
            return []
        total, events, skip = self.days + self.extended_days, [], self.waits(skip)
        for percent in percents(self.warn_at_percent):
            used = -(-total * percent // 100)  # rounded up
            if 0 < used < total:
                on = calendar.add(self.started_on, used, self.unit, skip).date
                events.append(ClockEvent(clock=self, kind=f"used:{percent}", due_on=on))
        if self.warn_days_before:
            on = calendar.before(self.due, self.warn_days_before)
            if on > self.started_on:
                events.append(ClockEvent(clock=self, kind=ClockEvent.DUE_SOON, due_on=on))
        late = ClockEvent.COMPANY_LATE if self.step == DeadlineRule.Kind.COMPANY else ClockEvent.BREACH
        events.append(ClockEvent(clock=self, kind=late, due_on=self.due + dt.timedelta(days=1)))
        if self.escalate_after_days is not None:
            on = (
                calendar.add(self.due, self.escalate_after_days).date
                if self.escalate_after_days
                else self.due
            )
            events.append(
                ClockEvent(clock=self, kind=ClockEvent.ESCALATION, due_on=on + dt.timedelta(days=1))
            )
        return events

    @property
    def started_on(self):
        """Counting starts the day after this day (local)."""
        return timezone.localdate(self.started_at)

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_years)

    @property
    def is_open(self) -> bool:
        """The step is still owed (running, paused, or breached and not yet taken)."""
        return self.ended_at is None and self.state in self.OPEN


class ClockRecount(models.Model):
    """A change of the official calendar, and the recount of the live clocks it reaches: asked
    for in the change's transaction, done by a worker after commit (or by the next sweep if no
    worker got it), so staff see when it ran and how many due dates moved."""

    years = models.TextField(_("years entered or removed"), blank=True)
    dates = models.TextField(_("days changed"), blank=True)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    moved = models.PositiveIntegerField(_("due dates moved"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("clock recount after a calendar change")
        verbose_name_plural = _("clock recounts after calendar changes")

    def __str__(self):
        return f"{self.years} @ {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def year_list(self) -> list[int]:
        return [int(year) for year in self.years.split(",") if year]

    @property
    def date_list(self) -> list:
        return [dt.date.fromisoformat(day) for day in self.dates.split(",") if day]


class ClockExtension(models.Model):
    """A request for more time on a running clock (延期): asked for by the case handler with a
    reason, approved or refused by a supervisor, within what the clock's rule allows."""

    class Decision(models.TextChoices):
        PENDING = "", _("waiting for a supervisor")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")

    clock = models.ForeignKey(
        Clock, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("clock")
    )
    days = models.PositiveSmallIntegerField(_("days asked for"))
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("asked for by")
    )
    requested_at = models.DateTimeField(_("asked for"), default=timezone.now)
    decision = models.CharField(_("decision"), max_length=8, choices=Decision, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("note on the decision"), blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        permissions = [("decide_clockextension", _("Can approve or refuse extensions"))]

    def __str__(self):
        return f"{self.clock}: +{self.days}"


class ClockEvent(models.Model):
    """A warning before a clock's due date, its breach, or the second level after a breach
    (督办): planned when the clock starts or moves, sent once by the sweep, which records
    when and whom it told."""

    DUE_SOON, BREACH, ESCALATION = "due_soon", "breach", "escalation"
    # The company's answer came late: staff are told, but it is not a breach of the staff's
    # deadlines (the breach report and statistics count those; the scorecard counts this).
    COMPANY_LATE = "company_late"
    BREACHES = (BREACH, COMPANY_LATE)

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="events", verbose_name=_("clock"))
    kind = models.CharField(_("kind"), max_length=16)
    due_on = models.DateField(_("on"))
    fired_at = models.DateTimeField(_("sent"), null=True, blank=True)
    told = models.JSONField(_("told"), default=list, blank=True)
    # The complaint's assignee, type and company when it was sent: the breach report counts
    # by them (a later reassignment or retype does not move a breach).
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handler"),
    )
    complaint_type = models.CharField(
        _("complaint type"), max_length=32, blank=True, default="", db_default=""
    )
    company = models.ForeignKey(
        "complaints.Company",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("company"),
    )

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("deadline event")
        verbose_name_plural = _("deadline events")
        constraints = [models.UniqueConstraint(fields=["clock", "kind"], name="clock_event_once")]
        indexes = [
            models.Index(fields=["due_on"], condition=models.Q(fired_at=None), name="clock_event_pending"),
            models.Index(fields=["kind", "fired_at"], name="clock_event_kind_fired"),
        ]

    def __str__(self):
        return f"{self.clock}: {self.label}"

    @property
    def label(self):
        if self.kind.startswith("used:"):
            return _("%(percent)s %% of the time used") % {"percent": self.kind.removeprefix("used:")}
        return {
            self.DUE_SOON: _("due soon"),
            self.BREACH: _("breached"),
            self.COMPANY_LATE: _("the company's answer is late"),
            self.ESCALATION: _("second level (supervision from above)"),
        }.get(self.kind, self.kind)
