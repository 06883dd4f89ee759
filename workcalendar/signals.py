from django.dispatch import Signal

# Sent with ``years`` (a set of ints) after staff change the official calendar.
calendar_changed = Signal()
