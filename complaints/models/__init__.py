"""The complaints core's models, one module per concern."""

from .clock import Clock, ClockExtension, ClockRecount
from .company import Company
from .complaint import Complaint
from .lifecycle import DUE_FIELD_BY_STATUS, logged_transition
from .messages import ComplaintMessage, ComplaintPause
from .queues import _AHEAD, ComplaintQuerySet, DailySequence, working_days_ahead
from .rules import DeadlineRule

__all__ = [
    "DUE_FIELD_BY_STATUS",
    "Clock",
    "ClockExtension",
    "ClockRecount",
    "Company",
    "Complaint",
    "ComplaintMessage",
    "ComplaintPause",
    "ComplaintQuerySet",
    "DailySequence",
    "DeadlineRule",
    "_AHEAD",
    "logged_transition",
    "working_days_ahead",
]
