"""Payment notes after egenandelsforskriften: practical help under 2 G is capped, not free (domain.md §5)."""

import datetime
import importlib

from django.apps import apps

from helhet.catalogue.models import Service
from helhet.catalogue.services import catalogue_install_defaults

migration = importlib.import_module("helhet.catalogue.migrations.0006_payment_notes_egenandel")
PRACTICAL = "Praktisk bistand – daglige gjøremål"


def test_new_catalogues_say_practical_help_under_2g_has_a_monthly_maximum(municipality):
    catalogue_install_defaults(municipality=municipality, on=datetime.date(2026, 11, 23))
    for name in (PRACTICAL, "Praktisk bistand – opplæring", "Brukerstyrt personlig assistanse (BPA)"):
        note = Service.objects.get(municipality=municipality, name=name).payment_note
        assert "maksimumsbeløp per måned (egenandelsforskriften § 10)" in note
        assert "gratis under 2 g" not in note.casefold()


def test_the_migration_replaces_only_the_old_default_text(municipality, other_municipality):
    catalogue_install_defaults(municipality=municipality, on=datetime.date(2026, 11, 23))
    catalogue_install_defaults(municipality=other_municipality, on=datetime.date(2026, 11, 23))
    old, new = migration.NOTES[PRACTICAL]
    Service.objects.filter(municipality=municipality, name=PRACTICAL).update(payment_note=old)
    own = "Kommunen tar ikke egenandel for praktisk bistand."
    Service.objects.filter(municipality=other_municipality, name=PRACTICAL).update(payment_note=own)
    migration.forwards(apps, None)
    assert Service.objects.get(municipality=municipality, name=PRACTICAL).payment_note == new
    assert Service.objects.get(municipality=other_municipality, name=PRACTICAL).payment_note == own
