"""Statistics read from a replica when one is configured (DATABASE_REPLICA_URL): the queries
made inside ``statistics_reads()`` go to STATISTICS_DATABASE; everything else, and every write,
goes to the primary. Migrations run on the primary only (the replica follows it)."""

import contextlib
import contextvars

from django.conf import settings

_statistics = contextvars.ContextVar("statistics_reads", default=False)


@contextlib.contextmanager
def statistics_reads():
    token = _statistics.set(True)
    try:
        yield
    finally:
        _statistics.reset(token)


class StatisticsRouter:
    def db_for_read(self, model, **hints):
        return settings.STATISTICS_DATABASE if _statistics.get() else None

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"
