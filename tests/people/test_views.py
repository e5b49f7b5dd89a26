"""The person pages: need-to-know, logging, masking, forms and a bounded number of queries."""

import datetime

import pytest
from django.urls import reverse

from helhet.access.models import AccessLog
from helhet.access.services import access_log_write_many
from helhet.people.models import Person
from tests import factories


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def test_person_page_shows_masked_number_and_logs_the_read(as_user, case_worker, kari):
    response = as_user(case_worker).get(reverse("people:detail", args=[kari.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert kari.masked_national_id in html
    assert kari.national_id not in html
    log = AccessLog.objects.get(person=kari, action="read")
    assert log.user == case_worker
    assert log.reason == "Saksbehandler i helse og omsorg (tjenestekontoret)"


def test_revealing_the_full_number_is_logged_separately(as_user, case_worker, kari):
    response = as_user(case_worker).post(
        reverse("people:national_id", args=[kari.pk]), HTTP_HX_REQUEST="true"
    )
    assert kari.national_id in response.content.decode()
    assert AccessLog.objects.filter(person=kari, what="Fullt fødselsnummer").count() == 1


def test_reception_cannot_reveal_the_full_number(as_user, reception, kari):
    assert as_user(reception).post(reverse("people:national_id", args=[kari.pk])).status_code == 404


@pytest.mark.parametrize("who", ["nurse", "analyst", "outsider"])
def test_without_need_to_know_the_page_is_not_found_and_only_the_refusal_logged(as_user, request, who, kari):
    user = request.getfixturevalue(who)
    response = as_user(user).get(reverse("people:detail", args=[kari.pk]))
    assert response.status_code == 404
    assert "Fant ikke siden" in response.content.decode()
    # Nothing was read; the attempt stands in Kari's log as refused, with why.
    row = AccessLog.objects.get()
    assert (row.person_id, row.user_id, row.action) == (kari.pk, user.pk, "refused")
    assert row.reason.startswith("Avvist: ")


def test_nurse_sees_a_person_in_her_units_care(as_user, nurse, kari_in_home_care):
    response = as_user(nurse).get(reverse("people:detail", args=[kari_in_home_care.pk]))
    assert response.status_code == 200
    assert "Hjemmesykepleien sone Nord" in response.content.decode()


def test_anonymous_users_are_sent_to_log_in(client, kari):
    response = client.get(reverse("people:detail", args=[kari.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_search_finds_by_name_birth_date_and_number_and_logs_each_hit(
    as_user, case_worker, municipality, kari
):
    factories.person(municipality, first_name="Per", last_name="Hansen", birth_date=datetime.date(1971, 1, 2))
    client = as_user(case_worker)
    for query in ("nord", "kari nord", kari.birth_date.strftime("%d%m%y"), kari.national_id):
        html = client.get(reverse("people:list"), {"q": query}).content.decode()
        assert "Nordmann, Kari" in html, query
        assert "Hansen" not in html
    assert AccessLog.objects.filter(person=kari, action="search").count() == 4


def test_a_one_letter_search_is_refused_with_a_hint(as_user, reception):
    html = as_user(reception).get(reverse("people:list"), {"q": "k"}).content.decode()
    assert "Skriv minst to tegn" in html


def test_provider_staff_get_their_caseload_instead_of_search(as_user, nurse, kari_in_home_care, municipality):
    factories.person(municipality, first_name="Per", last_name="Hansen")
    html = as_user(nurse).get(reverse("people:list")).content.decode()
    assert "Nordmann, Kari" in html
    assert "Hansen" not in html


def test_analysts_are_refused_the_person_list(as_user, analyst):
    assert as_user(analyst).get(reverse("people:list")).status_code == 403


def test_register_form_shows_norwegian_errors_and_saves_nothing(as_user, reception):
    response = as_user(reception).post(
        reverse("people:create"), {"national_id": "15108695077", "first_name": "", "last_name": "Nordmann"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kontrollsifrene stemmer ikke" in html
    assert "Feltet er påkrevet." in html
    assert 'aria-invalid="true"' in html
    assert not Person.objects.exists()


def test_register_form_creates_the_person(as_user, reception, municipality):
    number = factories.synthetic_id()
    response = as_user(reception).post(
        reverse("people:create"),
        {
            "national_id": number,
            "first_name": "Ola",
            "last_name": "Nordmann",
            "zone": factories.zone(municipality).pk,
        },
    )
    person = Person.objects.get(national_id=number)
    assert response["Location"] == reverse("people:detail", args=[person.pk])
    assert person.zone.name == "Nord"


def test_edit_form_reports_a_conflict_instead_of_overwriting(as_user, case_worker, kari):
    client = as_user(case_worker)
    data = {
        "national_id": kari.national_id,
        "first_name": "Kari",
        "last_name": "Nordmann",
        "version": kari.version,
    }
    assert (
        client.post(reverse("people:edit", args=[kari.pk]), {**data, "phone": "40000001"}).status_code == 302
    )
    response = client.post(reverse("people:edit", args=[kari.pk]), {**data, "phone": "40000002"})
    assert "Noen andre har endret dette" in response.content.decode()
    kari.refresh_from_db()
    assert kari.phone == "40000001"


def test_access_log_page_shows_who_read_what_and_why(as_user, leader, nurse, kari_in_home_care):
    """The leader of home care reads the entries of the nurse in home care."""
    as_user(nurse).get(reverse("people:detail", args=[kari_in_home_care.pk]))
    html = as_user(leader).get(reverse("people:access_log", args=[kari_in_home_care.pk])).content.decode()
    assert "Test Tjenesteyter" in html
    assert "Personside: personalia, pårørende og oversikt (saker, vedtak" in html
    assert "Mottar helsetjenester i hjemmet" in html


def test_provider_staff_cannot_read_the_access_log(as_user, nurse, kari_in_home_care):
    assert as_user(nurse).get(reverse("people:access_log", args=[kari_in_home_care.pk])).status_code == 404


def _populate(municipality, unit, persons: int, relatives: int, log_rows: int, reader):
    people = [
        factories.person(municipality, first_name=f"Navn{i}", last_name="Nordmann") for i in range(persons)
    ]
    for p in people:
        factories.responsibility(p, unit=unit)
        for r in range(relatives):
            factories.relative(p, name=f"Pårørende {r}")
    access_log_write_many(user=reader, persons=[people[0]] * log_rows, what="x", reason="y")
    return people[0]


@pytest.mark.parametrize(("persons", "relatives", "log_rows"), [(3, 1, 2), (120, 6, 400)])
def test_person_pages_use_a_bounded_number_of_queries(
    as_user,
    django_assert_max_num_queries,
    case_worker,
    nurse,
    municipality,
    home_care,
    persons,
    relatives,
    log_rows,
):
    first = _populate(municipality, home_care, persons, relatives, log_rows, nurse)
    client = as_user(case_worker)
    # Each page's access-log insert reads the chain's last row (and on PostgreSQL takes its lock first).
    with django_assert_max_num_queries(11):
        assert client.get(reverse("people:list"), {"q": "nord"}).status_code == 200
    # The person at a glance adds the viewer's units and areas, cases, decisions, meetings, inquiries and plan.
    with django_assert_max_num_queries(20):  # with the menu's inbox count and the footer's contact
        assert client.get(reverse("people:detail", args=[first.pk])).status_code == 200
    with django_assert_max_num_queries(
        16
    ):  # with each reader's unit on the day and role, the menu's inbox count (and the chain on PostgreSQL)
        assert client.get(reverse("people:access_log", args=[first.pk])).status_code == 200
    nurse_client = as_user(nurse)
    with django_assert_max_num_queries(14):
        assert nurse_client.get(reverse("people:list")).status_code == 200
    with django_assert_max_num_queries(22):
        assert nurse_client.get(reverse("people:detail", args=[first.pk])).status_code == 200
