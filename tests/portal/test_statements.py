"""The default statements say what the law asks and nothing untrue, and are marked until the municipality
has reviewed them (personvernforordningen articles 13–14; forskrift om universell utforming av IKT)."""

import pytest
from django.urls import reverse

from helhet.catalogue.services import catalogue_install_defaults
from helhet.core.calendar import local_today
from helhet.portal import statements
from helhet.portal.models import PublicProfile
from tests.portal.test_pages import DAY

UNREVIEWED = "Standardtekst – ikke gjennomgått av kommunen"
PROFILE = {
    "contact_name": "Servicetorget",
    "phone": "51 46 80 00",
    "email": "post@demo.kommune.no",
    "street_address": "Torget 1",
    "postal_code": "4370",
    "postal_place": "Egersund",
    "privacy_officer": "Kari Nordmann, personvernombud@demo.kommune.no",
}


@pytest.fixture
def catalogue(municipality):
    catalogue_install_defaults(municipality=municipality, on=DAY)
    return municipality


def _page(client, name, municipality) -> str:
    return client.get(reverse(name, args=[municipality.number])).content.decode()


@pytest.mark.django_db
def test_the_default_privacy_statement_tells_what_articles_13_and_14_ask(client, catalogue):
    html = _page(client, "portal:privacy", catalogue)
    for said in (
        UNREVIEWED,
        "personvernombud",
        "Statsforvalteren",
        "Kommunalt pasient- og brukerregister (KPR)",
        "databehandlere",
        "Folkeregisteret",
        "fastlegen din og sykehuset",
        "pårørende",
        "bekymret for deg",
        "samtykket",
        "trekke samtykket tilbake",
        "Må du gi oss opplysningene?",
        "Ingen avgjørelser om deg tas automatisk",
        "Tilgangsloggen oppbevares så lenge kommunens bevaringsplan sier",
        "pasientjournalloven § 18",
        "brukerrettighetsloven § 5-1",
        "forvaltningsloven § 18",
        "Datatilsynet",
    ):
        assert said in html, said
    assert "Opplysninger vi ikke lenger trenger, slettes" not in html
    assert "Helhet sletter ingenting av seg selv" in html


@pytest.mark.django_db
def test_the_privacy_statement_names_the_real_controller_and_officer(client, catalogue, admin_user):
    html = _page(client, "portal:privacy", catalogue)
    assert "ikke lagt inn kontakten til personvernombudet" in html  # honest until the profile says
    client.force_login(admin_user)
    assert client.post(reverse("portal:profile"), PROFILE).status_code == 302
    html = _page(client, "portal:privacy", catalogue)
    assert "Kari Nordmann, personvernombud@demo.kommune.no" in html
    assert "Torget 1, 4370 Egersund" in html and "51 46 80 00" in html
    assert UNREVIEWED in html  # blank statements: still the default


@pytest.mark.django_db
def test_the_default_accessibility_statement_says_it_is_not_yet_made(client, catalogue):
    html = _page(client, "portal:accessibility", catalogue)
    assert UNREVIEWED in html
    assert "har kommunen ikke laget tilgjengelighetserklæringen" in html
    assert 'href="https://uustatus.no"' in html
    assert str(local_today().year) in html
    assert "Du får svar innen to uker" in html and "uutilsynet.no" in html
    for untrue in ("delvis i samsvar", "Vi kjenner ikke til brudd", "testet automatisk med verktøyet axe"):
        assert untrue not in html


@pytest.mark.django_db
def test_with_the_uustatus_link_the_default_points_there(client, catalogue, admin_user):
    client.force_login(admin_user)
    link = "https://uustatus.no/nb/erklaringar/publisert/0000-demo"
    assert client.post(reverse("portal:profile"), PROFILE | {"uustatus_url": link}).status_code == 302
    html = _page(client, "portal:accessibility", catalogue)
    assert f'href="{link}"' in html and "ikke laget tilgjengelighetserklæringen" not in html


@pytest.mark.django_db
def test_the_form_marks_the_unreviewed_defaults_and_saving_them_unchanged_keeps_them_default(
    client, catalogue, admin_user
):
    client.force_login(admin_user)
    form = client.get(reverse("portal:profile")).context["form"]
    assert str(form.fields["privacy_statement"].help_text).startswith(UNREVIEWED)
    assert str(form.fields["accessibility_statement"].help_text).startswith(UNREVIEWED)
    posted = PROFILE | {
        "privacy_statement": form.initial["privacy_statement"],
        "accessibility_statement": "## Vår egen\n\nKommunens egen erklæring.",
    }
    assert client.post(reverse("portal:profile"), posted).status_code == 302
    profile = PublicProfile.objects.get(municipality=catalogue)
    assert profile.privacy_statement == ""  # the default saved unchanged stays the default
    assert UNREVIEWED in _page(client, "portal:privacy", catalogue)
    html = _page(client, "portal:accessibility", catalogue)
    assert UNREVIEWED not in html and "Kommunens egen erklæring." in html
    form = client.get(reverse("portal:profile")).context["form"]
    assert str(form.fields["privacy_statement"].help_text).startswith(UNREVIEWED)
    assert not str(form.fields["accessibility_statement"].help_text).startswith(UNREVIEWED)


def test_the_unreviewed_mark_is_one_text():
    assert str(statements.UNREVIEWED) == UNREVIEWED
