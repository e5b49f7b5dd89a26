"""«Hva kan jeg få hjelp til?» never shows the office's thresholds as conditions: the need is assessed
individually, and where the law gives a right, the page names it with its section."""

import importlib

import pytest
from django.apps import apps

from helhet.catalogue.models import Service
from tests.portal.test_pages import _services
from tests.portal.test_pages import catalogue as catalogue  # noqa: F401 - the fixture

migration = importlib.import_module("helhet.catalogue.migrations.0009_citizen_texts_payment_rules")


def _card(html: str, name: str) -> str:
    start = html.index(f"<summary>{name}</summary>")
    return html[start : html.index("</details>", start)]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["bpa", "hjemmehjelp", "sykehjem", "dusje", "alarm"])
def test_no_threshold_is_shown_as_a_condition(client, catalogue, query):
    html = _services(client, catalogue, q=query).content.decode()
    for condition in ("Dette må gjelde", "Minst ett av dette", "av dette:", "trenger noe hjelp eller mer"):
        assert condition not in html, condition
    assert "Vi vurderer alltid behovet ditt individuelt." in html


@pytest.mark.django_db
def test_bpa_names_the_right_its_hours_and_that_others_may_get_it(client, catalogue):
    card = _card(
        _services(client, catalogue, q="bpa").content.decode(), "Brukerstyrt personlig assistanse (BPA)"
    )
    assert "Dette må gjelde: under 67 år" not in card
    assert "pasient- og brukerrettighetsloven § 2-1 d" in card
    assert "32 timer" in card and "Kommunen skal også tilby BPA til andre" in card


@pytest.mark.django_db
def test_social_assistance_also_tops_up_a_low_income(client, catalogue):
    card = _card(_services(client, catalogue, q="husleie").content.decode(), "Økonomisk sosialhjelp")
    assert "ikke har annen inntekt" not in card
    assert "også når du har inntekt" in card and "sosialtjenesteloven § 18" in card


@pytest.mark.django_db
def test_payment_texts_do_not_contradict_themselves(catalogue):
    alarm = Service.objects.get(municipality=catalogue, name="Trygghetsalarm")
    assert (
        alarm.get_payment_rule_display() == "Egenandel med fast pris" and "inntekt" not in alarm.payment_note
    )
    housing = Service.objects.get(municipality=catalogue, name="Midlertidig botilbud")
    assert housing.get_payment_rule_display() != "Gratis" and "betale" in housing.payment_note


@pytest.mark.django_db
def test_the_migration_changes_only_the_old_default_texts(catalogue, other_municipality):
    from helhet.catalogue.services import catalogue_install_defaults
    from tests.portal.test_pages import DAY

    catalogue_install_defaults(municipality=other_municipality, on=DAY)
    bpa = "Brukerstyrt personlig assistanse (BPA)"
    old, new = migration.CHANGES[bpa]["description"]
    Service.objects.filter(municipality=catalogue, name=bpa).update(description=old)
    Service.objects.filter(municipality=other_municipality, name=bpa).update(description="Vår egen tekst.")
    old_rule, _new_rule = migration.CHANGES["Trygghetsalarm"]["payment_rule"]
    Service.objects.filter(municipality=catalogue, name="Trygghetsalarm").update(payment_rule=old_rule)
    migration.forwards(apps, None)
    assert Service.objects.get(municipality=catalogue, name=bpa).description == new
    assert Service.objects.get(municipality=other_municipality, name=bpa).description == "Vår egen tekst."
    assert Service.objects.get(municipality=catalogue, name="Trygghetsalarm").payment_rule == "fixed_price"
