"""Reads from the replica, writes to the primary (DATABASE_REPLICA_URL, production settings).

A replica lags the primary by a moment: a page published a second ago may still be missing
there. Reads inside a transaction on the primary (saving, publishing, every admin form) stay on
the primary, so a write is never followed by a stale read in the same piece of work.
"""

from django.db import connections

PRIMARY = "default"
REPLICA = "replica"


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # both databases hold the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY
