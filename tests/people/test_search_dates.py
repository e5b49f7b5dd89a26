"""The register search understands a birth date the way Helhet itself writes one (issue 10: 08.01.1928
found nothing)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import formats

from tests import factories

BORN = datetime.date(1928, 1, 8)


@pytest.fixture
def ingrid(municipality):
    return factories.person(municipality, first_name="Ingrid", last_name="Moe", birth_date=BORN)


@pytest.fixture
def other(municipality):
    return factories.person(
        municipality, first_name="Per", last_name="Hansen", birth_date=datetime.date(1928, 8, 1)
    )


@pytest.mark.parametrize(
    "query",
    [
        "08.01.1928",  # the person list and every page: date:"d.m.Y"
        "8.1.1928",
        "08.01.28",
        "08/01/1928",
        "1928-01-08",  # ISO, as the API writes it
        "8. januar 1928",  # the receipt: date:"j. F Y"
        "8. jan 1928",
        "08011928",
        "080128",
        " 08.01.1928 ",
    ],
)
def test_search_finds_a_person_by_each_date_format_the_app_shows(client, case_worker, ingrid, other, query):
    client.force_login(case_worker)
    html = client.get(reverse("people:list"), {"q": query}).content.decode()
    assert "Moe, Ingrid" in html, query
    assert "Hansen" not in html, query


def test_the_date_as_the_person_list_shows_it_finds_the_person(client, case_worker, ingrid):
    client.force_login(case_worker)
    shown = formats.date_format(ingrid.birth_date, "d.m.Y")
    assert shown == "08.01.1928"
    assert "Moe, Ingrid" in client.get(reverse("people:list"), {"q": shown}).content.decode()


@pytest.mark.parametrize("query", ["31.02.1928", "99.99.9999", "0.0.0000", "32. januar 1928"])
def test_an_impossible_date_finds_nobody_and_never_fails(client, case_worker, ingrid, query):
    client.force_login(case_worker)
    response = client.get(reverse("people:list"), {"q": query})
    assert response.status_code == 200
    assert "Moe, Ingrid" not in response.content.decode()


def test_eight_digits_still_find_by_the_start_of_the_national_id(client, case_worker, ingrid):
    client.force_login(case_worker)
    html = client.get(reverse("people:list"), {"q": ingrid.national_id[:8]}).content.decode()
    assert "Moe, Ingrid" in html
