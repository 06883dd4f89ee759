"""The complaints core's models, one module per concern."""

from .clock import Clock, ClockExtension, ClockRecount
from .company import Company
from .complaint import (
    _AHEAD,
    AFTER_ACCEPTANCE,
    DUE_FIELD_BY_STATUS,
    Complaint,
    ComplaintQuerySet,
    DailySequence,
    logged_transition,
    working_days_ahead,
)
from .messages import ComplaintMessage, ComplaintPause
from .rules import DeadlineRule

__all__ = [
    "AFTER_ACCEPTANCE",
    "Clock",
    "ClockExtension",
    "ClockRecount",
    "DUE_FIELD_BY_STATUS",
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
