"""Celery beat that is safe to start twice: the schedules live in the database
(django-celery-beat), and only the beat holding a lock in the broker's Redis sends them. A
second beat waits, and takes over within ``BEAT_LOCK_SECONDS`` if the first stops."""

import logging
import os
import socket

import redis
from django.conf import settings
from django_celery_beat.schedulers import DatabaseScheduler

logger = logging.getLogger(__name__)

LOCK_KEY = "complaint-desk:beat"


class SingleBeatScheduler(DatabaseScheduler):
    """django-celery-beat's scheduler, ticking only while it holds the beat lock (redis-py's
    ``Lock``, renewed at every tick). With a broker that is not Redis (the development
    folder), there is no lock: ``make run`` starts one beat."""

    def __init__(self, *args, **kwargs):
        self._lock = None
        super().__init__(*args, **kwargs)
        url = self.app.conf.broker_url or ""
        if url.startswith(("redis://", "rediss://")):
            client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
            self._lock = client.lock(LOCK_KEY, timeout=settings.BEAT_LOCK_SECONDS, thread_local=False)
        self._token = f"{socket.gethostname()}:{os.getpid()}"

    def tick(self, *args, **kwargs):
        renew = settings.BEAT_LOCK_SECONDS / 3
        if not self._leading():
            return min(self.max_interval, renew)
        return min(super().tick(*args, **kwargs), renew)

    def _leading(self) -> bool:
        if self._lock is None:
            return True
        try:
            if self._lock.owned():
                self._lock.reacquire()
                return True
            if self._lock.acquire(blocking=False, token=self._token):
                logger.info("This beat now sends the schedules (lock %s)", LOCK_KEY)
                return True
        except redis.RedisError:
            logger.warning("Beat lock unavailable: sending nothing until Redis answers", exc_info=True)
        return False
