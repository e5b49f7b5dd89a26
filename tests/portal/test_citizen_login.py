import datetime

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from helhet.access import roles
from helhet.access.models import CitizenAccount
from helhet.people.models import Representation
from tests import factories
from tests.portal.citizen_helpers import citizen_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def muni():
    return factories.municipality()


def test_the_development_login_finds_the_person_and_opens_min_side(muni):
    kari = factories.person(muni, first_name="Kari", birth_date=datetime.date(1950, 3, 4))
    client = citizen_client(kari.national_id)
    page = client.get(reverse("citizen:home")).content.decode()
    assert "Meg selv" in page
    assert client.get(reverse("citizen:person", args=[kari.pk])).status_code == 200
    account = CitizenAccount.objects.get(pid=kari.national_id)
    assert kari.national_id not in account.user.username  # the number never shows as a user name
    assert not account.user.has_usable_password() and not account.user.groups.exists()


def test_an_invalid_number_is_refused_in_norwegian(muni):
    response = Client().post(reverse("citizen:login"), {"pid": "12345678901"})
    assert response.status_code == 200
    assert "ikke et gyldig fødselsnummer" in response.content.decode()
    assert not CitizenAccount.objects.exists()


@override_settings(HELHET_CITIZEN_DEV_LOGIN=False)
def test_without_the_development_login_the_form_is_gone_and_a_post_is_404(muni):
    kari = factories.person(muni)
    client = Client()
    assert "Testinnlogging" not in client.get(reverse("citizen:login")).content.decode()
    assert client.post(reverse("citizen:login"), {"pid": kari.national_id}).status_code == 404
    assert not CitizenAccount.objects.exists()


def test_production_settings_refuse_the_development_login(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.setenv("HELHET_ACCESS_LOG_KEY", "y" * 60)
    monkeypatch.setenv("HELHET_CITIZEN_DEV_LOGIN", "true")
    with pytest.raises(ImproperlyConfigured, match="HELHET_CITIZEN_DEV_LOGIN"):
        import helhet.config.production as production

        importlib.reload(production)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/personer/",
        "/saker/",
        "/mottak/",
        "/arbeidsliste/",
        "/oppgaver/",
        "/konto/profil/",
        "/brukere/",
        "/tjenester/kommuneprofil/",  # a staff page under the public prefix
    ],
)
def test_a_citizen_never_reaches_a_staff_page(muni, url):
    kari = factories.person(muni)
    assert citizen_client(kari.national_id).get(url).status_code == 404


def test_a_citizen_session_is_not_logged_in_to_the_api(muni):
    kari = factories.person(muni)
    response = citizen_client(kari.national_id).get("/api/v1/persons")
    assert response.status_code in (401, 403)


def test_another_persons_page_is_404(muni):
    kari = factories.person(muni, birth_date=datetime.date(1950, 3, 4))
    ola = factories.person(muni, first_name="Ola", birth_date=datetime.date(1951, 3, 4))
    client = citizen_client(kari.national_id)
    assert client.get(reverse("citizen:person", args=[ola.pk])).status_code == 404
    assert client.get(reverse("citizen:person", args=[999999])).status_code == 404


def test_a_representative_with_fullmakt_acts_for_the_person(muni):
    mother = factories.person(muni, first_name="Astrid", birth_date=datetime.date(1936, 5, 6))
    son = factories.person(muni, first_name="Per", birth_date=datetime.date(1965, 5, 6))
    factories.relative(
        mother,
        name="Per Nordmann",
        relation="child",
        national_id=son.national_id,
        representation=Representation.POWER_OF_ATTORNEY,
    )
    client = citizen_client(son.national_id)
    page = client.get(reverse("citizen:home")).content.decode()
    assert "Astrid Nordmann" in page and "fullmakt" in page
    assert client.get(reverse("citizen:person", args=[mother.pk])).status_code == 200


def test_a_relative_without_representation_does_not_act_for_the_person(muni):
    mother = factories.person(muni, first_name="Astrid", birth_date=datetime.date(1936, 5, 6))
    son = factories.person(muni, first_name="Per", birth_date=datetime.date(1965, 5, 6))
    factories.relative(mother, name="Per Nordmann", relation="child", national_id=son.national_id)
    client = citizen_client(son.national_id)
    assert client.get(reverse("citizen:person", args=[mother.pk])).status_code == 404


def test_a_staff_session_is_not_a_citizen_session(muni, client):
    kari = factories.person(muni)
    staff = factories.user(muni, roles.CASE_WORKER)
    client.force_login(staff)
    assert client.get(reverse("citizen:home")).status_code == 302
    response = client.post(reverse("citizen:login"), {"pid": kari.national_id})
    assert "Logg ut først" in response.content.decode()
    assert not CitizenAccount.objects.exists()


def test_logging_out_ends_the_citizen_session(muni):
    kari = factories.person(muni)
    client = citizen_client(kari.national_id)
    client.post(reverse("citizen:logout"))
    assert client.get(reverse("citizen:home")).status_code == 302
