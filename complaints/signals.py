"""How the complaints core tells other apps that something happened. Receivers run in the same
database transaction as the change (transitions also send django-fsm's post_transition)."""

from django.dispatch import Signal

# complaint, assignee (a user or None), by (the staff user)
complaint_assigned = Signal()
# complaint: its current deadline (next_due) is within the due-soon window
deadline_due_soon = Signal()
# complaint: its current deadline passed without the step being taken
deadline_passed = Signal()
