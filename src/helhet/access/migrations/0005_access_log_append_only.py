"""The access log is append-only in the database too, not only in the model."""

from django.db import migrations

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION access_accesslog_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'access log rows are never changed or deleted';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER access_accesslog_no_update BEFORE UPDATE OR DELETE ON access_accesslog
  FOR EACH ROW EXECUTE FUNCTION access_accesslog_append_only();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS access_accesslog_no_update ON access_accesslog;
DROP FUNCTION IF EXISTS access_accesslog_append_only();
"""
# SQLite: updates only; Django's test flush empties tables with DELETE, which must keep working.
SQLITE_UP = """
CREATE TRIGGER access_accesslog_no_update BEFORE UPDATE ON access_accesslog
BEGIN SELECT RAISE(ABORT, 'access log rows are never changed'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS access_accesslog_no_update;"


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)


class Migration(migrations.Migration):
    dependencies = [("access", "0004_access_log_protect_person")]
    operations = [migrations.RunPython(forwards, backwards)]
