"""Who else has a case open: each case page (and its poll every few seconds) says "I am here"
in the shared cache; the others who said so within PRESENT_SECONDS are shown."""

import time

from django.core.cache import cache

PRESENT_SECONDS = 45
POLL_SECONDS = 15


def here(complaint_id, user):
    """Records that ``user`` has the case open; returns the names of the others who do."""
    key, now = f"case-viewers:{complaint_id}", time.time()
    viewers = {uid: seen for uid, seen in (cache.get(key) or {}).items() if now - seen[1] < PRESENT_SECONDS}
    viewers[user.pk] = (user.get_full_name() or user.get_username(), now)
    cache.set(key, viewers, PRESENT_SECONDS)
    return sorted(name for uid, (name, _at) in viewers.items() if uid != user.pk)
