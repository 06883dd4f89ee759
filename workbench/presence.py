"""Who else has a case open: each case page (and its poll every few seconds) says "I am here"
in the shared cache; the others who said so within PRESENT_SECONDS are shown. Each viewer has a
key of their own (written atomically by each poll); the case's list of viewers changes only when
someone new opens it."""

from django.core.cache import cache

PRESENT_SECONDS = 45
POLL_SECONDS = 15
LIST_SECONDS = 3600


def here(complaint_id, user):
    """Records that ``user`` has the case open; returns the names of the others who do."""
    listed = f"case-viewers:{complaint_id}"
    cache.set(f"{listed}:{user.pk}", user.get_full_name() or user.get_username(), PRESENT_SECONDS)
    viewers = set(cache.get(listed) or ())
    if user.pk not in viewers:
        viewers.add(user.pk)
        cache.set(listed, viewers, LIST_SECONDS)
    present = cache.get_many([f"{listed}:{pk}" for pk in viewers if pk != user.pk])
    return sorted(present.values())
