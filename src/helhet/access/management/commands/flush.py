"""`flush` empties every table, the access log too; on SQLite its delete guard is lifted for that one command.

Django's test runner flushes the database between transactional tests; an operator who runs `helhet flush`
means to empty the whole database. The guard is back in place in the same transaction.
"""

from typing import Any

from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from helhet.access import guards


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        database = options.get("database") or DEFAULT_DB_ALIAS
        connection = connections[database]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        with transaction.atomic(using=database), connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER IF EXISTS access_accesslog_no_delete")
            super().handle(**options)
            cursor.execute(guards.SQLITE_DELETE_GUARD)
