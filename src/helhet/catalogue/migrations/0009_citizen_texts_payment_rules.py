"""Default catalogue texts a citizen could misread (legal review, December 2026).

BPA is a right under 67 with a need measured in hours (pbrl § 2-1 d) and is offered to others too (hol § 3-8);
økonomisk sosialhjelp also tops up a low income (sotjl § 18); a temporary home (sotjl § 27) may cost; a
safety alarm has a fixed price, not one by income. Each field is changed only where it still holds the old
default, so a municipality's own wording stays. The texts are copied here so the migration keeps its meaning.
"""

from django.db import migrations, models

# service name: {field: (old default, new default)}
CHANGES = {
    "Brukerstyrt personlig assistanse (BPA)": {
        "description": (
            "Du styrer selv hvem som hjelper deg, når og hvordan. Rett ved langvarig og stort behov (under 67 år).",
            "Du styrer selv hvem som hjelper deg, når og hvordan. Er du under 67 år og har et langvarig og stort behov, har du rett til BPA: som hovedregel når du trenger minst 32 timer hjelp i uken, og ofte også ved 25–32 timer. Kommunen skal også tilby BPA til andre som trenger praktisk bistand.",
        ),
        "who_for": (
            "Personer med langvarig og stort behov for personlig assistanse.",
            "Personer som trenger praktisk bistand og personlig assistanse i hverdagen, også over 67 år.",
        ),
    },
    "Økonomisk sosialhjelp": {
        "description": (
            "Penger til livsopphold når du ikke kan forsørge deg selv på annen måte.",
            "Penger til livsopphold når du ikke kan forsørge deg selv, helt eller delvis, med arbeid, trygd eller andre inntekter.",
        ),
        "who_for": (
            "Alle som oppholder seg i kommunen og ikke har annen inntekt å leve av.",
            "Alle som oppholder seg i kommunen og ikke kan sørge for livsoppholdet sitt selv. Du kan få hjelp også når du har inntekt, hvis den ikke er nok å leve av.",
        ),
    },
    "Midlertidig botilbud": {
        "payment_rule": ("free", "may_cost"),
        "payment_note": (
            "",
            "Du kan måtte betale for oppholdet. Har du ikke penger til det, vurderer NAV om du kan få økonomisk sosialhjelp.",
        ),
    },
    "Trygghetsalarm": {
        "payment_rule": ("income_capped", "fixed_price"),
        "payment_note": ("Fast månedspris som kommunen fastsetter.", "Kommunen fastsetter prisen per måned."),
    },
}


def _replace(apps, *, forward: bool) -> None:
    Service = apps.get_model("catalogue", "Service")
    for name, fields in CHANGES.items():
        for field, (old, new) in fields.items():
            before, after = (old, new) if forward else (new, old)
            Service.objects.filter(name=name, **{field: before}).update(**{field: after})


def forwards(apps, schema_editor):
    _replace(apps, forward=True)


def backwards(apps, schema_editor):
    _replace(apps, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0008_search_terms_offices"),
    ]

    operations = [
        migrations.AlterField(
            model_name="service",
            name="payment_rule",
            field=models.CharField(
                choices=[
                    ("free", "Gratis"),
                    ("income_capped", "Egenandel etter inntekt, med tak"),
                    ("per_day", "Egenandel per døgn eller dag"),
                    ("fixed_price", "Egenandel med fast pris"),
                    ("may_cost", "Kan koste noe"),
                ],
                default="free",
                max_length=15,
                verbose_name="betaling",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
