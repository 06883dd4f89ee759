"""Stored files follow the transaction of their rows: a file written in a transaction that
rolls back is removed, and a file is removed only once the deletion of its row is committed."""

import logging
import weakref

from django.db import transaction

logger = logging.getLogger(__name__)


def _remove(storage, name):
    try:
        storage.delete(name)
    except Exception:  # noqa: BLE001 (a storage outage must not turn a refusal into a 500)
        logger.warning("Could not remove stored file %s", name, exc_info=True)


class _Written:
    """A file written inside a transaction. Django holds ``keep`` in the connection's on-commit
    list, the only reference to this object: on commit it calls ``keep``; on a rollback of the
    transaction, or of the savepoint the file was written in, it drops the list entry, the
    object is freed at once and its finalizer removes the file. Django 5.2 has no on-rollback
    hook, and the outer transaction often belongs to the caller (the portal's add-material)."""

    def __init__(self, storage, name):
        self._finalizer = weakref.finalize(self, _remove, storage, name)

    def keep(self):
        self._finalizer.detach()


def file_save(*, field_file, name: str, content) -> str:
    """Write ``content`` through the model's file field; unless the current transaction
    commits, the stored file is removed again. Returns the stored name."""
    field_file.save(name, content, save=False)
    transaction.on_commit(_Written(field_file.storage, field_file.name).keep, robust=True)
    return field_file.name


def file_delete(*, field_file) -> None:
    """Remove the stored file once the current transaction commits (a rollback keeps it, as
    it keeps the row that names it)."""
    storage, name = field_file.storage, field_file.name
    transaction.on_commit(lambda: _remove(storage, name), robust=True)
