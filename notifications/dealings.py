"""Notices of what passes between the complainant and the company a complaint was forwarded
to (ODR), each sent once: a transition is identified by the complaint's version, a message by
its row."""

from dataclasses import dataclass

from complaints.privacy import for_company

from .services import notify_company, notify_complainant, notify_staff, supervisors


@dataclass(frozen=True)
class Told:
    complainant: str = ""  # the event sent to the complainant
    company: str = ""  # ... to the company (email only)
    staff: str = ""  # ... to the handler, or the supervisors if none


DEALINGS = {
    "company_reply": Told(complainant="company_answered"),
    "company_ask": Told(complainant="company_asked"),
    "company_propose": Told(complainant="company_proposed"),
    "company_decline": Told(complainant="company_declined", staff="company_declined_staff"),
    "to_company": Told(company="complainant_wrote"),
    "accept_proposal": Told(complainant="settled", company="proposal_accepted"),
    "reject_proposal": Told(company="proposal_rejected"),
    "confirm_performance": Told(staff="performance_failed"),
    # The complaint left the company's hands while it was answering.
    "resolve": Told(company="company_released"),
    "withdraw": Told(company="company_released"),
}
# What the company wrote is in its last message.
COMPANY_WRITES = ("company_reply", "company_ask", "company_decline")


def dealings_notice(complaint, event, message=None):
    told = DEALINGS[event]
    if told.company == "company_released" and not complaint.company_may_answer():
        return  # never forwarded, or the company declined it: nothing to release
    occurrence = f"m{message.pk}" if message is not None else f"v{complaint.version}"
    proposal = _proposal_of(complaint, event)
    text = message.body if message is not None else _last_words(complaint, event, proposal)
    context = {"message": text, "proposal": proposal, "status": complaint.get_status_display()}
    if told.complainant:
        notify_complainant(
            complaint, told.complainant, occurrence=occurrence, company=complaint.company.name, **context
        )
    if told.company:
        context["message"] = for_company(text, complaint)
        notify_company(complaint, told.company, occurrence=occurrence, sms=False, **context)
    if told.staff:
        staff = [complaint.assignee] if complaint.assignee_id else list(supervisors())
        done = event == "confirm_performance" and proposal.performed
        event_name = "performance_confirmed" if done else told.staff
        notify_staff(staff, event_name, complaint=complaint, occurrence=occurrence, message=text)


def _proposal_of(complaint, event):
    """The proposal the step was about: the one made, answered, or whose performance was told."""
    latest = {
        "accept_proposal": "answered_at",
        "reject_proposal": "answered_at",
        "confirm_performance": "performance_at",
    }.get(event, "created_at")
    return complaint.proposals.exclude(**{latest: None}).order_by(f"-{latest}", "-pk").first()


def _last_words(complaint, event, proposal):
    if event == "confirm_performance":
        return proposal.performance_note
    if event == "reject_proposal":
        return proposal.rejection_reason
    if event in COMPANY_WRITES:
        last = complaint.messages.order_by("-created_at", "-pk").first()
        return last.body if last else ""
    return ""
