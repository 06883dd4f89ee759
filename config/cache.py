"""A Redis cache for what can always be rebuilt (page parts): when Redis does not answer, a
read misses and a write is skipped, so the page is built as if nothing were cached."""

import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class RebuildableRedisCache(RedisCache):
    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError:
            logger.warning("Page cache unavailable; building the page", exc_info=True)
            return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except RedisError:
            logger.warning("Page cache unavailable; not keeping the page", exc_info=True)
