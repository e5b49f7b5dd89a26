from django.db import migrations


def add_variables(apps, schema_editor):
    from helhet.catalogue.defaults import FUNCTIONAL_VARIABLES, VARIABLES_VALID_FROM

    FunctionalVariable = apps.get_model("catalogue", "FunctionalVariable")
    for position, (code, name, noun, kind) in enumerate(FUNCTIONAL_VARIABLES):
        FunctionalVariable.objects.get_or_create(
            code=code,
            defaults={"name": name, "noun": noun, "kind": kind, "position": position, "valid_from": VARIABLES_VALID_FROM},
        )


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]
    operations = [migrations.RunPython(add_variables, migrations.RunPython.noop)]
