"""The change history's database guards become the shared append-only ones (core.appendonly): on SQLite a
delete is refused too (flush lifts that guard for itself), on PostgreSQL the trigger gets the shared name."""

from django.db import migrations

from helhet.core import appendonly

TABLE = "core_changerecord"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS core_changerecord_no_update ON {TABLE}")
        schema_editor.execute("DROP FUNCTION IF EXISTS core_changerecord_append_only()")
    appendonly.install(schema_editor, TABLE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_delete")


class Migration(migrations.Migration):
    dependencies = [("core", "0003_change_history")]

    operations = [migrations.RunPython(forwards, backwards)]
