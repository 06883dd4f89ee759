"""Every notice the platform sends: its subject, its SMS text, and how urgent it is. The email
bodies are templates: notifications/email/<event>.txt and .html."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Event:
    subject: str
    sms: str
    urgent: bool = False  # sent at any hour (verification codes)
    expires: dt.timedelta | None = None
    # Parameters never stored with the notice: shown masked in its text, kept apart
    # (NoticeSecret) only until it is sent, and put into the message at send time.
    secret: tuple[str, ...] = ()


EVENTS = {
    # To complainants
    "verification_code": Event(
        _("Your verification code"),
        _("Complaint Desk verification code: %(code)s. Valid for %(minutes)d minutes. Do not share it."),
        urgent=True,
        expires=dt.timedelta(minutes=15),
        secret=("code",),
    ),
    "receipt": Event(
        _("Complaint %(number)s received"),
        _("Complaint Desk: your complaint %(number)s was received. Track it: %(track_url)s"),
    ),
    "accepted": Event(
        _("Complaint %(number)s accepted"),
        _("Complaint Desk: complaint %(number)s was accepted; a written reply is due by %(reply_due)s."),
    ),
    "rejected": Event(
        _("Complaint %(number)s not accepted"),
        _("Complaint Desk: complaint %(number)s was not accepted: %(reason)s. Details: %(track_url)s"),
    ),
    "information_requested": Event(
        _("Complaint %(number)s: more information needed"),
        _("Complaint Desk: complaint %(number)s needs more information from you. See %(track_url)s"),
    ),
    "resolved": Event(
        _("Complaint %(number)s: result"),
        _("Complaint Desk: there is a result for complaint %(number)s. Read it and rate it: %(track_url)s"),
    ),
    "appeal_received": Event(
        _("Complaint %(number)s: appeal received"),
        _(
            "Complaint Desk: your appeal on complaint %(number)s was received; "
            "decision due by %(review_due)s."
        ),
    ),
    "appeal_decided": Event(
        _("Complaint %(number)s: appeal decided"),
        _("Complaint Desk: your appeal on complaint %(number)s was decided. See %(track_url)s"),
    ),
    "staff_replied": Event(
        _("Complaint %(number)s: a reply from Complaint Desk"),
        _("Complaint Desk: there is a reply on complaint %(number)s. Read it: %(track_url)s"),
    ),
    "withdrawal_recorded": Event(
        _("Complaint %(number)s withdrawn"),
        _("Complaint Desk: as you asked, complaint %(number)s was withdrawn. Details: %(track_url)s"),
    ),
    "satisfaction_recorded": Event(
        _("Complaint %(number)s closed"),
        _("Complaint Desk: as you told us you are satisfied, complaint %(number)s was closed. Thank you."),
    ),
    "closed_unappealed": Event(
        _("Complaint %(number)s closed"),
        _("Complaint Desk: the appeal period of complaint %(number)s ended, so it is now closed."),
    ),
    "deadline_passed": Event(
        _("Complaint %(number)s: the deadline passed"),
        _(
            "Complaint Desk: complaint %(number)s was not answered in time; it has been escalated. "
            "You may also call 12315."
        ),
    ),
    # To the company complained about (its contact email and mobile)
    "forwarded_to_company": Event(
        _("Complaint %(number)s forwarded to %(company)s: please answer by %(due)s"),
        _(
            "Complaint Desk: complaint %(number)s about %(company)s was forwarded to you; "
            "please answer by %(due)s. The details were sent to your contact email."
        ),
    ),
    "company_reminder": Event(
        _("Complaint %(number)s: your answer is due by %(due)s"),
        _("Complaint Desk: complaint %(number)s about %(company)s awaits your answer by %(due)s."),
    ),
    # Between the complainant and the company (ODR)
    "company_answered": Event(
        _("Complaint %(number)s: %(company)s answered"),
        _("Complaint Desk: %(company)s answered on your complaint %(number)s. See %(track_url)s"),
    ),
    "company_asked": Event(
        _("Complaint %(number)s: %(company)s asks you a question"),
        _("Complaint Desk: %(company)s asks you about complaint %(number)s. Answer at %(track_url)s"),
    ),
    "company_proposed": Event(
        _("Complaint %(number)s: %(company)s proposes a settlement"),
        _(
            "Complaint Desk: %(company)s proposes a settlement of complaint %(number)s. "
            "Accept or reject it at %(track_url)s"
        ),
    ),
    "company_declined": Event(
        _("Complaint %(number)s: %(company)s declines responsibility"),
        _(
            "Complaint Desk: %(company)s declines responsibility for complaint %(number)s; "
            "our staff will mediate. See %(track_url)s"
        ),
    ),
    "settled": Event(
        _("Complaint %(number)s is settled with %(company)s"),
        _(
            "Complaint Desk: complaint %(number)s is settled with the proposal of %(company)s. "
            "Once the date in it has passed, tell us whether it was done: %(track_url)s"
        ),
    ),
    "complainant_wrote": Event(_("Complaint %(number)s: a message from the complainant"), ""),
    "company_released": Event(_("Complaint %(number)s is no longer with you: %(status)s"), ""),
    "proposal_accepted": Event(_("Complaint %(number)s: your proposal was accepted"), ""),
    "proposal_rejected": Event(_("Complaint %(number)s: your proposal was rejected"), ""),
    # To staff
    "company_declined_staff": Event(_("Complaint %(number)s: the company declines responsibility"), ""),
    "performance_failed": Event(_("Complaint %(number)s: the company did not do what it promised"), ""),
    "performance_confirmed": Event(_("Complaint %(number)s: the company did what it promised"), ""),
    "assigned": Event(_("Complaint %(number)s assigned to you"), ""),
    "due_soon": Event(_("Deadlines approaching: %(count)d warnings on your complaints"), ""),
    "escalation": Event(_("%(count)d complaints are now overdue"), ""),
    "supervision": Event(_("Second level: %(count)d complaints still overdue"), ""),
    "digest": Event(_("Your complaints due soon and overdue (%(date)s)"), ""),
    "monthly_report": Event(_("Complaint statistics for %(month)s"), ""),
    # Company accounts
    "company_approved": Event(
        _("Your company account for %(company)s is approved"),
        "",
        expires=dt.timedelta(days=3),
        secret=("link",),
    ),
    "company_refused": Event(_("Your application for %(company)s was not approved"), ""),
    "company_invitation": Event(
        _("You are invited to answer complaints for %(company)s"),
        "",
        expires=dt.timedelta(days=3),
        secret=("link",),
    ),
    "company_password": Event(
        _("Set your password for Complaint Desk"),
        "",
        expires=dt.timedelta(days=3),
        secret=("link",),
    ),
}

# What each event is called where staff read it (the notices list and its filter).
EVENT_LABELS = {
    "verification_code": _("Verification code"),
    "receipt": _("Complaint received"),
    "accepted": _("Complaint accepted"),
    "rejected": _("Complaint not accepted"),
    "information_requested": _("More information requested"),
    "resolved": _("Result given"),
    "appeal_received": _("Appeal received"),
    "appeal_decided": _("Appeal decided"),
    "deadline_passed": _("Deadline passed"),
    "staff_replied": _("Reply from staff"),
    "withdrawal_recorded": _("Withdrawal recorded by staff"),
    "satisfaction_recorded": _("Satisfaction recorded by staff"),
    "closed_unappealed": _("Closed after the appeal period"),
    "forwarded_to_company": _("Forwarded to the company"),
    "company_reminder": _("Reminder to the company"),
    "company_answered": _("The company answered"),
    "company_asked": _("The company asked a question"),
    "company_proposed": _("The company proposed a settlement"),
    "company_declined": _("The company declined responsibility"),
    "settled": _("Settled"),
    "complainant_wrote": _("Message from the complainant"),
    "company_released": _("No longer with the company"),
    "proposal_accepted": _("Proposal accepted"),
    "proposal_rejected": _("Proposal rejected"),
    "company_declined_staff": _("The company declined responsibility (to staff)"),
    "performance_failed": _("The company did not do what it promised"),
    "performance_confirmed": _("The company did what it promised"),
    "assigned": _("Complaint assigned"),
    "due_soon": _("Deadlines approaching"),
    "escalation": _("Overdue complaints"),
    "supervision": _("Still overdue (second level)"),
    "digest": _("Daily digest"),
    "monthly_report": _("Monthly statistics"),
    "company_approved": _("Company account approved"),
    "company_refused": _("Company application not approved"),
    "company_invitation": _("Invitation to a company's user"),
    "company_password": _("Password for a company's user"),
}


def event_label(event):
    """The event in words; an event no longer sent keeps its code."""
    return EVENT_LABELS.get(event, event)


# django-fsm transition -> notice to the complainant
TRANSITION_EVENTS = {
    "accept": "accepted",
    "reject": "rejected",
    "request_information": "information_requested",
    "resolve": "resolved",
    "appeal": "appeal_received",
    "decide_appeal": "appeal_decided",
    "close_unappealed": "closed_unappealed",
}
# Transitions the complainant takes on the portal, or staff on their behalf (a call, a letter):
# told only when staff recorded it, since on the portal the complainant sees it done.
RECORDED_FOR_COMPLAINANT = {
    "withdraw": "withdrawal_recorded",
    "close_satisfied": "satisfaction_recorded",
}
