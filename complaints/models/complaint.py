"""The complaint: its fields, its number, its lifecycle."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import GET_STATE, ConcurrentTransitionMixin, FSMField
from phonenumber_field.modelfields import PhoneNumberField

from .. import actors
from ..choices import (
    OPEN_STATES,
    STAFF_OUTCOMES,
    TYPE_REQUIRED_FIELDS,
    Channel,
    ComplaintType,
    ContactPreference,
    Demand,
    Outcome,
    RejectionReason,
    Satisfaction,
    Status,
)
from ..validators import (
    mask_middle,
    mask_phone,
    validate_caller_number,
    validate_event_time,
    validate_id_number,
    validate_mobile,
)
from .clocked import ClockedComplaint
from .dealings import CompanyDealings
from .lifecycle import logged_transition
from .messages import ComplaintMessage
from .queues import ComplaintQuerySet, DailySequence


class Complaint(ClockedComplaint, ConcurrentTransitionMixin, CompanyDealings, models.Model):
    """A consumer's complaint about a company, from filing to closing.

    ``status`` changes only through the transitions below; ``version`` rises with every save
    and is checked on update, so two staff saving the same complaint cannot overwrite each
    other (the loser gets ``ConcurrentTransition``).
    """

    number = models.CharField(_("complaint number"), max_length=32, unique=True, editable=False)
    access_token = models.CharField(max_length=64, unique=True, editable=False)
    status = FSMField(_("status"), max_length=24, choices=Status, default=Status.SUBMITTED, protected=True)
    version = models.PositiveIntegerField(default=0, editable=False)

    complaint_type = models.CharField(_("type"), max_length=32, choices=ComplaintType)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel, default=Channel.WEB)
    company = models.ForeignKey(
        "complaints.Company", on_delete=models.PROTECT, related_name="complaints", verbose_name=_("company")
    )
    source_ref = models.CharField(
        _("reference at source"),
        max_length=64,
        blank=True,
        db_index=True,
        help_text=_("The number the complaint had on the platform or letter it came from."),
    )

    complainant_name = models.CharField(_("complainant's name"), max_length=100)
    complainant_phone = PhoneNumberField(
        _("mobile number"), region="CN", validators=[validate_mobile], db_index=True
    )
    complainant_email = models.EmailField(_("email"), blank=True, db_index=True)
    complainant_id_number = models.CharField(
        _("ID card number"), max_length=18, blank=True, validators=[validate_id_number]
    )
    contact_preference = models.CharField(
        _("preferred contact"), max_length=8, choices=ContactPreference, default=ContactPreference.SMS
    )
    # PIPL Art. 23: giving the complainant's details to the company needs separate consent.
    share_identity = models.BooleanField(
        _("may share name and contact with the company"),
        default=False,
        help_text=_("Without this consent, deal with the company without revealing who complained."),
    )
    privacy_consent_at = models.DateTimeField(
        _("privacy notice accepted"), null=True, blank=True, editable=False
    )
    language = models.CharField(
        _("language for notices"), max_length=8, choices=settings.LANGUAGES, default="zh-hans"
    )

    # What happened
    occurred_at = models.DateTimeField(_("when it happened"), validators=[validate_event_time])
    location_system = models.CharField(_("system or app"), max_length=200, blank=True)
    location_function = models.CharField(_("function or page"), max_length=200, blank=True)
    observed = models.TextField(_("what it showed or what happened"))
    expected = models.TextField(_("what it should have shown"), blank=True)
    consequence = models.TextField(_("consequence"), blank=True)
    amount = models.DecimalField(
        _("amount involved (yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    demands = models.JSONField(_("demands"), default=list)
    demand_other = models.CharField(_("other demand"), max_length=500, blank=True)

    # Fields that some types need (see TYPE_REQUIRED_FIELDS)
    service_phone = PhoneNumberField(_("service phone number"), region="CN", blank=True)
    service_account = models.CharField(_("service account"), max_length=64, blank=True)
    order_number = models.CharField(_("order number"), max_length=64, blank=True)
    caller_number = models.CharField(
        _("number that called"), max_length=20, blank=True, validators=[validate_caller_number]
    )
    product_name = models.CharField(_("product or device"), max_length=200, blank=True)
    leaked_data = models.CharField(_("personal information leaked"), max_length=500, blank=True)
    service_channel = models.CharField(_("where you were served"), max_length=200, blank=True)
    advert_location = models.CharField(_("where the advertisement appeared"), max_length=500, blank=True)

    # Handling
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_complaints",
        limit_choices_to={"is_staff": True, "is_active": True},
        verbose_name=_("assignee"),
    )
    rejection_reason = models.CharField(
        _("rejection reason"), max_length=24, choices=RejectionReason, blank=True
    )
    rejection_details = models.TextField(_("rejection details"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=24, choices=Outcome, blank=True)
    satisfaction = models.CharField(_("satisfaction"), max_length=16, choices=Satisfaction, blank=True)
    appeal_reason = models.TextField(_("appeal reason"), blank=True)
    appeal_count = models.PositiveSmallIntegerField(_("appeals"), default=0, editable=False)

    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now, editable=False)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True, editable=False)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True, editable=False)
    appealed_at = models.DateTimeField(_("appealed"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)

    # The earliest due date of the steps staff owe now (from the clocks), for lists and queues.
    next_due = models.DateField(_("next due"), null=True, blank=True, editable=False)
    calendar_missing = models.CharField(
        _("years without calendar data"), max_length=32, blank=True, editable=False
    )
    # When a message or an evidence file of this complaint last changed. With ``version``
    # (every save of the complaint), it tells whether a page built from them is still current.
    touched_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        permissions = [
            ("accept_complaint", _("Can accept complaints")),
            ("reject_complaint", _("Can reject complaints")),
            ("handle_complaint", _("Can handle accepted complaints")),
            ("handle_any_complaint", _("Can handle complaints assigned to others")),
            ("review_complaint", _("Can review appeals")),
            ("assign_complaint", _("Can assign complaints")),
            ("close_complaint", _("Can close complaints whose appeal window passed")),
            ("record_for_complainant", _("Can record a complainant's decision on their behalf")),
            ("view_statistics", _("Can see complaint statistics")),
            ("export_complaint", _("Can export complaints")),
            ("edit_facts", _("Can edit a complaint's facts")),
        ]
        indexes = [
            models.Index(fields=["next_due"], name="complaint_next_due"),
            models.Index(fields=["status", "next_due"], name="complaint_status_next_due"),
            models.Index(fields=["submitted_at"], name="complaint_submitted"),
            # The "not assigned" queue: counted and listed most urgent first from this alone.
            models.Index(
                fields=["next_due", "id"],
                condition=Q(assignee__isnull=True, status__in=OPEN_STATES),
                name="complaint_open_unassigned",
            ),
            # The admin index lists the years flagged here on every visit.
            models.Index(
                fields=["calendar_missing"],
                condition=~Q(calendar_missing=""),
                name="complaint_calendar_missing",
            ),
        ]

    def __str__(self):
        return self.number or _("new complaint")

    def save(self, *args, **kwargs):
        """Numbers a new complaint and counts the version of every save. What else follows a
        filing or a change (its clocks, its notices) is the services' work
        (``complaints.services.complaint_file`` and ``complaint_update``)."""
        if self._state.adding:
            self.access_token = self.access_token or secrets.token_urlsafe(32)
            if not self.number:
                day = timezone.localdate(self.submitted_at)
                sequence = DailySequence.next_for(day)
                self.number = f"{settings.COMPLAINT_NUMBER_PREFIX}-{day:%Y%m%d}-{sequence:06d}"
        else:
            self.version += 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)
        self._loaded_type = self.complaint_type

    @property
    def retyped(self) -> bool:
        """The type was changed since the complaint was loaded (other deadlines may apply)."""
        return self._loaded_type is not None and self.complaint_type != self._loaded_type

    # Optimistic locking: ConcurrentTransitionMixin filters the UPDATE on these fields' values
    # as loaded, so adding ``version`` makes every save (not only transitions) conflict-safe.
    @property
    def state_fields(self):
        return [*super().state_fields, self._meta.get_field("version")]

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_type = instance.__dict__.get("complaint_type")
        return instance

    _loaded_type = None

    def clean_fields(self, exclude=None):
        # The status is protected: it is validated by the transitions, never assigned.
        super().clean_fields(exclude={*(exclude or ()), "status"})

    def clean(self):
        errors = {}
        for name in TYPE_REQUIRED_FIELDS.get(self.complaint_type, ()):
            if not getattr(self, name):
                errors[name] = ValidationError(
                    _("This is needed for a complaint of type “%(type)s”.")
                    % {"type": self.get_complaint_type_display()},
                    code="required_for_type",
                )
        unknown = set(self.demands or []) - set(Demand.values)
        if not self.demands or unknown:
            errors["demands"] = ValidationError(_("Choose at least one demand from the list."))
        elif Demand.OTHER in self.demands and not self.demand_other.strip():
            errors["demand_other"] = ValidationError(_("Describe your other demand."))
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self):
        return self.status in OPEN_STATES

    @property
    def masked_phone(self):
        return mask_phone(self.complainant_phone)

    @property
    def masked_id_number(self):
        return mask_middle(self.complainant_id_number, 6, 4)

    @property
    def demand_labels(self):
        return [Demand(d).label for d in self.demands or [] if d in Demand.values]

    @property
    def contact_target(self):
        """Where one-time codes and notices go first: the mobile, or the email if preferred."""
        if self.contact_preference == ContactPreference.EMAIL and self.complainant_email:
            return ContactPreference.EMAIL, self.complainant_email
        return ContactPreference.SMS, str(self.complainant_phone)

    @classmethod
    def touch(cls, row):
        """Record that ``row`` (a message, an evidence file: anything with a ``complaint``
        foreign key) changed what is shown with its complaint. A complaint loaded with the
        row is kept in step, so its next save keeps the time."""
        now = timezone.now()
        cls.objects.filter(pk=row.complaint_id).update(touched_at=now)
        if row._meta.get_field("complaint").is_cached(row):
            row.complaint.touched_at = now

    def add_message(self, kind, body, author=None):
        return self.messages.create(kind=kind, body=body, author=author)

    # Conditions

    def has_assignee(self):
        return self.assignee_id is not None

    # Transitions. Each is called through complaints.services.complaint_transition, which
    # checks the permission, runs it in a transaction and saves; history rows come from
    # django-fsm-log (``by``: the staff user, ``description``: the note).

    @logged_transition(
        source=Status.SUBMITTED,
        target=Status.ACCEPTED,
        permission=actors.staff("accept_complaint"),
        custom={"label": _("Accept")},
    )
    def accept(self, by=None, description=None):
        self.accepted_at = timezone.now()

    @logged_transition(
        source=Status.SUBMITTED,
        target=Status.REJECTED,
        permission=actors.staff("reject_complaint"),
        custom={"label": _("Reject")},
    )
    def reject(self, *, reason, details="", by=None, description=None):
        if reason not in RejectionReason.values:
            raise ValidationError({"reason": _("Choose a reason.")})
        if reason == RejectionReason.OTHER and not details.strip():
            raise ValidationError({"details": _("Explain the reason.")})
        self.rejection_reason, self.rejection_details = reason, details
        self.closed_at = timezone.now()
        text = RejectionReason(reason).label + (f"\n{details}" if details else "")
        self.add_message(ComplaintMessage.Kind.REPLY, text, by)

    @logged_transition(
        source=Status.ACCEPTED,
        target=Status.IN_PROGRESS,
        conditions=[has_assignee],
        permission=actors.handler(),
        custom={"label": _("Start handling")},
    )
    def start(self, by=None, description=None):
        pass

    @logged_transition(
        source=Status.IN_PROGRESS,
        target=Status.AWAITING_COMPLAINANT,
        permission=actors.handler(),
        custom={"label": _("Ask the complainant for information")},
    )
    def request_information(self, *, message, by=None, description=None):
        if not message.strip():
            raise ValidationError({"message": _("Say what information is needed.")})
        self.add_message(ComplaintMessage.Kind.REPLY, message, by)
        self.pauses.create(started_on=timezone.localdate())

    @logged_transition(
        source=Status.AWAITING_COMPLAINANT,
        target=Status.IN_PROGRESS,
        permission=actors.complainant_or_handler(),
        custom={"label": _("Resume handling")},
    )
    def resume(self, by=None, description=None):
        self.pauses.filter(ended_on=None).update(ended_on=timezone.localdate())

    @logged_transition(
        source=Status.IN_PROGRESS,
        target=Status.RESOLVED,
        permission=actors.handler(),
        custom={"label": _("Resolve with a reply")},
    )
    def resolve(self, *, outcome, reply, by=None, description=None):
        self._record_result(outcome, reply, by)
        self.proposals_lapse()

    @logged_transition(
        source=Status.RESOLVED,
        target=Status.CLOSED,
        permission=actors.complainant_or_staff("record_for_complainant"),
        custom={"label": _("Close: complainant satisfied")},
    )
    def close_satisfied(self, *, comment="", by=None, description=None):
        self.satisfaction = Satisfaction.SATISFIED
        self.closed_at = timezone.now()
        if comment.strip():
            self.add_message(ComplaintMessage.Kind.COMPLAINANT, comment, by)

    @logged_transition(
        source=[Status.RESOLVED, Status.CLOSED],
        target=GET_STATE(lambda self, *args, **kwargs: self.status, states=[Status.RESOLVED, Status.CLOSED]),
        conditions=[ClockedComplaint.notice_pending],
        permission=actors.handler(),
        custom={"label": _("Record that both parties were told mediation ended")},
    )
    def record_notice(self, *, note_to_company, by=None, description=None):
        """Art. 21: both parties are told within 7 working days that mediation ended. The
        complainant has the result; this records how and when the company was told."""
        if not note_to_company.strip():
            raise ValidationError({"note_to_company": _("Say how and when the company was told.")})
        self.add_message(ComplaintMessage.Kind.INTERNAL, note_to_company, by)

    @logged_transition(
        source=Status.RESOLVED,
        target=Status.CLOSED,
        conditions=[ClockedComplaint.appeal_window_passed],
        permission=actors.system_or_staff("close_complaint"),
        custom={"label": _("Close: no appeal in time")},
    )
    def close_unappealed(self, by=None, description=None):
        self.closed_at = timezone.now()

    @logged_transition(
        source=Status.RESOLVED,
        target=Status.APPEALED,
        conditions=[ClockedComplaint.appeal_window_open],
        permission=actors.complainant_or_staff("record_for_complainant"),
        custom={"label": _("Appeal the result")},
    )
    def appeal(self, *, reason, by=None, description=None):
        if not reason.strip():
            raise ValidationError({"reason": _("Say why the result is not acceptable.")})
        self.appeal_reason = reason
        self.appeal_count += 1
        self.satisfaction = Satisfaction.UNSATISFIED
        self.appealed_at = timezone.now()
        self.add_message(ComplaintMessage.Kind.COMPLAINANT, reason, by)

    @logged_transition(
        source=Status.APPEALED,
        target=Status.UNDER_REREVIEW,
        permission=actors.staff("review_complaint"),
        custom={"label": _("Start re-review")},
    )
    def start_rereview(self, by=None, description=None):
        pass

    @logged_transition(
        source=Status.UNDER_REREVIEW,
        target=Status.RESOLVED,
        permission=actors.staff("review_complaint"),
        custom={"label": _("Decide the appeal")},
    )
    def decide_appeal(self, *, outcome, reply, by=None, description=None):
        self._record_result(outcome, reply, by)

    @logged_transition(
        source=list(OPEN_STATES),
        target=Status.WITHDRAWN,
        permission=actors.complainant_or_staff("record_for_complainant"),
        custom={"label": _("Withdraw (at the complainant's request)")},
    )
    def withdraw(self, *, reason="", by=None, description=None):
        self.closed_at = timezone.now()
        self.pauses.filter(ended_on=None).update(ended_on=timezone.localdate())
        self.proposals_lapse()
        if reason.strip():
            self.add_message(ComplaintMessage.Kind.COMPLAINANT, reason, by)

    def _record_result(self, outcome, reply, by):
        if outcome not in dict(STAFF_OUTCOMES):
            raise ValidationError({"outcome": _("Choose the outcome.")})
        if not reply.strip():
            raise ValidationError({"reply": _("Write the reply to the complainant.")})
        self.outcome = outcome
        self.resolved_at = timezone.now()
        self.add_message(ComplaintMessage.Kind.REPLY, reply, by)
