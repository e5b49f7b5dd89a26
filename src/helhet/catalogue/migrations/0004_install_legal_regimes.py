from django.db import migrations

FIELDS = (
    "acts", "deciding_office", "appeal_weeks", "appeal_deadline_rule", "appeal_deadline_start",
    "appeal_lodged_with", "appeal_body", "appeal_body_rule", "appeal_form_rule", "names_ombud", "ombud_text",
    "interim_rule", "advance_notice_rule", "document_access_rule", "reasons_rule", "office_name", "sources",
)


def install(apps, schema_editor):
    from helhet.catalogue.defaults import LEGAL_REGIMES, regime_code_for

    Service = apps.get_model("catalogue", "Service")
    LegalRegime = apps.get_model("catalogue", "LegalRegime")
    LegalRegimeVersion = apps.get_model("catalogue", "LegalRegimeVersion")
    for municipality_id in Service.objects.values_list("municipality_id", flat=True).distinct():
        regimes = {}
        for data in LEGAL_REGIMES:
            regime, created = LegalRegime.objects.get_or_create(
                municipality_id=municipality_id,
                code=data["code"],
                defaults={"name": data["name"], "service_area": data["service_area"]},
            )
            if created:
                LegalRegimeVersion.objects.create(
                    regime=regime, valid_from=data["valid_from"], **{name: data[name] for name in FIELDS}
                )
            regimes[data["code"]] = regime
        for service in Service.objects.filter(municipality_id=municipality_id, legal_regime__isnull=True):
            service.legal_regime = regimes[regime_code_for(service.legal_basis)]
            service.save(update_fields=["legal_regime"])


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0003_legal_regimes")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
