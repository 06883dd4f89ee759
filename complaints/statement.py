"""The complaint statement of facts (投诉事实陈述书): what it says, the same for the complainant,
staff and the company, and its PDF."""

import datetime as dt
from dataclasses import dataclass

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from phonenumber_field.phonenumber import PhoneNumber

from .choices import STORY_FIELDS, TYPE_FIELDS, TYPE_REQUIRED_FIELDS
from .models import Complaint

TITLE = _("Complaint statement of facts")
HEADING_FIELDS = (
    "number",
    "complaint_type",
    "company",
    "submitted_at",
    "accepted_at",
    "complainant_name",
    "complainant_phone",
)
# The story as the filing form asks it, then the amount.
STORY = (*STORY_FIELDS, "amount")
EVIDENCE_FIELDS = ("original_name", "size", "sha256")


@dataclass(frozen=True)
class Statement:
    """What the statement prints: (label, text) rows with a value, none empty."""

    complaint: Complaint
    heading: list
    facts: list
    demands: list
    demand_other: tuple | None
    evidence_labels: list
    evidence: list
    title = TITLE


def statement_of(complaint: Complaint) -> Statement:
    model = complaint.evidence.model  # through the relation: evidence builds on complaints
    other = _rows(complaint, ["demand_other"])
    return Statement(
        complaint=complaint,
        heading=_rows(complaint, HEADING_FIELDS),
        facts=_rows(complaint, _fact_fields(complaint.complaint_type)),
        demands=complaint.demand_labels,
        demand_other=other[0] if other else None,
        evidence_labels=[capfirst(model._meta.get_field(name).verbose_name) for name in EVIDENCE_FIELDS],
        evidence=list(complaint.evidence.all()),
    )


def _fact_fields(complaint_type):
    """The facts the type asks for first (as the filing form has them), then those of other
    types, then the story."""
    own = [name for name in TYPE_REQUIRED_FIELDS.get(complaint_type, ()) if name in TYPE_FIELDS]
    return [*dict.fromkeys([*own, *TYPE_FIELDS]), *STORY]


def _rows(complaint, names):
    """(label, text) of the fields of ``names`` that have a value, labelled as the model names them."""
    texts = [(name, _text(complaint, name)) for name in names]
    return [(capfirst(Complaint._meta.get_field(name).verbose_name), text) for name, text in texts if text]


def _text(complaint, name) -> str:
    """A field's value as the statement prints it ("" for none)."""
    if name == "complainant_phone":
        return complaint.masked_phone
    value = getattr(complaint, name)
    if value is None or value == "":
        return ""
    if Complaint._meta.get_field(name).choices:
        return str(getattr(complaint, f"get_{name}_display")())
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, PhoneNumber):
        return value.as_national if value.is_valid() else str(value)
    return str(value)


def statement_pdf(request, complaint: Complaint) -> bytes:
    """The statement as an A4 PDF in the request's language, its fonts embedded."""
    from weasyprint import HTML, URLFetcher  # Pango is loaded only when a PDF is made

    html = render_to_string(
        "complaints/statement/print.html", {"statement": statement_of(complaint)}, request=request
    )
    # Nothing is fetched: the page and its style are all in the document.
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf()


def statement_response(request, complaint: Complaint) -> HttpResponse:
    """The PDF to download, named by the complaint's number."""
    response = HttpResponse(statement_pdf(request, complaint), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"{complaint.number}.pdf")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
