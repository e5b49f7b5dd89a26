"""One application, several service areas: linked cases, one receipt; the inquiry's words; who may sign."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from helhet.access.services import api_token_create
from helhet.casework import services
from helhet.casework.models import Case
from helhet.catalogue.models import Service
from helhet.intake import services as intake
from helhet.intake.models import Application, Inquiry
from tests import factories

D = datetime.date
TODAY = D(2026, 11, 23)
# The case page with its linked cases: 16 measured on SQLite; the links add one query, not one per case.
# The menu's inbox count, the footer; each access-log write also reads its chain's last row; one reads the
# change history; two the citizen's message thread and the documents kept from innsyn, one the attachments
# and one the letters' deliveries. PostgreSQL first locks the access-log chain: one more.
CASE_PAGE_QUERIES = 27 + (connection.vendor == "postgresql")


@pytest.fixture
def person(municipality):
    return factories.person(municipality, first_name="Ragnhild", last_name="Berg", birth_date=D(1961, 3, 4))


@pytest.fixture
def both(world, municipality):
    home = world["home_health"]
    money = Service.objects.get(municipality=municipality, name="Økonomisk sosialhjelp")
    return home, money


def receive_all(user, person, **extra):
    fields = {"need": "Klarer ikke stell, og pengene tar slutt.", "signed_by": "person"}
    fields.update(extra)
    return services.application_receive_all(
        acting_user=user, municipality=person.municipality, person=person, received_on=TODAY, **fields
    )


def test_needs_in_two_areas_open_two_linked_cases_each_routed_with_its_reason(
    world, case_worker, person, both
):
    home, money = both
    health, nav = receive_all(case_worker, person, wished_services=[money, home])
    assert (health.team.name, nav.team.name) == ("Team 1 (1–15)", "NAV Demo")
    assert health.routing_explanation == "Født den 4. i måneden (dag 1–15) → Team 1 (1–15)"
    assert nav.routing_explanation == "Søknaden gjelder «Økonomisk sosialhjelp» → NAV Demo"
    assert health.application_id == nav.application_id
    assert list(health.linked_cases()) == [nav] and list(nav.linked_cases()) == [health]
    assert Application.objects.count() == 1
    assert f"koblet til sak {nav.pk} (Sosiale tjenester i NAV)" in health.events.last().text


def test_one_area_stays_one_case_and_the_old_path_returns_it(world, case_worker, person, both):
    home, _money = both
    case = services.application_receive(
        acting_user=case_worker,
        municipality=person.municipality,
        person=person,
        need="Stell",
        signed_by="person",
        wished_services=[home],
        received_on=TODAY,
    )
    assert isinstance(case, Case) and Case.objects.count() == 1
    assert not case.linked_cases().exists()


def test_a_failing_area_leaves_nothing_behind(world, case_worker, person, both, municipality):
    home, money = both
    from helhet.intake.models import RoutingRule

    RoutingRule.objects.filter(municipality=municipality, team__name="NAV Demo").delete()
    RoutingRule.objects.filter(municipality=municipality).exclude(kind="service").delete()
    with pytest.raises(ValidationError) as caught:
        receive_all(case_worker, person, wished_services=[home, money])
    assert "routing" in caught.value.message_dict
    assert not Case.objects.exists() and not Application.objects.exists()


def test_receipt_page_lists_each_case_with_team_and_why_and_case_pages_show_the_links(
    client, world, case_worker, person, both, django_assert_max_num_queries
):
    home, money = both
    client.force_login(case_worker)
    response = client.post(
        reverse("casework:application_create") + f"?person={person.pk}",
        {
            "need": "Klarer ikke stell, og pengene tar slutt.",
            "signed_by": "person",
            "wished_services": [home.pk, money.pk],
        },
        follow=True,
    )
    html = response.content.decode()
    health, nav = Case.objects.order_by("pk")
    assert "registrert som 2 koblede saker" in html
    for text in (
        f"Sak {health.pk}",
        f"Sak {nav.pk}",
        "Team 1 (1–15)",
        "NAV Demo",
        "Født den 4. i måneden (dag 1–15) → Team 1 (1–15)",
        "Søknaden gjelder «Økonomisk sosialhjelp» → NAV Demo",
        "Helse og omsorg",
        "Sosiale tjenester i NAV",
    ):
        assert text in html
    with django_assert_max_num_queries(CASE_PAGE_QUERIES):
        page = client.get(reverse("casework:case", args=[health.pk])).content.decode()
    assert "Koblede saker fra samme søknad" in page and f"Sak {nav.pk}" in page
    assert client.get(reverse("casework:case", args=[nav.pk])).status_code == 404  # another area
    assert f"Sak {nav.pk}</a>: Sosiale tjenester i NAV – Mottatt" in page
    # The health case shows its own wish, not the NAV wish of its sibling.
    wishes = page.split("Ønsker</dt><dd>")[1].split("</dd>")[0]
    assert wishes == home.name


def test_the_inquiry_words_prefill_the_application_and_need_not_be_typed_again(
    client, world, reception, person
):
    inquiry = intake.inquiry_register(
        acting_user=reception,
        municipality=person.municipality,
        person=person,
        channel="phone",
        about="Datteren ringer: mor klarer ikke stell lenger.",
    )
    client.force_login(reception)
    url = reverse("casework:application_create") + f"?person={person.pk}&henvendelse={inquiry.pk}"
    form = client.get(url).content.decode()
    assert "Datteren ringer: mor klarer ikke stell lenger.</textarea>" in form
    case = services.application_receive(
        acting_user=world["office_leader"],
        municipality=person.municipality,
        person=person,
        inquiry=inquiry,
        signed_by="person",
        received_on=TODAY,
    )
    assert case.application.need == "Datteren ringer: mor klarer ikke stell lenger."
    assert Inquiry.objects.get().outcome == "application"


def test_api_fills_the_need_from_the_inquiry_and_returns_every_case(
    client, world, case_worker, person, both, municipality
):
    home, money = both
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=case_worker)}"}

    def post(path, body):
        return client.post(f"/api/v1{path}", json.dumps(body), content_type="application/json", **headers)

    inquiry = post(
        "/inquiries", {"person_id": person.pk, "channel": "phone", "about": "Trenger stell og penger."}
    )
    assert inquiry.status_code == 201, inquiry.content
    other = factories.person(municipality, first_name="Ola")
    wrong = post(
        "/applications",
        {"person_id": other.pk, "inquiry_id": inquiry.json()["id"], "signed_by": "person"},
    )
    assert wrong.status_code == 422 and "inquiry_id" in wrong.content.decode()
    receipt = post(
        "/applications",
        {
            "person_id": person.pk,
            "inquiry_id": inquiry.json()["id"],
            "signed_by": "person",
            "wished_service_ids": [home.pk, money.pk],
        },
    )
    assert receipt.status_code == 201, receipt.content
    body = receipt.json()
    assert [(c["service_area"], c["routed_to"]) for c in body["cases"]] == [
        ("health_care", "Team 1 (1–15)"),
        ("social", "NAV Demo"),
    ]
    assert body["case_id"] == body["cases"][0]["case_id"]
    assert Application.objects.get().need == "Trenger stell og penger."
    empty = post("/applications", {"person_id": person.pk, "signed_by": "person"})
    assert empty.status_code == 422 and "need" in empty.content.decode()


# Who signs: the person alone from 18; under 18 someone with parental responsibility or a guardian.


@pytest.fixture
def child(municipality):
    return factories.person(municipality, first_name="Emil", last_name="Berg", birth_date=D(2016, 5, 10))


def test_a_ten_year_old_cannot_sign_their_own_application(world, case_worker, child):
    with pytest.raises(ValidationError) as caught:
        receive_all(case_worker, child)
    assert list(caught.value.message_dict) == ["signed_by"]
    assert "under 18 år" in str(caught.value)
    assert not Application.objects.exists()


def test_a_child_is_signed_for_by_a_parent_with_parental_responsibility_or_a_guardian(
    world, case_worker, child
):
    mother = factories.relative(child, name="Kari Berg", relation="parent", representation="foreldre")
    power = factories.relative(child, name="Nabo Nils", relation="other", representation="fullmakt")
    with pytest.raises(ValidationError) as caught:
        receive_all(case_worker, child, signed_by="representative", representative=power)
    assert list(caught.value.message_dict) == ["representative"]
    assert "foreldreansvar" in str(caught.value)
    [case] = receive_all(case_worker, child, signed_by="representative", representative=mother)
    assert case.application.representative == mother
    guardian = factories.relative(child, name="Verge Vera", relation="guardian", representation="verge")
    assert receive_all(case_worker, child, signed_by="representative", representative=guardian)


def test_the_age_counts_on_the_day_the_application_was_received(world, case_worker, municipality):
    eighteen_today = factories.person(municipality, first_name="Ida", birth_date=D(2008, 11, 23))
    assert receive_all(case_worker, eighteen_today)
    seventeen = factories.person(municipality, first_name="Siv", birth_date=D(2008, 11, 24))
    with pytest.raises(ValidationError):
        receive_all(case_worker, seventeen)


def test_parental_responsibility_does_not_sign_for_an_adult(world, case_worker, person):
    parent = factories.relative(person, name="Gammel Berg", relation="parent", representation="foreldre")
    with pytest.raises(ValidationError) as caught:
        receive_all(case_worker, person, signed_by="representative", representative=parent)
    assert "fullmakt" in str(caught.value)


def test_the_api_refuses_a_child_signing_with_a_norwegian_422(client, world, case_worker, child):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=case_worker)}"}
    response = client.post(
        "/api/v1/applications",
        json.dumps({"person_id": child.pk, "need": "Hjelp", "signed_by": "person"}),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 422
    assert "signed_by" in response.content.decode() and "under 18" in response.content.decode()
