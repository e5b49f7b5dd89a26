"""Who reads which part of a person's access log (tilgangslogg): the municipality's administrator reads it
whole; a leader, a case worker read only the entries of the staff of their own units (today) and their own,
and the page, the CSV and the API say so. The API shows exactly what the page shows."""

import csv
import io

import pytest
from django.urls import reverse

from helhet.access.services import access_log_write
from helhet.intake import services as intake
from tests.access.conftest import nav_case

pytestmark = pytest.mark.django_db

NOTICE = "Du ser bare oppføringene til de ansatte i enhetene dine"


@pytest.fixture
def forwarded(client, world, reception, nurse, leader, kari):
    """Kari applied for financial assistance at the desk (reception registered it: «Registrerte søknad»), then
    phoned about help at home; the inquiry was forwarded to home care, where the nurse read her page."""
    nav_case(world, kari, acting_user=reception)
    inquiry = intake.inquiry_register(
        acting_user=reception,
        municipality=kari.municipality,
        channel="phone",
        about="Hjelp hjemme",
        person=kari,
    )
    intake.inquiry_forward(
        acting_user=reception, inquiry=inquiry, to_unit=world["home_care"], reason="Hjemmesykepleie"
    )
    client.force_login(nurse)
    assert client.get(reverse("people:detail", args=[kari.pk])).status_code == 200
    client.logout()
    return kari


def _page(client, person):
    response = client.get(reverse("people:access_log", args=[person.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _csv(client, person):
    response = client.get(reverse("people:access_log", args=[person.pk]), {"eksport": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body), delimiter=";"))


def _api(client, person):
    response = client.get(f"/api/v1/persons/{person.pk}/access-log")
    assert response.status_code == 200
    return response.json()


def test_a_unit_leader_reads_only_the_entries_of_the_units_staff_and_their_own(client, forwarded, leader):
    client.force_login(leader)
    html = _page(client, forwarded)
    assert NOTICE in html
    assert "personvernombudet" in html
    assert "Registrerte søknad" not in html
    assert "Test Tjenesteyter" in html  # the nurse works in the leader's unit
    rows = _csv(client, forwarded)
    assert rows[0][0].startswith(NOTICE)
    assert rows[1][:2] == ["Tidspunkt", "Hvem"]
    body = "\n".join(";".join(row) for row in rows)
    assert "Registrerte søknad" not in body
    assert "Tjenestekontoret" not in body
    assert "Test Tjenesteyter" in body
    assert "Tilgangslogg" in body  # the leader's own reads
    api = _api(client, forwarded)
    assert api["whole_log"] is False
    assert api["notice"].startswith(NOTICE)
    assert "Registrerte søknad" not in {item["what"] for item in api["items"]}
    assert {item["user"] for item in api["items"]} <= {"Test Tjenesteyter", leader.display_name}


def test_the_administrator_reads_the_whole_log_without_the_notice(client, forwarded, admin_user):
    client.force_login(admin_user)
    html = _page(client, forwarded)
    assert NOTICE not in html
    assert "Registrerte søknad" in html
    rows = _csv(client, forwarded)
    assert rows[0][:2] == ["Tidspunkt", "Hvem"]
    assert any("Registrerte søknad" in row for row in rows)
    api = _api(client, forwarded)
    assert api["whole_log"] is True
    assert api["notice"] == ""
    assert "Registrerte søknad" in {item["what"] for item in api["items"]}


def test_a_case_worker_sees_the_desk_of_the_own_unit_but_not_home_care(client, forwarded, case_worker):
    """The case worker works at the service office, as does reception: the desk's entries are in, the
    nurse's in home care are not."""
    client.force_login(case_worker)
    html = _page(client, forwarded)
    assert NOTICE in html
    assert "Registrerte søknad" in html
    assert "Test Tjenesteyter" not in html
    assert "Test Tjenesteyter" not in {item["user"] for item in _api(client, forwarded)["items"]}


def test_the_partial_log_takes_a_bounded_number_of_queries(
    client, forwarded, leader, nurse, django_assert_max_num_queries
):
    for number in range(30):
        access_log_write(user=nurse, person=forwarded, action="read", what=f"Oppslag {number}", reason="Test")
    client.force_login(leader)
    _page(client, forwarded)
    with django_assert_max_num_queries(25):
        html = _page(client, forwarded)
    assert "Oppslag 29" in html
