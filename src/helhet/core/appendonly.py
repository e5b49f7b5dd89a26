"""Append-only tables (the access log, account events, the change history): rows are written once, never
changed or deleted.

`AppendOnlyModel` refuses save() of a stored row, delete(), and a queryset's update() and delete(). The
database refuses too: on SQLite BEFORE UPDATE / BEFORE DELETE triggers, on PostgreSQL a BEFORE UPDATE OR
DELETE trigger (for every role, the owner included) and a runtime role without UPDATE, DELETE or TRUNCATE
(`helhet db-roles`). Deleting rows at the end of their retention is the owner's documented procedure
(README, "Oppbevaring og sletting"), never the application's.
"""

from typing import Any, NoReturn

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


class AppendOnlyError(Exception):
    """A row of an append-only table was about to be changed or deleted."""


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{self.model._meta.label} rows are never changed")

    def delete(self) -> NoReturn:
        raise AppendOnlyError(f"{self.model._meta.label} rows are never deleted")


class AppendOnlyModel(models.Model):
    """A model whose rows are written once; see the module."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{self._meta.label} rows are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{self._meta.label} rows are never deleted")


def postgresql_install(table: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION helhet_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' rows are never changed or deleted';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS {table}_append_only ON {table};
CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
  FOR EACH ROW EXECUTE FUNCTION helhet_append_only();
"""


def sqlite_delete_guard(table: str) -> str:
    return (
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} rows are never deleted'); END;"
    )


def sqlite_install(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} rows are never changed'); END;",
        sqlite_delete_guard(table),
    ]


def trigger_names(table: str, vendor: str) -> tuple[str, ...]:
    if vendor == "postgresql":
        return (f"{table}_append_only",)
    if vendor == "sqlite":
        return (f"{table}_no_update", f"{table}_no_delete")
    return ()


def install(schema_editor: BaseDatabaseSchemaEditor, table: str) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(postgresql_install(table))
    elif vendor == "sqlite":
        for statement in sqlite_install(table):
            schema_editor.execute(statement)


def remove(schema_editor: BaseDatabaseSchemaEditor, table: str) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    for name in trigger_names(table, vendor) if vendor == "sqlite" else ():
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


def missing(connection: BaseDatabaseWrapper, table: str) -> list[str]:
    """The guard triggers `table` lacks (a table rebuilt by a later migration loses them on SQLite)."""
    expected = trigger_names(table, connection.vendor)
    if not expected:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND tgenabled <> 'D'", [table]
            )
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table])
        present = {row[0] for row in cursor.fetchall()}
    return [name for name in expected if name not in present]
