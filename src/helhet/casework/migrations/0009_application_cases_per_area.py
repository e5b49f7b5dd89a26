"""One application, one case per service area: the case's link to its application is no longer one-to-one
(the column and its values stay; only the uniqueness goes), and each case keeps why it went to its team.
Existing cases take the explanation their application carried."""

import django.db.models.deletion
from django.db import migrations, models


def copy_explanation(apps, schema_editor):
    Case = apps.get_model("casework", "Case")
    Application = apps.get_model("intake", "Application")
    explanations = Application.objects.filter(pk=models.OuterRef("application_id")).values(
        "routing_explanation"
    )[:1]
    Case.objects.filter(routing_explanation="").update(routing_explanation=models.Subquery(explanations))


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0008_legal_dates_appeals"),
        ("intake", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="routing_explanation",
            field=models.CharField(blank=True, max_length=300, verbose_name="hvorfor dette teamet"),
        ),
        migrations.AlterField(
            model_name="case",
            name="application",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cases",
                to="intake.application",
                verbose_name="søknad",
            ),
        ),
        migrations.RunPython(copy_explanation, migrations.RunPython.noop),
    ]
