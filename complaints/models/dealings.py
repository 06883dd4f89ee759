"""The complaint between the complainant and the company complained about (the ODR model):
forwarding, the company's answers and settlement proposals, and the complainant's answers."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import GET_STATE

from .. import actors
from ..choices import Outcome, ProposalStatus, SettlementAction, Status
from .lifecycle import logged_transition
from .messages import ComplaintMessage

ANSWERING = [Status.ACCEPTED, Status.IN_PROGRESS, Status.AWAITING_COMPLAINANT]
SETTLED = [Status.RESOLVED, Status.CLOSED, Status.APPEALED, Status.UNDER_REREVIEW]
# The latest date a company may promise to have done what it proposes.
PROMISE_WITHIN = dt.timedelta(days=366)
AMOUNT_LIMIT = Decimal("9999999999.99")


def _same(states):
    return GET_STATE(lambda self, *args, **kwargs: self.status, states=states)


class SettlementProposal(models.Model):
    """What the company offers to settle a complaint; only the complainant's acceptance settles
    it. After the promised date the complainant says whether it was done."""

    complaint = models.ForeignKey(
        "complaints.Complaint",
        on_delete=models.CASCADE,
        related_name="proposals",
        verbose_name=_("complaint"),
    )
    refund = models.DecimalField(
        _("refund (yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(AMOUNT_LIMIT)],
    )
    compensation = models.DecimalField(
        _("compensation (yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(AMOUNT_LIMIT)],
    )
    action = models.CharField(_("action"), max_length=16, choices=SettlementAction, blank=True)
    details = models.TextField(_("details"), blank=True)
    done_by = models.DateField(_("to be done by"))
    status = models.CharField(_("status"), max_length=12, choices=ProposalStatus, default=ProposalStatus.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("proposed"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejecting"), blank=True)
    performed = models.BooleanField(_("done, says the complainant"), null=True, blank=True)
    performance_note = models.TextField(_("complainant's note on performance"), blank=True)
    performance_at = models.DateTimeField(_("performance confirmed"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("settlement proposal")
        verbose_name_plural = _("settlement proposals")

    def __str__(self):
        return f"{self.complaint_id} {self.get_status_display()} {self.created_at:%Y-%m-%d}"

    def clean(self):
        errors = {}
        if not (self.refund or self.compensation or self.action):
            errors["action"] = _("Offer a refund, a compensation or an action.")
        if self.action == SettlementAction.OTHER and not self.details.strip():
            errors["details"] = _("Describe the action.")
        today = timezone.localdate()
        if self.done_by and not today <= self.done_by <= today + PROMISE_WITHIN:
            errors["done_by"] = _("Choose a date from today to a year from now.")
        if errors:
            raise ValidationError(errors)

    @property
    def performance_due(self):
        return (
            self.status == ProposalStatus.ACCEPTED
            and self.performed is None
            and self.done_by <= timezone.localdate()
        )


class CompanyDealings(models.Model):
    """Mixed into ``Complaint``: forwarding to the company and what passes between it and the
    complainant. Each is a transition, called through ``complaint_transition``."""

    forwarded_at = models.DateTimeField(_("forwarded to the company"), null=True, blank=True, editable=False)
    green_channel = models.BooleanField(
        _("to the company first"),
        default=False,
        db_default=False,
        help_text=_("The complainant chose the green channel: forwarded to the company once accepted."),
    )
    company_declined_at = models.DateTimeField(
        _("company declined responsibility"), null=True, blank=True, editable=False
    )

    class Meta:
        abstract = True

    # Conditions

    def not_forwarded(self):
        return self.forwarded_at is None

    def company_may_answer(self):
        return self.forwarded_at is not None and self.company_declined_at is None

    @property
    def company_fixed(self) -> bool:
        """Forwarded: the complaint stays with the company it was sent to."""
        return self.forwarded_at is not None

    def company_answering(self) -> bool:
        """The company may answer now, and the complainant write to it: forwarded, not declined,
        and still open to an answer (not settled, resolved or closed)."""
        return self.status in ANSWERING and self.company_may_answer()

    def proposals_lapse(self):
        """The complaint left the company's hands (declined, resolved, withdrawn): a proposal
        still waiting for the complainant can no longer be accepted."""
        self.proposals.filter(status=ProposalStatus.OPEN).update(status=ProposalStatus.LAPSED)

    def open_proposal(self):
        return self.proposals.filter(status=ProposalStatus.OPEN).order_by("-created_at", "-pk").first()

    def has_open_proposal(self):
        return self.open_proposal() is not None

    def performance_due(self):
        return any(
            proposal.performance_due for proposal in self.proposals.filter(status=ProposalStatus.ACCEPTED)
        )

    # Transitions

    @logged_transition(
        source=ANSWERING,
        target=_same(ANSWERING),
        conditions=[not_forwarded],
        permission=actors.system_or_handler(),
        custom={"label": _("Forward to the company")},
    )
    def forward_to_company(self, by=None, description=None):
        """The company is sent the complaint and has its own time to answer (ODR), beside the
        regulator's clocks; what it is sent follows the complainant's consent."""
        if not self.company.contact_email:
            raise ValidationError(_("The company has no contact email: add one first."))
        self.forwarded_at = timezone.now()

    @logged_transition(
        source=ANSWERING,
        target=_same(ANSWERING),
        conditions=[company_may_answer],
        permission=actors.handler(),
        custom={"label": _("Record the company's answer")},
    )
    def record_company_answer(self, *, answer, by=None, description=None):
        """The company answered (by letter, phone or email): the complainant sees the answer."""
        self._company_says(
            ComplaintMessage.Kind.COMPANY, answer, by, "answer", _("Write what the company answered.")
        )

    @logged_transition(
        source=ANSWERING,
        target=_same(ANSWERING),
        conditions=[company_may_answer],
        permission=actors.company(),
        custom={"label": _("Reply")},
    )
    def company_reply(self, *, message, by=None, description=None):
        self._company_says(ComplaintMessage.Kind.COMPANY, message, by, "message", _("Write your reply."))

    @logged_transition(
        source=ANSWERING,
        target=_same(ANSWERING),
        conditions=[company_may_answer],
        permission=actors.company(),
        custom={"label": _("Ask the complainant")},
    )
    def company_ask(self, *, question, by=None, description=None):
        self._company_says(
            ComplaintMessage.Kind.COMPANY_QUESTION, question, by, "question", _("Write your question.")
        )

    @logged_transition(
        source=ANSWERING,
        target=_same(ANSWERING),
        conditions=[company_may_answer],
        permission=actors.company(),
        custom={"label": _("Propose a settlement")},
    )
    def company_propose(self, *, proposal, by=None, description=None):
        """``proposal``: an unsaved ``SettlementProposal``; an open one it replaces lapses."""
        proposal.complaint, proposal.created_by = self, by
        proposal.full_clean(exclude=["complaint", "created_by"])
        self.proposals.filter(status=ProposalStatus.OPEN).update(status=ProposalStatus.SUPERSEDED)
        proposal.save()

    @logged_transition(
        source=ANSWERING,
        target=_same(ANSWERING),
        conditions=[company_may_answer],
        permission=actors.company(),
        custom={"label": _("Decline responsibility")},
    )
    def company_decline(self, *, reason, by=None, description=None):
        """The company says it is not responsible: staff take the complaint on (mediation)."""
        self._company_says(
            ComplaintMessage.Kind.COMPANY, reason, by, "reason", _("Say why the company is not responsible.")
        )
        self.company_declined_at = timezone.now()
        self.proposals_lapse()

    @logged_transition(
        source=ANSWERING,
        target=Status.RESOLVED,
        conditions=[has_open_proposal],
        permission=actors.complainant_or_staff("record_for_complainant"),
        custom={"label": _("Accept the company's proposal")},
    )
    def accept_proposal(self, by=None, description=None):
        """Only the complainant's acceptance settles a complaint with the company."""
        now = timezone.now()
        self.proposals.filter(pk=self.open_proposal().pk).update(
            status=ProposalStatus.ACCEPTED, answered_at=now
        )
        self.outcome, self.resolved_at = Outcome.SETTLED_BY_COMPANY, now
        self.pauses.filter(ended_on=None).update(ended_on=timezone.localdate(now))

    @logged_transition(
        source=ANSWERING,
        target=_same(ANSWERING),
        conditions=[has_open_proposal],
        permission=actors.complainant_or_staff("record_for_complainant"),
        custom={"label": _("Reject the company's proposal")},
    )
    def reject_proposal(self, *, reason, by=None, description=None):
        if not reason.strip():
            raise ValidationError({"reason": _("Say why the proposal is not acceptable.")})
        self.proposals.filter(pk=self.open_proposal().pk).update(
            status=ProposalStatus.REJECTED, answered_at=timezone.now(), rejection_reason=reason.strip()
        )
        self.add_message(ComplaintMessage.Kind.TO_COMPANY, reason.strip(), by)

    @logged_transition(
        source=SETTLED,
        target=_same(SETTLED),
        conditions=[performance_due],
        permission=actors.complainant_or_staff("record_for_complainant"),
        custom={"label": _("Say whether the company did what it promised")},
    )
    def confirm_performance(self, *, done, remark="", by=None, description=None):
        proposal = next(p for p in self.proposals.filter(status=ProposalStatus.ACCEPTED) if p.performance_due)
        if not done and not remark.strip():
            raise ValidationError({"remark": _("Say what was not done.")})
        self.proposals.filter(pk=proposal.pk).update(
            performed=bool(done), performance_note=remark.strip(), performance_at=timezone.now()
        )

    def _company_says(self, kind, text, by, field, missing):
        if not text.strip():
            raise ValidationError({field: missing})
        self.add_message(kind, text.strip(), by)
