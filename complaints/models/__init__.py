"""The complaints core's models, one module per concern."""

from .clock import Clock, ClockEvent, ClockExtension, ClockRecount
from .company import Company
from .complaint import Complaint
from .dealings import SettlementProposal
from .edits import FactEdit
from .lifecycle import logged_transition
from .messages import ComplaintMessage, ComplaintPause
from .queues import _AHEAD, ComplaintQuerySet, DailySequence, Urgency, working_days_ahead
from .rules import DeadlineRule

__all__ = [
    "Clock",
    "ClockEvent",
    "ClockExtension",
    "ClockRecount",
    "Company",
    "Complaint",
    "ComplaintMessage",
    "ComplaintPause",
    "ComplaintQuerySet",
    "DailySequence",
    "DeadlineRule",
    "FactEdit",
    "SettlementProposal",
    "Urgency",
    "_AHEAD",
    "logged_transition",
    "working_days_ahead",
]
