"""Words the public pages show about types, states and events."""

from django.utils.translation import gettext_lazy as _

from complaints.choices import Status

STATUS_EXPLAINED = {
    Status.SUBMITTED: _("We received your complaint and will decide whether to accept it."),
    Status.ACCEPTED: _("Your complaint was accepted and will be handed to a case handler."),
    Status.REJECTED: _("Your complaint was not accepted. The reason is below."),
    Status.IN_PROGRESS: _("A case handler is working on your complaint with the company."),
    Status.AWAITING_COMPLAINANT: _("We need more information from you. Please add it below."),
    Status.RESOLVED: _("A result was given. Tell us whether you are satisfied, or appeal."),
    Status.APPEALED: _("You appealed. A supervisor will re-review the complaint."),
    Status.UNDER_REREVIEW: _("A supervisor is re-reviewing your complaint."),
    Status.CLOSED: _("The complaint is closed."),
    Status.WITHDRAWN: _("You withdrew the complaint."),
}

EVENT_LABELS = {
    "submit": _("Complaint submitted"),
    "accept": _("Complaint accepted"),
    "reject": _("Complaint not accepted"),
    "start": _("A case handler started work"),
    "request_information": _("More information requested from you"),
    "resume": _("Handling resumed"),
    "resolve": _("Result given"),
    "close_satisfied": _("You confirmed you are satisfied"),
    "close_unappealed": _("Closed: no appeal within the time allowed"),
    "appeal": _("You appealed the result"),
    "start_rereview": _("Re-review started"),
    "decide_appeal": _("Appeal decided"),
    "withdraw": _("Complaint withdrawn"),
    "record_notice": _("Both parties were told that mediation ended"),
    "forward_to_company": _("Complaint sent to the company"),
    "record_company_answer": _("The company's answer was recorded"),
    "company_reply": _("The company answered"),
    "company_ask": _("The company asked you a question"),
    "company_propose": _("The company proposed a settlement"),
    "company_decline": _("The company declined responsibility; staff will mediate"),
    "accept_proposal": _("You accepted the company's proposal"),
    "reject_proposal": _("You rejected the company's proposal"),
    "confirm_performance": _("You said whether the company did what it promised"),
}
