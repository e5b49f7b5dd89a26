"""Payment notes after egenandelsforskriften § 10: practical help under 2 G is capped, not free.

Only a service whose note is still the old default text is changed, so a municipality's own wording stays.
The texts are copied here, not imported, so the migration keeps meaning what it meant.
"""

from django.db import migrations

# service name: (old default note, new note)
NOTES = {
    "Praktisk bistand – daglige gjøremål": (
        "Egenandel per måned etter husstandens inntekt; gratis under 2 G.",
        "Egenandel per måned etter husstandens inntekt. Har husstanden inntekt under 2 G, betaler dere høyst et fastsatt maksimumsbeløp per måned (egenandelsforskriften § 10); over 2 G setter kommunen tak etter inntekt.",
    ),
    "Praktisk bistand – opplæring": (
        "",
        "Egenandel per måned etter husstandens inntekt. Har husstanden inntekt under 2 G, betaler dere høyst et fastsatt maksimumsbeløp per måned (egenandelsforskriften § 10); over 2 G setter kommunen tak etter inntekt.",
    ),
    "Brukerstyrt personlig assistanse (BPA)": (
        "Egenandel bare for praktisk bistand, etter inntekt.",
        "Egenandel bare for den delen som er praktisk bistand, etter husstandens inntekt; under 2 G høyst et fastsatt maksimumsbeløp per måned (egenandelsforskriften § 10). Personlig stell er gratis.",
    ),
    "Trygghetsalarm": (
        "Fast månedspris, redusert ved lav inntekt.",
        "Fast månedspris som kommunen fastsetter.",
    ),
}


def _replace(apps, *, forward: bool) -> None:
    Service = apps.get_model("catalogue", "Service")
    for name, (old, new) in NOTES.items():
        before, after = (old, new) if forward else (new, old)
        Service.objects.filter(name=name, payment_note=before).update(payment_note=after)


def forwards(apps, schema_editor):
    _replace(apps, forward=True)


def backwards(apps, schema_editor):
    _replace(apps, forward=False)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0005_appeal_weeks_messages")]
    operations = [migrations.RunPython(forwards, backwards)]
