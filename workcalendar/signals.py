from django.dispatch import Signal

# Sent after the official calendar changed, with ``years`` (ints: years entered or removed) and
# ``dates`` (days whose kind changed in a year that was already known).
calendar_changed = Signal()
