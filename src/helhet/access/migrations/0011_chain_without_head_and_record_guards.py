"""The access log's chain needs no mutable head (writers lock and read the last row), so the runtime role
needs no UPDATE right on anything of the log; account events become append-only in the database too, and a
reviewed emergency access can no longer be changed (nor any emergency access deleted)."""

from django.db import migrations

from helhet.access import guards


def install_guards(apps, schema_editor):
    guards.install_records(schema_editor)


def remove_guards(apps, schema_editor):
    guards.remove_records(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('access', '0010_access_log_chain_and_emergency'),
        ('core', '0004_change_history_no_delete'),
    ]

    operations = [
        migrations.DeleteModel(
            name='AccessLogHead',
        ),
        migrations.RunPython(install_guards, remove_guards),
    ]
