"""Målform on Min side (issue 13): the person chooses bokmål or nynorsk for their letters; the choice is kept
on the person, opens Min side in that form at the next login, and is refused for someone without the right."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from helhet.core.models import ChangeRecord
from helhet.people.models import PowerOfAttorneyScope, Representation
from tests import factories
from tests.portal.citizen_helpers import citizen_client

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def muni():
    return factories.municipality()


def choose(client, person, form):
    return client.post(reverse("citizen:written_form", args=[person.pk]), {"written_form": form})


def test_choosing_nynorsk_keeps_it_on_the_person_and_opens_min_side_in_nynorsk_at_next_login(muni):
    kari = factories.person(muni, first_name="Kari", birth_date=D(1970, 1, 2))
    client = citizen_client(kari.national_id)
    page = client.get(reverse("citizen:person", args=[kari.pk])).content.decode()
    assert "Skal brev til deg skrives på bokmål eller nynorsk?" in page
    response = choose(client, kari, "nn")
    assert response.status_code == 302 and response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nn"
    kari.refresh_from_db()
    assert kari.written_form == "nn" and kari.letter_language == "nn"
    record = ChangeRecord.objects.for_object(kari).filter(field="written_form").get()
    assert "Endret av innbyggeren selv" in record.reason
    assert (
        "Brev frå kommunen blir no skrivne på nynorsk." in client.get(response["Location"]).content.decode()
    )

    fresh = Client()  # another browser, no language cookie: the login brings the målform with it
    login = fresh.post(reverse("citizen:login"), {"pid": kari.national_id})
    assert login.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nn"
    assert 'lang="nn"' in fresh.get(reverse("citizen:person", args=[kari.pk])).content.decode()


def test_a_person_who_never_chose_keeps_the_browsers_language_at_login(muni):
    ola = factories.person(muni, birth_date=D(1980, 1, 2))
    login = Client().post(reverse("citizen:login"), {"pid": ola.national_id})
    assert settings.LANGUAGE_COOKIE_NAME not in login.cookies


def test_a_bad_value_is_refused_and_changes_nothing(muni):
    kari = factories.person(muni, birth_date=D(1970, 1, 2))
    client = citizen_client(kari.national_id)
    for bad in ("", "en", "nn\x00", "x" * 500):
        response = choose(client, kari, bad)
        assert response.status_code in (302, 422)
        kari.refresh_from_db()
        assert kari.written_form == ""
    assert (
        "Velg bokmål eller nynorsk." in client.get(reverse("citizen:person", args=[kari.pk])).content.decode()
    )


def test_a_representative_chooses_for_the_person_without_changing_their_own_pages(muni):
    mother = factories.person(muni, first_name="Astrid", birth_date=D(1936, 5, 6))
    son = factories.person(muni, first_name="Per", birth_date=D(1965, 5, 6))
    factories.relative(
        mother,
        name="Per Nordmann",
        relation="child",
        national_id=son.national_id,
        representation=Representation.POWER_OF_ATTORNEY,
    )
    client = citizen_client(son.national_id)
    page = client.get(reverse("citizen:person", args=[mother.pk])).content.decode()
    assert "Skal brev til Astrid skrives på bokmål eller nynorsk?" in page
    response = choose(client, mother, "nn")
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies  # his pages stay as they were
    mother.refresh_from_db()
    assert mother.written_form == "nn"
    record = ChangeRecord.objects.for_object(mother).filter(field="written_form").get()
    assert "Per Nordmann" in record.reason


def test_a_follow_only_fullmakt_may_not_choose_and_another_persons_id_is_404(muni):
    mother = factories.person(muni, first_name="Astrid", birth_date=D(1936, 5, 6))
    son = factories.person(muni, first_name="Per", birth_date=D(1965, 5, 6))
    stranger = factories.person(muni, first_name="Ola", birth_date=D(1990, 5, 6))
    factories.relative(
        mother,
        name="Per Nordmann",
        relation="child",
        national_id=son.national_id,
        representation=Representation.POWER_OF_ATTORNEY,
        scope=PowerOfAttorneyScope.FOLLOW,
    )
    client = citizen_client(son.national_id)
    assert (
        "bokmål eller nynorsk" not in client.get(reverse("citizen:person", args=[mother.pk])).content.decode()
    )
    assert choose(client, mother, "nn").status_code == 404
    assert choose(client, stranger, "nn").status_code == 404
    mother.refresh_from_db()
    stranger.refresh_from_db()
    assert mother.written_form == stranger.written_form == ""
