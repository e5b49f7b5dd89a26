"""The database's own refusals for the access log, per vendor (installed by migration 0007).

PostgreSQL: BEFORE UPDATE OR DELETE refuses for every role, the table's owner included, and BEFORE INSERT
stamps `at` with now(), so a backdated row cannot be inserted. (TRUNCATE and disabling triggers are left to
the owner, which the application never runs as: see `helhet db-roles`.)

SQLite: triggers refuse UPDATE and DELETE, and an insert whose time is more than five minutes from the
database's clock. Anyone who can write the file can drop them; SQLite is for one machine.

Migration 0011 adds the account events' append-only guards (core.appendonly) and the emergency accesses'
(never deleted; once reviewed, never changed). `missing` reports every one of them, the change history's too.
"""

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from helhet.core import appendonly

# Append-only tables of this app besides the log (whose guards below also stamp its time).
APPEND_ONLY_TABLES = ("access_accountevent",)
EMERGENCY_TABLE = "access_emergencyaccess"

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


# An emergency access is never deleted, and once reviewed its row (the review included) never changes.
EMERGENCY_POSTGRESQL_INSTALL = """
CREATE OR REPLACE FUNCTION access_emergencyaccess_reviewed_is_final() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'emergency accesses are never deleted';
  END IF;
  IF OLD.reviewed_at IS NOT NULL THEN
    RAISE EXCEPTION 'a reviewed emergency access is never changed';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS access_emergencyaccess_review_final ON access_emergencyaccess;
CREATE TRIGGER access_emergencyaccess_review_final BEFORE UPDATE OR DELETE ON access_emergencyaccess
  FOR EACH ROW EXECUTE FUNCTION access_emergencyaccess_reviewed_is_final();
"""
EMERGENCY_SQLITE_DELETE_GUARD = (
    f"CREATE TRIGGER IF NOT EXISTS {EMERGENCY_TABLE}_no_delete BEFORE DELETE ON {EMERGENCY_TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'emergency accesses are never deleted'); END;"
)
EMERGENCY_SQLITE_INSTALL = [
    f"CREATE TRIGGER IF NOT EXISTS {EMERGENCY_TABLE}_review_final BEFORE UPDATE ON {EMERGENCY_TABLE} "
    "WHEN OLD.reviewed_at IS NOT NULL "
    "BEGIN SELECT RAISE(ABORT, 'a reviewed emergency access is never changed'); END;",
    EMERGENCY_SQLITE_DELETE_GUARD,
]


# Until reviewed, only the review may change an emergency access, and all at once (migration 0014): an
# update of an unreviewed row must set reviewed_at (the check constraint then needs reviewed_by too) and
# leave every other column as it was, so who opened whom, why, when and for how long stays as written.
EMERGENCY_REVIEW_COLUMNS = ("reviewed_by_id", "reviewed_at", "review_note")
EMERGENCY_REVIEW_ONLY_POSTGRESQL = """
CREATE OR REPLACE FUNCTION access_emergencyaccess_reviewed_is_final() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'emergency accesses are never deleted';
  END IF;
  IF OLD.reviewed_at IS NOT NULL THEN
    RAISE EXCEPTION 'a reviewed emergency access is never changed';
  END IF;
  IF NEW.reviewed_at IS NULL THEN
    RAISE EXCEPTION 'an emergency access changes only by its review';
  END IF;
  IF (to_jsonb(NEW) - 'reviewed_by_id' - 'reviewed_at' - 'review_note')
     IS DISTINCT FROM (to_jsonb(OLD) - 'reviewed_by_id' - 'reviewed_at' - 'review_note') THEN
    RAISE EXCEPTION 'a review changes only the review columns of an emergency access';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""
_EMERGENCY_FIXED_COLUMNS = (
    "id",
    "municipality_id",
    "person_id",
    "user_id",
    "reason",
    "granted_at",
    "expires_at",
    "unit_ids",
)
EMERGENCY_REVIEW_ONLY_SQLITE = (
    f"CREATE TRIGGER IF NOT EXISTS {EMERGENCY_TABLE}_review_only BEFORE UPDATE ON {EMERGENCY_TABLE} "
    "WHEN OLD.reviewed_at IS NULL AND (NEW.reviewed_at IS NULL OR "
    + " OR ".join(f"NEW.{column} IS NOT OLD.{column}" for column in _EMERGENCY_FIXED_COLUMNS)
    + ") BEGIN SELECT RAISE(ABORT, 'an emergency access changes only by its review, once'); END;"
)


def install_emergency_review_only(schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Migration 0014: an unreviewed emergency access may change only in its review columns, once."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(EMERGENCY_REVIEW_ONLY_POSTGRESQL)
    elif vendor == "sqlite":
        schema_editor.execute(EMERGENCY_REVIEW_ONLY_SQLITE)


def remove_emergency_review_only(schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(EMERGENCY_POSTGRESQL_INSTALL)  # the function as migration 0011 left it
    elif vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {EMERGENCY_TABLE}_review_only")


def install_records(schema_editor: BaseDatabaseSchemaEditor) -> None:
    """The guards of the account events and the emergency accesses (migration 0011)."""
    for table in APPEND_ONLY_TABLES:
        appendonly.install(schema_editor, table)
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(EMERGENCY_POSTGRESQL_INSTALL)
    elif vendor == "sqlite":
        for statement in EMERGENCY_SQLITE_INSTALL:
            schema_editor.execute(statement)


def remove_records(schema_editor: BaseDatabaseSchemaEditor) -> None:
    for table in APPEND_ONLY_TABLES:
        appendonly.remove(schema_editor, table)
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {EMERGENCY_TABLE}_review_final ON {EMERGENCY_TABLE}")
    elif vendor == "sqlite":
        for name in ("review_final", "no_delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {EMERGENCY_TABLE}_{name}")


def sqlite_delete_guards() -> list[tuple[str, str]]:
    """(trigger name, statement that puts it back) for every SQLite delete guard of this app's tables, so that
    `flush` can lift them for itself alone."""
    guards = [("access_accesslog_no_delete", SQLITE_DELETE_GUARD)]
    guards += [(f"{table}_no_delete", appendonly.sqlite_delete_guard(table)) for table in APPEND_ONLY_TABLES]
    guards.append((f"{EMERGENCY_TABLE}_no_delete", EMERGENCY_SQLITE_DELETE_GUARD))
    return guards


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
    """The guard triggers this database lacks (a table rebuilt by a later migration loses them on SQLite):
    the access log's, the other append-only tables' (the change history's too) and the emergency accesses'."""
    lacking = _missing_log_guards(connection)
    for table in (*APPEND_ONLY_TABLES, "core_changerecord"):
        lacking += appendonly.missing(connection, table)
    if connection.vendor in ("postgresql", "sqlite"):
        names = ["review_final"] + (["no_delete", "review_only"] if connection.vendor == "sqlite" else [])
        lacking += _absent(connection, EMERGENCY_TABLE, [f"{EMERGENCY_TABLE}_{name}" for name in names])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT prosrc FROM pg_proc WHERE proname = 'access_emergencyaccess_reviewed_is_final'"
            )
            source = " ".join(row[0] for row in cursor.fetchall())
        if "changes only by its review" not in source:
            lacking.append("access_emergencyaccess_reviewed_is_final (review only)")
    return lacking


def _absent(connection: BaseDatabaseWrapper, table: str, expected: list[str]) -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND tgenabled <> 'D'", [table]
            )
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table])
        present = {row[0] for row in cursor.fetchall()}
    return [name for name in expected if name not in present]


def _missing_log_guards(connection: BaseDatabaseWrapper) -> list[str]:
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
