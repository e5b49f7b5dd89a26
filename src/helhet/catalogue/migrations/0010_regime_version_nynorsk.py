from django.db import migrations, models

# The nynorsk texts of the two default regimes as this migration first gave them (frozen here, not read
# from catalogue.defaults, so the migration means the same whatever the defaults say later).
NYNORSK = {
    "health_care": {
        "acts": {
            "hol": "helse- og omsorgstenestelova",
            "pbrl": "pasient- og brukarrettslova",
            "fvl": "forvaltningslova",
            "hpl": "helsepersonellova",
        },
        "deciding_office": "Tenestekontoret",
        "appeal_deadline_start": "frå du fekk eller burde ha fått kjennskap til vedtaket",
        "appeal_lodged_with": "Tenestekontoret",
        "ombud_text": "Pasient- og brukarombodet kan hjelpe deg gratis med å klage.",
        "office_name": "Tenestekontoret",
    },
    "social": {
        "acts": {"sotjl": "sosialtenestelova", "fvl": "forvaltningslova", "navl": "NAV-lova"},
        "appeal_deadline_start": "frå vedtaket kom fram til deg",
        "appeal_lodged_with": "NAV-kontoret som gjorde vedtaket",
    },
}
# Only texts a municipality has not changed from the defaults get a nynorsk twin.
BOKMAL = {
    "deciding_office": {"Tjenestekontoret"},
    "appeal_deadline_start": {
        "fra du fikk eller burde ha fått kjennskap til vedtaket",
        "fra vedtaket kom fram til deg",
    },
    "appeal_lodged_with": {"Tjenestekontoret", "NAV-kontoret som fattet vedtaket"},
    "ombud_text": {"Pasient- og brukerombudet kan hjelpe deg gratis med å klage."},
    "office_name": {"Tjenestekontoret"},
}


def give_default_versions_nynorsk(apps, schema_editor):
    Version = apps.get_model("catalogue", "LegalRegimeVersion")
    for version in Version.objects.select_related("regime").filter(regime__code__in=NYNORSK):
        wanted = NYNORSK[version.regime.code]
        texts = {"acts": {k: v for k, v in wanted["acts"].items() if k in version.acts}}
        for name, text in wanted.items():
            if name != "acts" and getattr(version, name) in BOKMAL[name]:
                texts[name] = text
        Version.objects.filter(pk=version.pk).update(nynorsk=texts)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0009_citizen_texts_payment_rules"),
    ]

    operations = [
        migrations.AddField(
            model_name="legalregimeversion",
            name="nynorsk",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="Tekstene i brev på nynorsk: lovenes navn («acts») og kontorets, klageinstansens og "
                "fristens tekster. Det som mangler, skrives på bokmål.",
                verbose_name="tekster på nynorsk",
            ),
        ),
        migrations.RunPython(give_default_versions_nynorsk, migrations.RunPython.noop),
    ]
