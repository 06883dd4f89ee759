"""Reference data kept in the shared cache (the ``default`` alias: Redis in production) and
dropped at once, for every process, when it changes.

Each kind of data has a generation: a token in the cache that a committed change replaces.
A value is kept with the generation it was read under and is used only while that generation
is current. The token is replaced on commit, not before: a process that reads the rows while the
change is not yet committed keeps them under the old token, which is no longer current once
the change is.
"""

import uuid

from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models.signals import post_delete, post_migrate, post_save

# A bound on how long a value can outlive a change whose new token was not written (the cache
# did not answer at that moment); a change otherwise shows on the next read.
TIMEOUT = 60 * 60


class Generation:
    def __init__(self, name: str):
        self.name = name
        self.key = f"{name}:generation"

    def get_or_read(self, key: str, read):
        """What ``read()`` returns, from the cache when it was kept under the current generation.
        Inside a transaction that changed the data (not committed yet), always ``read()``."""
        if self.pending():
            return read()
        key = f"{self.name}:{key}"
        found = cache.get_many([self.key, key])
        current = found.get(self.key) or self._start()
        kept = found.get(key)
        if current is not None and kept is not None and kept[0] == current:
            return kept[1]
        value = read()
        if current is not None:
            cache.set(key, (current, value), TIMEOUT)
        return value

    def changed(self, using=None):
        """The data changed: every value is dropped when the transaction commits (at once
        outside a transaction)."""
        if not self.pending(using):
            transaction.on_commit(self.bump, using=using)

    def follow(self, *models):
        """Drop the values when a row of ``models`` is saved or deleted, and after ``migrate``
        or ``flush`` of their apps (historical models send no signal). Writes that send no
        signal (``update()``, ``bulk_create()``) call ``changed()`` themselves."""
        labels = {model._meta.app_label for model in models}

        def saved_or_deleted(sender, using=None, **kwargs):
            self.changed(using)

        def migrated(sender, **kwargs):
            if sender.label in labels:
                self.bump_if_cached()

        for model in models:
            for signal, what in ((post_save, "saved"), (post_delete, "deleted")):
                uid = f"{self.name}:{model._meta.label}:{what}"
                signal.connect(saved_or_deleted, sender=model, weak=False, dispatch_uid=uid)
        post_migrate.connect(migrated, weak=False, dispatch_uid=f"{self.name}:migrated")

    def bump(self):
        cache.set(self.key, uuid.uuid4().hex, None)

    def bump_if_cached(self):
        """``bump()`` where the cache may not be usable yet (a database cache table not yet
        created while ``migrate`` runs)."""
        try:
            with transaction.atomic():
                self.bump()
        except DatabaseError:
            pass

    def pending(self, using=None) -> bool:
        """Whether this connection's open transaction changed the data."""
        run_on_commit = getattr(transaction.get_connection(using), "run_on_commit", ())
        return any(entry[1] == self.bump for entry in run_on_commit)

    def _start(self):
        cache.add(self.key, uuid.uuid4().hex, None)
        return cache.get(self.key)
