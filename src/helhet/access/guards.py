"""The database's own refusals for the access log, per vendor (installed by migration 0007).

PostgreSQL: BEFORE UPDATE OR DELETE refuses for every role, the table's owner included, and BEFORE INSERT
stamps `at` with now(), so a backdated row cannot be inserted. (TRUNCATE and disabling triggers are left to
the owner, which the application never runs as: see `helhet db-roles`.)

SQLite: triggers refuse UPDATE and DELETE, and an insert whose time is more than five minutes from the
database's clock. Anyone who can write the file can drop them; SQLite is for one machine.
"""

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

POSTGRESQL_INSTALL = """
CREATE OR REPLACE FUNCTION access_accesslog_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'access log rows are never changed or deleted';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS access_accesslog_no_update ON access_accesslog;
CREATE TRIGGER access_accesslog_no_update BEFORE UPDATE OR DELETE ON access_accesslog
  FOR EACH ROW EXECUTE FUNCTION access_accesslog_append_only();
CREATE OR REPLACE FUNCTION access_accesslog_stamp_time() RETURNS trigger AS $$
BEGIN
  NEW.at := now();
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS access_accesslog_stamp_time ON access_accesslog;
CREATE TRIGGER access_accesslog_stamp_time BEFORE INSERT ON access_accesslog
  FOR EACH ROW EXECUTE FUNCTION access_accesslog_stamp_time();
"""
POSTGRESQL_REMOVE = """
DROP TRIGGER IF EXISTS access_accesslog_no_update ON access_accesslog;
DROP TRIGGER IF EXISTS access_accesslog_stamp_time ON access_accesslog;
DROP FUNCTION IF EXISTS access_accesslog_stamp_time();
"""
POSTGRESQL_TRIGGERS = ("access_accesslog_no_update", "access_accesslog_stamp_time")

SQLITE_DELETE_GUARD = """
CREATE TRIGGER IF NOT EXISTS access_accesslog_no_delete BEFORE DELETE ON access_accesslog
BEGIN SELECT RAISE(ABORT, 'access log rows are never deleted'); END;
"""
SQLITE_INSTALL = [
    """
CREATE TRIGGER IF NOT EXISTS access_accesslog_no_update BEFORE UPDATE ON access_accesslog
BEGIN SELECT RAISE(ABORT, 'access log rows are never changed'); END;
""",
    SQLITE_DELETE_GUARD,
    """
CREATE TRIGGER IF NOT EXISTS access_accesslog_time_now BEFORE INSERT ON access_accesslog
WHEN abs(julianday(NEW.at) - julianday('now')) * 86400 > 300
BEGIN SELECT RAISE(ABORT, 'access log rows carry the time they are written'); END;
""",
]
SQLITE_TRIGGERS = ("access_accesslog_no_update", "access_accesslog_no_delete", "access_accesslog_time_now")
SQLITE_REMOVE = [f"DROP TRIGGER IF EXISTS {name};" for name in SQLITE_TRIGGERS]


def install(schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_INSTALL)
    elif vendor == "sqlite":
        for statement in SQLITE_INSTALL:
            schema_editor.execute(statement)


def remove(schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_REMOVE)
    elif vendor == "sqlite":
        for statement in SQLITE_REMOVE:
            schema_editor.execute(statement)


def missing(connection: BaseDatabaseWrapper) -> list[str]:
    """The guard triggers this database lacks (a table rebuilt by a later migration loses them on SQLite)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'access_accesslog'::regclass AND tgenabled <> 'D'"
            )
            expected: tuple[str, ...] = POSTGRESQL_TRIGGERS
        elif connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'access_accesslog'"
            )
            expected = SQLITE_TRIGGERS
        else:
            return []
        present = {row[0] for row in cursor.fetchall()}
    return [name for name in expected if name not in present]
