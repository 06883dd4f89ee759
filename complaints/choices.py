from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Not accepted")
    IN_PROGRESS = "in_progress", _("In progress")
    AWAITING_COMPLAINANT = "awaiting_complainant", _("Waiting for the complainant")
    RESOLVED = "resolved", _("Resolved")
    APPEALED = "appealed", _("Appealed")
    UNDER_REREVIEW = "under_rereview", _("Under re-review")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATES = (
    Status.SUBMITTED,
    Status.ACCEPTED,
    Status.IN_PROGRESS,
    Status.AWAITING_COMPLAINANT,
    Status.APPEALED,
    Status.UNDER_REREVIEW,
)
CLOSED_STATES = (Status.REJECTED, Status.CLOSED, Status.WITHDRAWN)


class ComplaintType(models.TextChoices):
    INFORMATION_ERROR = "information_error", _("Wrong information shown")
    PRIVACY_LEAK = "privacy_leak", _("Personal information leaked")
    MALFUNCTION = "malfunction", _("System or product malfunction")
    TELECOM = "telecom", _("Telecom service")
    ONLINE_SERVICE = "online_service", _("Internet or online service")
    CUSTOMER_SERVICE = "customer_service", _("Customer-service misconduct")
    PHONE_ROBOT = "phone_robot", _("Robot or nuisance calls")
    FALSE_ADVERTISING = "false_advertising", _("False advertising")
    OTHER = "other", _("Other")


# The extra fields each type of complaint cannot do without.
# What every complaint tells of what happened, in the order the guides advise.
STORY_FIELDS = ("occurred_at", "location_system", "location_function", "observed", "expected", "consequence")
# The facts only some types ask for: the fields a type needs besides the story.
TYPE_REQUIRED_FIELDS = {
    ComplaintType.INFORMATION_ERROR: ("location_system", "expected"),
    ComplaintType.PRIVACY_LEAK: ("leaked_data",),
    ComplaintType.MALFUNCTION: ("product_name", "expected"),
    ComplaintType.TELECOM: ("service_phone", "service_account"),
    ComplaintType.ONLINE_SERVICE: ("order_number", "location_system"),
    ComplaintType.CUSTOMER_SERVICE: ("service_channel",),
    ComplaintType.PHONE_ROBOT: ("caller_number",),
    ComplaintType.FALSE_ADVERTISING: ("advert_location",),
    ComplaintType.OTHER: (),
}
TYPE_FIELDS = tuple(
    dict.fromkeys(
        name for names in TYPE_REQUIRED_FIELDS.values() for name in names if name not in STORY_FIELDS
    )
)


class Channel(models.TextChoices):
    WEB = "web", _("Web portal")
    HOTLINE = "hotline", _("Hotline")
    SOCIAL_MEDIA = "social_media", _("Social media")
    THIRD_PARTY = "third_party", _("Third-party platform")
    LETTER_VISIT = "letter_visit", _("Letter or visit")
    API = "api", _("API")


class ContactPreference(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("Email")
    BOTH = "both", _("SMS and email")


class Demand(models.TextChoices):
    APOLOGY = "apology", _("Apology")
    REFUND = "refund", _("Refund")
    COMPENSATION = "compensation", _("Compensation")
    REPAIR = "repair", _("Repair or fix")
    EXPLANATION = "explanation", _("Explanation")
    OTHER = "other", _("Other")


class RejectionReason(models.TextChoices):
    OUT_OF_SCOPE = "out_of_scope", _("Outside the platform's scope")
    ALREADY_HANDLED = "already_handled", _("Already handled by another body")
    TOO_OLD = "too_old", _("Older than three years")
    INSUFFICIENT = "insufficient", _("Insufficient information")
    DUPLICATE = "duplicate", _("Duplicate of another complaint")
    OTHER = "other", _("Other reason")


class Outcome(models.TextChoices):
    MEDIATED = "mediated", _("Settled through mediation")
    SETTLED_BY_COMPANY = "settled_by_company", _("Settled by the company")
    NOT_SUPPORTED = "not_supported", _("Demand not supported")
    REFERRED = "referred", _("Referred to the competent authority")


# Results staff may give; "settled by the company" comes only from the complainant accepting
# the company's proposal.
STAFF_OUTCOMES = [(value, label) for value, label in Outcome.choices if value != Outcome.SETTLED_BY_COMPANY]


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    UNSATISFIED = "unsatisfied", _("Not satisfied")


class SettlementAction(models.TextChoices):
    """What a company offers to do besides paying, in a settlement proposal."""

    NONE = "", _("Nothing besides the amounts")
    REPAIR = "repair", _("Repair")
    REPLACE = "replace", _("Replace")
    APOLOGISE = "apologise", _("Apologise")
    CORRECT_DATA = "correct_data", _("Correct the data")
    OTHER = "other", _("Other")


class ProposalStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("settlement proposal", "Waiting for the complainant's answer")
    ACCEPTED = "accepted", pgettext_lazy("settlement proposal", "Accepted")
    REJECTED = "rejected", pgettext_lazy("settlement proposal", "Rejected")
    SUPERSEDED = "superseded", pgettext_lazy("settlement proposal", "Replaced by a later proposal")
    LAPSED = "lapsed", pgettext_lazy("settlement proposal", "No longer open")
