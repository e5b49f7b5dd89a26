"""`flush` empties every table, the append-only ones too; on SQLite their delete guards are lifted for that one
command.

Django's test runner flushes the database between transactional tests; an operator who runs `helhet flush`
means to empty the whole database. The guard is back in place in the same transaction.
"""

from typing import Any

from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from helhet.access import guards
from helhet.core import appendonly

CHANGE_HISTORY_GUARD = appendonly.sqlite_delete_guard("core_changerecord")


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        database = options.get("database") or DEFAULT_DB_ALIAS
        connection = connections[database]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        lifted = [*guards.sqlite_delete_guards(), ("core_changerecord_no_delete", CHANGE_HISTORY_GUARD)]
        with transaction.atomic(using=database), connection.cursor() as cursor:
            for name, _ in lifted:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            super().handle(**options)
            for _, statement in lifted:
                cursor.execute(statement)
