"""What a company sees of the complaints forwarded to it, and the record of each look.

Without the complainant's separate consent (PIPL Art. 23) the company gets the facts and the
demands with the person's details masked, and only the evidence staff marked as identifying
nobody; with it, the name, the contact details and all the evidence."""

import copy
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from complaints.models import Clock, Complaint, ComplaintMessage, DeadlineRule
from complaints.privacy import for_company
from evidence.models import Evidence

from .models import CompanyView

FACT_FIELDS = (
    "observed",
    "expected",
    "consequence",
    "location_system",
    "location_function",
    "product_name",
    "service_channel",
    "advert_location",
    "leaked_data",
    "order_number",
    "demand_other",
)
WITHHELD = _("withheld: the complainant did not agree to share it")


def forwarded_to(member):
    """The complaints forwarded to the member's company, the ones still to answer first, with
    the due date of the company's answer."""
    answer_due = Clock.objects.filter(complaint=OuterRef("pk"), step=DeadlineRule.Kind.COMPANY).order_by(
        "-pk"
    )
    return (
        Complaint.objects.filter(company_id=member.company_id, forwarded_at__isnull=False)
        .annotate(answer_due=Subquery(answer_due.values("due")[:1]))
        .annotate(answer_state=Subquery(answer_due.values("state")[:1]))
        .order_by("-forwarded_at", "-pk")
    )


def complaint_for(member, number) -> Complaint:
    """The complaint numbered ``number`` if it was forwarded to the member's company (404 for
    any other, whether it exists or not)."""
    return get_object_or_404(
        Complaint.objects.select_related("company"),
        number=number,
        company_id=member.company_id,
        forwarded_at__isnull=False,
    )


def statement_for(member, number) -> Complaint:
    """The complaint whose statement of facts the company may download: the statement names
    the complainant, so only with their consent (404 without, as for any other complaint)."""
    complaint = complaint_for(member, number)
    if not complaint.share_identity:
        raise Http404
    return complaint


def shared_evidence(complaint):
    files = Evidence.objects.filter(complaint=complaint)
    return files if complaint.share_identity else files.filter(identifies_nobody=True)


def viewed(complaint, member, evidence=None) -> None:
    CompanyView.objects.create(complaint=complaint, user=member.user, evidence=evidence)


@dataclass
class CompanyCopy:
    """The complaint as the company may see it."""

    complaint: Complaint
    name: str
    phone: str
    email: str
    facts: list  # (label, text)
    messages: list
    proposals: list
    evidence: list
    withheld_files: int


def company_copy(complaint: Complaint) -> CompanyCopy:
    """What the company may read of ``complaint``: copies, never the rows themselves."""
    consent = complaint.share_identity

    def masked(row, *fields):
        row = copy.copy(row)
        for name in fields:
            setattr(row, name, for_company(getattr(row, name), complaint))
        return row

    facts = [
        (
            capfirst(Complaint._meta.get_field(name).verbose_name),
            for_company(getattr(complaint, name), complaint),
        )
        for name in FACT_FIELDS
        if getattr(complaint, name)
    ]
    messages = complaint.messages.filter(kind__in=ComplaintMessage.COMPANY_KINDS).select_related("author")
    evidence = [masked(item, "original_name") for item in shared_evidence(complaint)]
    phone = getattr(complaint.complainant_phone, "national_number", complaint.complainant_phone)
    return CompanyCopy(
        complaint=complaint,
        name=complaint.complainant_name if consent else WITHHELD,
        phone=str(phone) if consent else WITHHELD,
        email=complaint.complainant_email if consent else (WITHHELD if complaint.complainant_email else ""),
        facts=facts,
        messages=[masked(message, "body") for message in messages],
        proposals=[masked(p, "rejection_reason", "performance_note") for p in complaint.proposals.all()],
        evidence=evidence,
        withheld_files=0 if consent else complaint.evidence.count() - len(evidence),
    )
