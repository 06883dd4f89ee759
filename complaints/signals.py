"""How the complaints core tells the apps built on it what happened. Each signal is sent by
one service (``complaints.services.announce``, ``complaints.deadlines.deadlines_sweep``), in
the change's database transaction."""

from django.dispatch import Signal

# complaint, event ("filed", "assigned" with ``assignee``, or a transition's name), by (the
# actor: a user, a complainant, the system)
complaint_changed = Signal()
# events: the deadline events the sweep just sent, as rows (see ``deadlines_sweep``).
# Receivers return {event id: [whom they told]}, which the sweep records on each event.
deadlines_reached = Signal()
