"""Until reviewed, an emergency access changes only by its review, and only once: the database refuses an
update of an unreviewed row that leaves reviewed_at empty or touches any other column (who, whom, why, when,
for how long), so the runtime role cannot rewrite one before the leader sees it."""

from django.db import migrations

from helhet.access import guards


def install_guard(apps, schema_editor):
    guards.install_emergency_review_only(schema_editor)


def remove_guard(apps, schema_editor):
    guards.remove_emergency_review_only(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("access", "0013_citizen_account"),
    ]

    operations = [
        migrations.RunPython(install_guard, remove_guard),
    ]
