"""How the complaints core tells other apps that something happened. Receivers run in the same
database transaction as the change (transitions also send django-fsm's post_transition)."""

from django.dispatch import Signal

# complaint, assignee (a user or None), by (the staff user)
complaint_assigned = Signal()
# due_soon, overdue: ids of complaints whose current deadline (next_due) just came within the
# due-soon window, or passed without the step being taken (each deadline is reported once)
deadlines_reached = Signal()
